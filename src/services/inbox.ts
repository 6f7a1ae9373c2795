/**
 * The inbox: every inbound message is stored once, keyed by (channel, dedupe key), before the platform gets its
 * 200; a retried delivery finds its row and adds nothing. The processor (channels/inbox-processor.ts) then handles
 * the pending rows of each sender in id order.
 */
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { inbox } from '../db/schema/index.ts';
import type { InboundMessage } from '../domain/messages.ts';
import { storableValue } from '../domain/storable-text.ts';

export interface Stored {
  id: number;
  /** False when the same message was stored before (a retry or a duplicate delivery). */
  isNew: boolean;
  /** The new row was stored leased to the caller (storeMany's `leaseMs`): its processor may adopt it. */
  leased?: boolean;
}

export interface InboxRow {
  id: number;
  sender: string;
  /** null for an adopted row (finishAndClaim's `adopt`): the caller has the message. */
  message: InboundMessage;
  attempts: number;
  adopted?: boolean;
}

/** Inserts the message unless its (channel, dedupeKey) is there already. One statement in the common case. */
export async function store(db: DbOrTx, msg: InboundMessage): Promise<Stored> {
  return (await storeMany(db, [msg]))[0];
}

/**
 * Stores several messages with one INSERT … SELECT FROM unnest(…) ON CONFLICT DO NOTHING (one statement, one
 * commit), then looks up the ids of those that were there already. Results are in the order of `msgs`; a message
 * repeated within `msgs` is new only the first time.
 */
export async function storeMany(db: DbOrTx, given: InboundMessage[], opts: { leaseMs?: number } = {}): Promise<Stored[]> {
  // NUL and lone surrogates would make PostgreSQL refuse the whole statement: they are cleaned out first.
  const msgs = given.map(storableValue);
  const keyOf = (m: InboundMessage) => `${m.channel}\u0000${m.dedupeKey}`;
  const unique = [...new Map(msgs.map((m) => [keyOf(m), m])).values()];
  // With leaseMs, new rows are born leased to the caller (one attempt counted), so its processor takes them without
  // writing a lease of its own (finishAndClaim's `adopt`).
  const lease = opts.leaseMs === undefined ? sql`null::timestamptz, 0` : sql`now() + ${opts.leaseMs}::int * interval '1 millisecond', 1`;
  const result = await db.execute(sql`
    insert into inbox (channel, dedupe_key, sender, payload, locked_until, attempts)
    select c, k, s, p, ${lease} from unnest(${sql.param(unique.map((m) => m.channel))}::text[], ${sql.param(unique.map((m) => m.dedupeKey))}::text[],
                         ${sql.param(unique.map((m) => m.from))}::text[], ${sql.param(unique.map((m) => JSON.stringify(m)))}::jsonb[]) as u(c, k, s, p)
    on conflict (channel, dedupe_key) do nothing
    returning id, channel, dedupe_key`);
  const ids = new Map<string, Stored>();
  for (const r of rowsOf<{ id: string | number; channel: string; dedupe_key: string }>(result)) {
    ids.set(`${r.channel}\u0000${r.dedupe_key}`, { id: Number(r.id), isNew: true, leased: opts.leaseMs !== undefined });
  }
  const old = unique.filter((m) => !ids.has(keyOf(m)));
  if (old.length > 0) {
    const existing = await db.execute(sql`
      select id, channel, dedupe_key from inbox
      where (channel, dedupe_key) in (select * from unnest(${sql.param(old.map((m) => m.channel))}::text[], ${sql.param(old.map((m) => m.dedupeKey))}::text[]))`);
    for (const r of rowsOf<{ id: string | number; channel: string; dedupe_key: string }>(existing)) {
      ids.set(`${r.channel}\u0000${r.dedupe_key}`, { id: Number(r.id), isNew: false });
    }
  }
  const seen = new Set<string>();
  return msgs.map((m) => {
    const stored = ids.get(keyOf(m))!;
    const first = !seen.has(keyOf(m));
    seen.add(keyOf(m));
    return { id: stored.id, isNew: stored.isNew && first, ...(stored.leased && first ? { leased: true } : {}) };
  });
}

/** node-postgres and PGlite both answer raw SQL with `{ rows }`. */
const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

/**
 * One step of the processor, in one statement: marks the rows in `doneIds` handled, then leases the oldest pending
 * row of every sender whose oldest pending row is not leased (at most `limit`, oldest first) and counts an attempt
 * on each. A sender's later row is never taken while an older one is pending, and a leased row is never taken
 * again before its lease runs out: a second process running this at the same moment waits for the row lock and
 * then re-checks status and lease on the committed row, so it skips what the first one took. The oldest rows are
 * found by skipping through the partial index sender by sender (one index probe per sender with pending rows, not a
 * scan of every pending row). Lease times are the database's own clock (the sandbox may move the business clock).
 * The attempt is committed before handling, so a message that kills the process on every try still reaches its
 * limit.
 */
