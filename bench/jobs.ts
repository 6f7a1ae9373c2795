/**
 * `npm run bench:jobs`: the calendar's passes at province scale. A fresh PostgreSQL database gets 20 offices with
 * 50,000 schools, 10,000 supervisors (200 zones, each with a leader), one school year of submitted visits (1.2
 * million) and 20,000 visits planned over the next month (2,000 of them on one day). This process then runs as the
 * worker role (Agenda started, JOBS defined) and times, each through Agenda: the monthly-quota pass of the 20th
 * (every supervisor's reminder queued), and the morning-card pass of the busy day; then the office's quota table
 * for one month (the API's query). It prints the figures and the worker's RSS. Targets (issue 8): quota pass < 30 s,
 * morning pass < 5 s, quota table < 1 s, worker RSS < 300 MB. The database is dropped at the end.
 */
import { loadConfig } from '../src/config.ts';
import { clock } from '../src/clock.ts';
import { openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { runFiring } from '../src/jobs/runner.ts';
import { createLogger } from '../src/log.ts';
import { startServer } from '../src/server.ts';
import { quotaTable } from '../src/services/visit-quota.ts';
import { adminQuery, urlFor } from '../test/helpers/pg.ts';

const OFFICES = 20;
const ZONES_PER_OFFICE = 10;
const SCHOOLS_PER_ZONE = 250;
const SUPERVISORS_PER_ZONE = 50;
const VISITS_PER_SCHOOL = 24;
const PLANNED = 20_000;
const BUSY_DAY_PLANNED = 2_000;
const BUSY_DAY = '2026-06-22';

const ms = (t0: number) => Math.round(performance.now() - t0);
const mb = () => Math.round(process.memoryUsage().rss / 1024 / 1024);
const heap = () => Math.round(process.memoryUsage().heapUsed / 1024 / 1024);

async function generate(url: string): Promise<void> {
  const database = await openDatabase({ databaseUrl: url, dataDir: '/nonexistent' });
  await migrate(database);
  const q = (sql: string) => database.pool.query(sql);
  await q(`insert into offices (name, notice_prefix) select '第' || g || '区人民政府教育督导室', '督' || g from generate_series(1, ${OFFICES}) g`);
  await q(`insert into zones (office_id, name) select o.id, '第' || z || '督学责任区' from offices o, generate_series(1, ${ZONES_PER_OFFICE}) z`);
  await q(`insert into schools (office_id, zone_id, name, type) select z.office_id, z.id, '责任区' || z.id || '第' || s || '学校', '小学'
           from zones z, generate_series(1, ${SCHOOLS_PER_ZONE}) s`);
  await q(`insert into people (office_id, name, mobile, roles, zone_id, wecom_userid)
           select z.office_id, '督学' || z.id || '-' || p, '1' || lpad((z.id * 100 + p)::text, 10, '0'),
                  (case when p = 1 then '{supervisor,zone_leader}' else '{supervisor}' end)::text[], z.id, 'u' || z.id || '_' || p
           from zones z, generate_series(1, ${SUPERVISORS_PER_ZONE}) p`);
  await q(`insert into assignments (supervisor_id, school_id, starts_on)
           select p.id, s.id, '2025-08-01'
           from (select id, zone_id, row_number() over (partition by zone_id order by id) rn from schools) s
           join (select id, zone_id, row_number() over (partition by zone_id order by id) rn from people) p
             on p.zone_id = s.zone_id and p.rn = (s.rn - 1) / ${SCHOOLS_PER_ZONE / SUPERVISORS_PER_ZONE} + 1`);
  // One school year: 24 submitted visits per school, every 15 days from September, each school on its own days.
  await q(`insert into visits (office_id, school_id, supervisor_id, type, status, planned_on, started_at, finished_at, submitted_at, last_activity_at)
           select s.office_id, s.id, a.supervisor_id, '经常性督导', 'recorded', (x.d at time zone 'Asia/Shanghai')::date, x.d, x.d + interval '2 hours',
                  x.d + interval '3 hours', x.d + interval '3 hours'
           from schools s join assignments a on a.school_id = s.id, generate_series(1, ${VISITS_PER_SCHOOL}) k,
                lateral (select timestamptz '2025-09-01 09:00+08' + ((k - 1) * 15 + (s.id % 15)) * interval '1 day' as d) x`);
  await q(`insert into visits (office_id, school_id, supervisor_id, type, status, planned_on, plan_content)
           select s.office_id, s.id, a.supervisor_id, '经常性督导', 'planned',
                  case when s.id <= ${BUSY_DAY_PLANNED} then date '${BUSY_DAY}' else date '2026-06-23' + (s.id % 27) end, '课堂教学'
           from schools s join assignments a on a.school_id = s.id where s.id <= ${PLANNED}`);
  await q('analyze');
  await database.close();
}

async function main() {
  const name = `dudao_bench_jobs_${Date.now()}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = urlFor(name);
  try {
    let t0 = performance.now();
    await generate(url);
    const counts = await adminCounts(url);
    console.log(`data: ${counts} generated in ${(ms(t0) / 1000).toFixed(1)} s`);

    const config = loadConfig({ PORT: '0', DATABASE_URL: url, DATA_DIR: '/tmp/dudao-bench-jobs', LOG_LEVEL: 'warn', PUBLIC_BASE_URL: 'https://dudao.example.cn' });
    const server = await startServer({ config, roles: { web: false, worker: true }, log: createLogger('warn') });
    console.log(`worker started: RSS ${mb()} MB`);
    let peak = mb();
    const sample = setInterval(() => { peak = Math.max(peak, mb()); }, 50);

    clock.set(new Date('2026-06-20T00:00:00+08:00'));
    t0 = performance.now();
    const quota = await runFiring(server.agenda!, 'visits.monthly-quota', new Date('2026-06-20T00:00:00+08:00'), { timeoutMs: 600_000 });
    const quotaMs = ms(t0);
    const reminders = await server.database.pool.query("select count(*)::int as n from outbox where idempotency_key like 'quota:2026-06:supervisor:%'");
    console.log(`quota pass (day 20, through Agenda): ${quotaMs} ms, ${reminders.rows[0].n} supervisor reminders queued${quota.ok ? '' : ` FAILED: ${quota.error}`}  (target < 30000 ms)`);

    clock.set(new Date(`${BUSY_DAY}T00:00:00+08:00`));
    t0 = performance.now();
    const morning = await runFiring(server.agenda!, 'visits.morning-cards', new Date(`${BUSY_DAY}T00:00:00+08:00`), { timeoutMs: 600_000 });
    const morningMs = ms(t0);
    const cards = await server.database.pool.query(`select count(*)::int as n from outbox where idempotency_key like 'visit:%:morning:${BUSY_DAY}'`);
    console.log(`morning pass (${BUSY_DAY}, through Agenda): ${morningMs} ms, ${cards.rows[0].n} cards queued${morning.ok ? '' : ` FAILED: ${morning.error}`}  (target < 5000 ms)`);

    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < 5; i++) {
      t0 = performance.now();
      rows = (await quotaTable(server.database.db, 1 + (i % OFFICES), '2026-05')).rows.length;
      times.push(ms(t0));
    }
    times.sort((a, b) => a - b);
    console.log(`quota table (one office, 2026-05, ${rows} schools): median ${times[2]} ms, worst ${times[4]} ms  (target < 1000 ms)`);
    clearInterval(sample);
    console.log(`worker RSS: now ${mb()} MB, peak ${Math.max(peak, mb())} MB, JS heap in use ${heap()} MB  (target < 300 MB)`);
    await server.stop();
  } finally {
    clock.reset();
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
  }
}

async function adminCounts(url: string): Promise<string> {
  const database = await openDatabase({ databaseUrl: url, dataDir: '/nonexistent' });
  const r = await database.pool.query(`select (select count(*) from schools) schools, (select count(*) from people) supervisors,
    (select count(*) from visits where status = 'recorded') submitted, (select count(*) from visits where status = 'planned') planned`);
  await database.close();
  const c = r.rows[0];
  return `${c.schools} schools, ${c.supervisors} supervisors, ${c.submitted} submitted visits, ${c.planned} planned`;
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
