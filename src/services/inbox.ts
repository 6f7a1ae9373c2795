/**
 * The inbox: every inbound message is stored once, keyed by (channel, dedupe key), before the platform gets its
 * 200; a retried delivery finds its row and adds nothing. The processor (channels/inbox-processor.ts) then handles
 * the pending rows of each sender in id order.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { inbox } from '../db/schema/index.ts';
import type { InboundMessage } from '../domain/messages.ts';

export interface Stored {
  id: number;
  /** False when the same message was stored before (a retry or a duplicate delivery). */
  isNew: boolean;
}

export interface InboxRow {
  id: number;
  sender: string;
  message: InboundMessage;
  attempts: number;
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
export async function storeMany(db: DbOrTx, msgs: InboundMessage[]): Promise<Stored[]> {
  const keyOf = (m: InboundMessage) => `${m.channel}\u0000${m.dedupeKey}`;
  const unique = [...new Map(msgs.map((m) => [keyOf(m), m])).values()];
  const result = await db.execute(sql`
    insert into inbox (channel, dedupe_key, sender, payload)
    select * from unnest(${sql.param(unique.map((m) => m.channel))}::text[], ${sql.param(unique.map((m) => m.dedupeKey))}::text[],
                         ${sql.param(unique.map((m) => m.from))}::text[], ${sql.param(unique.map((m) => JSON.stringify(m)))}::jsonb[])
    on conflict (channel, dedupe_key) do nothing
    returning id, channel, dedupe_key`);
  const ids = new Map<string, Stored>();
  for (const r of rowsOf<{ id: string | number; channel: string; dedupe_key: string }>(result)) {
    ids.set(`${r.channel}\u0000${r.dedupe_key}`, { id: Number(r.id), isNew: true });
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
    return { id: stored.id, isNew: stored.isNew && first };
  });
}

/** node-postgres and PGlite both answer raw SQL with `{ rows }`. */
const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

/**
 * Takes the oldest pending row of one sender and counts an attempt on it, in one statement. The caller holds the
 * sender's lock; the count is committed before handling, so a message that kills the process on every try still
 * reaches its limit. Undefined when the sender has nothing pending.
 */
export async function claimNext(db: DbOrTx, sender: string): Promise<InboxRow | undefined> {
  const oldest = db
    .select({ id: inbox.id })
    .from(inbox)
    .where(and(eq(inbox.sender, sender), eq(inbox.status, 'pending')))
    .orderBy(asc(inbox.id))
    .limit(1);
  const [row] = await db
    .update(inbox)
    .set({ attempts: sql`${inbox.attempts} + 1` })
    .where(eq(inbox.id, sql`(${oldest})`))
    .returning({ id: inbox.id, sender: inbox.sender, payload: inbox.payload, attempts: inbox.attempts });
  return row && { id: row.id, sender: row.sender, message: row.payload as InboundMessage, attempts: row.attempts };
}

/** Marks `doneId` handled and claims the sender's next pending row, in one statement (the caller holds the lock). */
export async function completeAndClaimNext(db: DbOrTx, doneId: number, sender: string): Promise<InboxRow | undefined> {
  const result = await db.execute(sql`
    with done as (update inbox set status = 'done', last_error = null, handled_at = now() where id = ${doneId})
    update inbox set attempts = attempts + 1
    where id = (select id from inbox where sender = ${sender} and status = 'pending' and id <> ${doneId} order by id limit 1)
    returning id, sender, payload, attempts`);
  const [row] = rowsOf<{ id: string | number; sender: string; payload: unknown; attempts: number }>(result);
  return row && { id: Number(row.id), sender: row.sender, message: row.payload as InboundMessage, attempts: row.attempts };
}

/** Counts one more attempt on a row (a retry after a failed dispatch); returns the new count. */
export async function recordAttempt(db: DbOrTx, id: number): Promise<number> {
  const [row] = await db
    .update(inbox)
    .set({ attempts: sql`${inbox.attempts} + 1` })
    .where(eq(inbox.id, id))
    .returning({ attempts: inbox.attempts });
  return row.attempts;
}

export async function markDone(tx: DbOrTx, id: number): Promise<void> {
  await tx.update(inbox).set({ status: 'done', lastError: null, handledAt: sql`now()` }).where(eq(inbox.id, id));
}

/** Gives up on a row; it stays in the table with its error, nothing the user sent is lost. */
export async function markFailed(tx: DbOrTx, id: number, error: string): Promise<void> {
  await tx.update(inbox).set({ status: 'failed', lastError: error.slice(0, 2000), handledAt: sql`now()` }).where(eq(inbox.id, id));
}

/** Senders that have pending rows (for the sweep after a crash). */
export async function pendingSenders(db: DbOrTx, limit = 100): Promise<string[]> {
  const rows = await db
    .selectDistinct({ sender: inbox.sender })
    .from(inbox)
    .where(eq(inbox.status, 'pending'))
    .limit(limit);
  return rows.map((r) => r.sender);
}