export async function finishAndClaim(db: DbOrTx, opts: { doneIds: number[]; limit: number; leaseMs: number; adopt?: number[] }): Promise<InboxRow[]> {
  const done = sql.param(opts.doneIds);
  // The step commits without waiting for the WAL flush (synchronous_commit off for this transaction only, set inside
  // the statement so it stays one round trip): the message itself was committed durably before its 200, and a lease
  // or a 'done' lost in a PostgreSQL crash only makes the row pending again, to be handled again — handlers are keyed
  // by the inbox row, so a second run adds nothing. The callbacks' inserts then no longer queue behind these commits.
  //
  // `adopt`: rows this process stored born leased (storeMany's leaseMs). When such a row is its sender's oldest
  // pending one, it is returned without an update (its payload too is left out: the caller has the message); the
  // `attempts = 1` check makes sure nobody has leased it since (a lease that ran out and was taken counts an attempt).
  const result = await db.execute(sql`
    with recursive relaxed as (select set_config('synchronous_commit', 'off', true) as v),
    done as (
      update inbox set status = 'done', last_error = null, locked_until = null, handled_at = now()
      where id = any(${done}::bigint[]) and status = 'pending' and (select v from relaxed) = 'off'
    ),
    oldest as (
      (select sender, id, locked_until from inbox
       where status = 'pending' and id <> all(${done}::bigint[]) order by sender, id limit 1)
      union all
      (select n.sender, n.id, n.locked_until from oldest o cross join lateral (
         select sender, id, locked_until from inbox
         where status = 'pending' and id <> all(${done}::bigint[]) and sender > o.sender order by sender, id limit 1) n)
    ),
    leased as (
      update inbox set locked_until = now() + ${opts.leaseMs}::int * interval '1 millisecond', attempts = attempts + 1
      where id in (select id from oldest where locked_until is null or locked_until < now() order by id limit ${opts.limit}::int)
        and status = 'pending' and (locked_until is null or locked_until < now()) and (select v from relaxed) = 'off'
      returning id, sender, payload, attempts
    ),
    adopted as (
      select i.id, i.sender, null::jsonb as payload, i.attempts from inbox i
      where i.id in (select id from oldest where id = any(${sql.param(opts.adopt ?? [])}::bigint[]) and locked_until >= now())
        and i.attempts = 1 and i.status = 'pending'
    )
    select id, sender, payload, attempts, false as adopted from leased
    union all
    select id, sender, payload, attempts, true as adopted from adopted`);
  return rowsOf<{ id: string | number; sender: string; payload: unknown; attempts: number; adopted: boolean }>(result)
    .map((r) => ({ id: Number(r.id), sender: r.sender, message: r.payload as InboundMessage, attempts: r.attempts, ...(r.adopted ? { adopted: true } : {}) }))
    .sort((a, b) => a.id - b.id);
}

/** Counts one more attempt on a leased row (a retry after a failed dispatch) and renews its lease; returns the count. */
export async function recordAttempt(db: DbOrTx, id: number, leaseMs: number): Promise<number> {
  const [row] = await db
    .update(inbox)
    .set({ attempts: sql`${inbox.attempts} + 1`, lockedUntil: sql`now() + ${leaseMs}::int * interval '1 millisecond'` })
    .where(eq(inbox.id, id))
    .returning({ attempts: inbox.attempts });
  return row.attempts;
}

/** Keeps the leases of rows still being handled (a long dispatch). */
export async function renewLeases(db: DbOrTx, ids: number[], leaseMs: number): Promise<void> {
  if (ids.length === 0) return;
  await db.execute(sql`
    update inbox set locked_until = now() + ${leaseMs}::int * interval '1 millisecond'
    where id = any(${sql.param(ids)}::bigint[]) and status = 'pending'`);
}

/** Gives leased rows back untouched (a process stopping before it handled them); another may take them at once. */
export async function releaseLeases(db: DbOrTx, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.execute(sql`update inbox set locked_until = null where id = any(${sql.param(ids)}::bigint[]) and status = 'pending'`);
}

/** Gives up on a row; it stays in the table with its error, nothing the user sent is lost. */
export async function markFailed(tx: DbOrTx, id: number, error: string): Promise<void> {
  await tx.update(inbox)
    .set({ status: 'failed', lastError: error.slice(0, 2000), lockedUntil: null, handledAt: sql`now()` })
    .where(eq(inbox.id, id));
}
