/**
 * Several real worker processes (`src/main.ts --role=worker`) on one PostgreSQL database: Agenda's lock runs a pass
 * once, and a worker killed half way through a pass is finished by another, with every card sent once. What was
 * received is read from the WeCom simulator the workers send to.
 */
import fs from 'node:fs';
import pg from 'pg';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { assignments, offices, people, schools, zones } from '../../src/db/schema/index.ts';
import { clock } from '../../src/clock.ts';
import { createAgenda } from '../../src/jobs/agenda.ts';
import { JOBS } from '../../src/jobs/index.ts';
import { createLogger } from '../../src/log.ts';
import { planVisit } from '../../src/services/visits.ts';
import { createWecomSimulator, type WecomSimulator } from '../../src/simulators/wecom/api.ts';
import { freshDatabaseUrl } from '../helpers/db.ts';
import { runMain, waitFor, type Child } from '../helpers/process.ts';
import { V3, WECOM_ENV } from '../helpers/wecom.ts';

const SUPERVISORS = 600;
const DAY = '2026-06-03';
const FIRING = new Date(`${DAY}T00:00:00+08:00`);

let url: string;
let database: Database;
let sim: WecomSimulator;
let platform: { url: string; close(): Promise<void> };
let dataDir: string;
const children: Child[] = [];

/** An office with one school per supervisor and a visit planned at each on DAY, planned the usual way. */
async function seed(db: Database['db']): Promise<void> {
  const [office] = await db.insert(offices).values({ name: '压力测试督导室', noticePrefix: '压督' }).returning();
  const [zone] = await db.insert(zones).values({ officeId: office!.id, name: '第一责任区' }).returning();
  const list = await db.insert(schools).values(Array.from({ length: SUPERVISORS }, (_, i) => ({ officeId: office!.id, zoneId: zone!.id, name: `第${i + 1}小学`, type: '小学' }))).returning();
  const sups = await db.insert(people).values(Array.from({ length: SUPERVISORS }, (_, i) => ({
    officeId: office!.id, name: `督学${i + 1}`, mobile: `139${String(i).padStart(8, '0')}`, roles: ['supervisor' as const], zoneId: zone!.id, wecomUserId: `sup${i + 1}`,
  }))).returning();
  await db.insert(assignments).values(sups.map((p, i) => ({ supervisorId: p.id, schoolId: list[i]!.id, startsOn: '2026-03-01' })));
  clock.set(new Date('2026-05-29T10:00:00+08:00'));
  for (const [i, p] of sups.entries()) await planVisit(db, { personId: p.id, schoolId: list[i]!.id, plannedOn: DAY, content: '课堂教学' });
  clock.reset();
}

function worker(name: string): Child {
  const child = runMain({
    ...WECOM_ENV, WECOM_API_BASE: platform.url, DATABASE_URL: url, DATA_DIR: path.join(dataDir, name), PUBLIC_BASE_URL: 'https://dudao.example.cn',
    JOB_LOCK_MS: '3000', OUTBOX_LEASE_MS: '3000', LOG_LEVEL: 'warn',
  }, ['--role=worker']);
  children.push(child);
  return child;
}

/** Cards each supervisor received (platform duplicates, which WeCom drops, not counted). */
function cardsBySupervisor(): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of sim.sent()) {
    if (!c.path.endsWith('/message/send') || c.errcode !== 0 || c.duplicate) continue;
    if ((c.body as { msgtype?: string }).msgtype !== 'template_card') continue;
    out.set(String(c.to), (out.get(String(c.to)) ?? 0) + 1);
  }
  return out;
}

async function morningRows(): Promise<number> {
  const r = await database.pool.query(`select count(*)::int as n from outbox where idempotency_key like 'visit:%:morning:${DAY}'`);
  return r.rows[0].n as number;
}

beforeEach(async () => {
  url = await freshDatabaseUrl();
  database = await openDatabase({ databaseUrl: url, dataDir: '/nonexistent' });
  await seed(database.db);
  sim = createWecomSimulator({ corpId: V3.corpId, secret: WECOM_ENV.WECOM_SECRET!, agentId: V3.agentId });
  platform = await sim.listen();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dudao-workers-'));
}, 120_000);

