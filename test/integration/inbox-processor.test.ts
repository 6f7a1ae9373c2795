import { openDatabase, type Database } from '../../src/db/client.ts';
import { InboxProcessor } from '../../src/channels/inbox-processor.ts';
import type { InboundMessage } from '../../src/domain/messages.ts';
import { createLogger } from '../../src/log.ts';
import { finishAndClaim, storeMany } from '../../src/services/inbox.ts';
import { freshDatabase } from '../helpers/db.ts';
import { waitFor } from '../helpers/process.ts';

interface Handled { processor: string; inboxId: number; from: string; started: number; ended: number }

const log = createLogger('silent');
const text = (from: string, n: number): InboundMessage => ({
  channel: 'wecom', dedupeKey: `msg:${from}:${n}`, from, createdAt: new Date().toISOString(), kind: 'text', text: `第${n}条`,
});

describe('two inbox processors on one database (two processes of one deployment)', () => {
  let first: Database;
  let second: Database;
  beforeAll(async () => {
    const fresh = await freshDatabase();
    first = fresh.database;
    second = await openDatabase({ databaseUrl: fresh.url, dataDir: '/nonexistent' });
  });
  afterAll(async () => { await first.close(); await second.close(); });

  it('hand every message to exactly one of them, each sender\'s one at a time in arrival order', async () => {
    let tick = 0;
    const handled: Handled[] = [];
    const recording = (processor: string) => async (msg: InboundMessage, { inboxId }: { inboxId: number }) => {
      const started = ++tick;
      await new Promise((r) => setTimeout(r, Math.random() * 4));
      handled.push({ processor, inboxId, from: msg.from, started, ended: ++tick });
    };
    // Each holds at most two senders' rows at a time, so five senders keep both of them busy side by side.
    const a = new InboxProcessor({ database: first, log, dispatch: recording('a'), stepEveryMs: 1, batchSize: 2 });
    const b = new InboxProcessor({ database: second, log, dispatch: recording('b'), stepEveryMs: 1, batchSize: 2 });
    const senders = ['zhangwei', 'wangfang', 'lina', 'liuyang', 'chenjing'];
    const stored: { id: number; from: string }[] = [];
    for (let n = 1; n <= 12; n++) {
      const msgs = senders.map((s) => text(s, n));
      (await storeMany(first.db, msgs)).forEach((r, i) => stored.push({ id: r.id, from: msgs[i].from }));
    }
    a.kick(senders[0]);
    b.kick(senders[0]);
    await waitFor(() => handled.length >= stored.length, 20_000, 'every message to be handled');
    await Promise.all([a.idle(), b.idle()]);
    await Promise.all([a.stop(), b.stop()]);

    expect(handled.map((h) => h.inboxId).sort((x, y) => x - y)).toEqual(stored.map((s) => s.id).sort((x, y) => x - y));
    for (const sender of senders) {
      const mine = handled.filter((h) => h.from === sender).sort((x, y) => x.started - y.started);
      expect(mine.map((h) => h.inboxId)).toEqual(stored.filter((s) => s.from === sender).map((s) => s.id));
      for (let i = 1; i < mine.length; i++) expect(mine[i].started).toBeGreaterThan(mine[i - 1].ended);
    }
    const { rows } = await first.pool.query(`select status, count(*)::int as n from inbox group by status`);
    expect(rows).toEqual([{ status: 'done', n: stored.length }]);
  });

  it('takes over a row whose lease ran out (its process died) and leaves a live lease alone', async () => {
    const [dead] = await storeMany(first.db, [text('zhaolei', 1)]);
    const [live] = await storeMany(first.db, [text('sunli', 1)]);
    // One process leased both, then "died" holding zhaolei's row with a lease that has run out.
    const leased = await finishAndClaim(first.db, { doneIds: [], limit: 10, leaseMs: 60_000 });
    expect(leased.map((r) => r.id).sort()).toEqual([dead.id, live.id].sort());
    await first.pool.query(`update inbox set locked_until = now() - interval '1 second' where id = $1`, [dead.id]);

    const handled: number[] = [];
    const survivor = new InboxProcessor({ database: second, log, dispatch: async (_msg, { inboxId }) => { handled.push(inboxId); } });
    await survivor.sweep();
    await survivor.idle();
    await survivor.stop();
    expect(handled).toEqual([dead.id]);
    const { rows } = await first.pool.query(`select id, status, attempts from inbox where id = any($1) order by id`, [[dead.id, live.id]]);
    expect(rows.map((r) => [Number(r.id), r.status, r.attempts])).toEqual(
      [[dead.id, 'done', 2], [live.id, 'pending', 1]].sort((x, y) => Number(x[0]) - Number(y[0])),
    );
  });
  it('adopts a row it stored born leased without writing a lease, but only once its sender\'s older row, held by the other process, is done', async () => {
    const events: string[] = [];
    const slow = (name: string) => async (msg: InboundMessage) => {
      events.push(`${name} start ${msg.text}`);
      await new Promise((r) => setTimeout(r, 300));
      events.push(`${name} end ${msg.text}`);
    };
    const a = new InboxProcessor({ database: first, log, dispatch: slow('a'), stepEveryMs: 1 });
    const b = new InboxProcessor({ database: second, log, dispatch: slow('b'), stepEveryMs: 1 });
    const [older] = await storeMany(first.db, [text('zhouqi', 1)]);
    a.kick();
    await waitFor(() => events.includes('a start 第1条'), 5_000, 'the older row to be taken by a');
    // b's callback stores the sender's next message leased to b, and b adopts it.
    const [newer] = await storeMany(second.db, [text('zhouqi', 2)], { leaseMs: 60_000 });
    expect(newer.leased).toBe(true);
    b.adopt(newer.id, text('zhouqi', 2));
    await waitFor(() => events.includes('b end 第2条'), 10_000, 'the newer row to be handled by b');
    await Promise.all([a.idle(), b.idle()]);
    await Promise.all([a.stop(), b.stop()]);
    expect(events).toEqual(['a start 第1条', 'a end 第1条', 'b start 第2条', 'b end 第2条']);
    const { rows } = await first.pool.query(`select id, status, attempts from inbox where id = any($1) order by id`, [[older.id, newer.id]]);
    // The adopted row's only attempt is the one counted when it was stored: no lease was written for it.
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([['done', 1], ['done', 1]]);
  });
});
