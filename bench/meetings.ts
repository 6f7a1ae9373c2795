/**
 * `npm run bench:meetings`: an all-zones meeting for 200 zones × 50 members on a real PostgreSQL (a fresh database).
 * Phase 1 times scheduling it when its first notice is already due, which queues, in one transaction, a notice to
 * each of the 200 zone groups and the 参加/请假 card to each of the 10,000 members (target: under 5 s). Phase 2 sends
 * all of it through the real dispatcher and WeCom client to the simulator over loopback, and counts the calls: the
 * cards must go out as one message/send per 1,000 members.
 */
import { performance } from 'node:perf_hooks';
import { and, eq, sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { offices, outbox, people, zones } from '../src/db/schema/index.ts';
import { clock } from '../src/clock.ts';
import { createLogger } from '../src/log.ts';
import { scheduleMeeting } from '../src/services/meetings.ts';
import { createWecomSimulator } from '../src/simulators/wecom/api.ts';
import { WecomApi } from '../src/channels/wecom/api.ts';
import { wecomSenders } from '../src/channels/wecom/senders.ts';
import { groupSenders } from '../src/channels/groups/group-channel.ts';
import { appchatGroup } from '../src/channels/groups/appchat.ts';
import { Dispatcher } from '../src/channels/dispatcher.ts';
import { adminQuery, urlFor } from '../test/helpers/pg.ts';

const ZONES = 200;
const MEMBERS_PER_ZONE = 50;
const TARGET_MS = 5000;
const APP = { corpId: 'wwbenchcorp', secret: 'bench-secret', agentId: 1000002 };

async function main() {
  const dbName = `dudao_bench_meetings_${process.pid}`;
  await adminQuery(`CREATE DATABASE ${dbName}`);
  const log = createLogger('warn');
  const database = await openDatabase({ databaseUrl: urlFor(dbName), dataDir: '/tmp' });
  const sim = createWecomSimulator(APP);
  const platform = await sim.listen();
  try {
    await migrate(database);
    const { db } = database;
    clock.set(new Date('2026-05-25T09:00:00+08:00'));
    const [office] = await db.insert(offices).values({ name: '压测督导室', noticePrefix: '压督' }).returning();
    const zoneRows = await db.insert(zones).values(Array.from({ length: ZONES }, (_, z) => ({
      officeId: office!.id, name: `第${z + 1}督学责任区`, wecomChatId: `benchzone${z + 1}`,
    }))).returning();
    for (const z of zoneRows) sim.addChat({ chatid: z.wecomChatId!, name: z.name, userlist: ['a', 'b'] });
    const members = zoneRows.flatMap((z, zi) => Array.from({ length: MEMBERS_PER_ZONE }, (_, i) => ({
      officeId: office!.id, name: `督学${zi}-${i}`, mobile: `139${String(zi * MEMBERS_PER_ZONE + i).padStart(8, '0')}`,
      roles: ['supervisor' as const], zoneId: z.id, wecomUserId: `u${zi}x${i}`,
    })));
    for (let i = 0; i < members.length; i += 1000) await db.insert(people).values(members.slice(i, i + 1000));
    console.log(`meetings bench: ${ZONES} zones × ${MEMBERS_PER_ZONE} members = ${members.length} members (PostgreSQL ${dbName})`);

    // Phase 1: schedule an all-zones meeting three days out; its first notice is due now, so it is queued at once.
    const started = performance.now();
    const meeting = await scheduleMeeting(db, { kind: 'office', officeId: office!.id, adminId: 0 }, {
      zoneId: null, startsAt: new Date('2026-05-28T14:30:00+08:00'), place: '区教委3楼会议室', agenda: '学期工作总结',
    });
    const queueMs = performance.now() - started;
    const [{ n: queued }] = await db.select({ n: sql<number>`count(*)::int` }).from(outbox);
    const [{ n: cards }] = await db.select({ n: sql<number>`count(*)::int` }).from(outbox).where(eq(outbox.fanout, `meeting:${meeting.id}:v1:card`));
    console.log(`  queue:    ${queueMs.toFixed(0).padStart(6)} ms for ${queued} outbox rows (${cards} cards, ${queued - cards} group notices)  target < ${TARGET_MS} ms  ${queueMs < TARGET_MS ? 'OK' : 'TOO SLOW'}`);

    // Phase 2: send it all through the dispatcher to the simulator.
    const api = new WecomApi({ ...APP, baseUrl: platform.url, database, log });
    const opts = { api, db, dataDir: '/tmp' };
    const dispatcher = new Dispatcher({ database, log, senders: { ...wecomSenders(opts), ...groupSenders([appchatGroup(opts)]) }, batchSize: 50 });
    const sendStart = performance.now();
    for (let pass = 0; pass < 10_000; pass++) {
      if ((await dispatcher.runOnce()) === 0) break;
    }
    const sendMs = performance.now() - sendStart;
    const [{ n: sent }] = await db.select({ n: sql<number>`count(*)::int` }).from(outbox).where(eq(outbox.status, 'sent'));
    const [{ n: left }] = await db.select({ n: sql<number>`count(*)::int` }).from(outbox).where(and(eq(outbox.status, 'pending')));
    const sends = sim.calls('/cgi-bin/message/send');
    const sizes = sends.map((c) => String(c.to ?? '').split('|').length);
    console.log(`  dispatch: ${sendMs.toFixed(0).padStart(6)} ms for ${sent} rows sent (${left} left): ${sends.length} message/send calls (largest ${Math.max(...sizes)} recipients), ${sim.calls('/cgi-bin/appchat/send').length} appchat/send calls`);
  } finally {
    await platform.close();
    await database.close();
    await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