afterEach(async () => {
  for (const c of children.splice(0)) await c.stop();
  await platform.close();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Asks, as the sandbox or any client would, for one firing of the morning-card job; a worker takes it. */
async function requestMorning(): Promise<void> {
  const agenda = createAgenda(database, createLogger('silent'));
  await agenda.now('visits.morning-cards', { at: FIRING.toISOString() });
}

it('two workers started together share one schedule and send every card once', async () => {
  const a = worker('a');
  const b = worker('b');
  await waitFor(async () => {
    const r = await database.pool.query("select count(*)::int as n from agenda_jobs where type = 'single' and name = 'visits.morning-cards'");
    return r.rows[0].n === 1;
  }, 60_000, 'both workers to start and schedule the jobs');
  await requestMorning();
  await waitFor(() => cardsBySupervisor().size === SUPERVISORS, 90_000, `all ${SUPERVISORS} cards to reach WeCom`);
  await new Promise((r) => setTimeout(r, 1500));
  const counts = cardsBySupervisor();
  expect([...counts.values()].every((n) => n === 1)).toBe(true);
  expect(counts.size).toBe(SUPERVISORS);
  const runs = await database.pool.query("select status from job_runs where name = 'visits.morning-cards'");
  expect(runs.rows).toEqual([{ status: 'ok' }]);
  const singles = await database.pool.query("select name from agenda_jobs where type = 'single' order by name");
  expect(singles.rows.map((r) => r.name)).toEqual(JOBS.map((j) => j.name).sort());
  expect(a.proc.exitCode).toBeNull();
  expect(b.proc.exitCode).toBeNull();
}, 180_000);

it('a worker killed in the middle of a pass leaves the rest to the next worker, which sends nothing twice', async () => {
  const first = worker('first');
  await waitFor(async () => {
    const r = await database.pool.query("select count(*)::int as n from agenda_jobs where type = 'single'");
    return r.rows[0].n >= JOBS.length;
  }, 60_000, 'the first worker to start');
  // Hold the pass half way: an uncommitted row with the key of a card in its second batch makes that batch's insert
  // wait (the unique key), after the first batch has been committed. The row is rolled back, never sent.
  const held = new pg.Client({ connectionString: url });
  await held.connect();
  const visit = await held.query('select id from visits order by id offset 300 limit 1');
  await held.query('begin');
  await held.query(`insert into outbox (idempotency_key, channel, recipient, segment, message) values ($1, 'wecom.app', 'nobody', 'wecom.app:nobody', '{}')`,
    [`visit:${visit.rows[0].id}:morning:${DAY}`]);
  await requestMorning();
  await waitFor(async () => (await morningRows()) === 200, 60_000, 'the first batch of the pass to be committed');
  first.proc.kill('SIGKILL');
  await first.exited;
  // The dead worker's connection still waits inside PostgreSQL (a backend notices its client is gone only when it
  // next talks to it): end it, as the server would on its own sooner or later, before letting the held key go.
  await held.query(`select pg_terminate_backend(pid) from pg_stat_activity
    where datname = current_database() and pid <> pg_backend_pid() and wait_event_type = 'Lock'`);
  await held.query('rollback');
  await held.end();
  expect(await morningRows()).toBe(200);

  worker('second');
  await waitFor(async () => (await morningRows()) === SUPERVISORS && cardsBySupervisor().size === SUPERVISORS, 120_000, 'the second worker to finish the pass and send');
  await new Promise((r) => setTimeout(r, 1500));
  const counts = cardsBySupervisor();
  expect(counts.size).toBe(SUPERVISORS);
  expect([...counts.entries()].filter(([, n]) => n !== 1)).toEqual([]);
  const runs = await database.pool.query("select status, error from job_runs where name = 'visits.morning-cards' order by id");
  expect(runs.rows).toEqual([
    { status: 'failed', error: 'the worker stopped during this run; another worker ran it again' },
    { status: 'ok', error: null },
  ]);
}, 240_000);
