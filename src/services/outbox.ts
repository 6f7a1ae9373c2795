/**
 * The outbox: services insert the messages they want sent, in their own transaction. A key that already exists is
 * ignored, never replaced, so a retried use case or a job that runs twice sends nothing twice. The dispatcher
 * (channels/dispatcher.ts) leases and sends the rows.
 */
import { and, desc, eq, gt, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db, DbOrTx } from '../db/client.ts';
import { outbox, people, zones } from '../db/schema/index.ts';
import type { OutboundMessage, OutboxChannel } from '../domain/messages.ts';
import { clock } from '../clock.ts';
import { roomTopicOf } from '../domain/zone-groups.ts';
import { parkedReason } from '../../templates/channels/parked.ts';

export interface OutboxItem {
  /** Unique per message, e.g. `rect:42:due-in-3d` or `reply:<inbox id>:1`. */
  key: string;
  channel: OutboxChannel;
  /** WeCom userid, appchat chatid, robot key, official-account openid, wechaty contact or room. */
  recipient: string;
  message: OutboundMessage;
  /** Earliest send time (defaults to now). */
  notBefore?: Date;
  /**
   * Rows sharing this key carry the same message to different recipients of one channel, so the dispatcher may send
   * them in one platform call (WeCom message/send, `touser` joined by `|`); each row is still settled on its own.
   */
  fanout?: string;
  /** The office it belongs to; when left out it is the office of the person or group the recipient id names. */
  officeId?: number;
}

/** Rows inserted per statement (9 parameters each; PostgreSQL takes at most 65535). */
const INSERT_CHUNK = 1000;

/** Inserts the items that are not there yet; returns how many were new. */
export async function enqueue(db: DbOrTx, items: OutboxItem | OutboxItem[]): Promise<number> {
  const list = Array.isArray(items) ? items : [items];
  if (list.length === 0) return 0;
  if (list.length > INSERT_CHUNK) {
    let n = 0;
    for (let i = 0; i < list.length; i += INSERT_CHUNK) n += await enqueue(db, list.slice(i, i + INSERT_CHUNK));
    return n;
  }
  const rows = await db
    .insert(outbox)
    .values(
      list.map((i) => ({
        idempotencyKey: i.key,
        channel: i.channel,
        recipient: i.recipient,
        segment: `${i.channel}:${i.recipient}`,
        message: i.message,
        fanout: i.fanout ?? null,
        officeId: i.officeId ?? officeOfRecipient(i.channel, i.recipient),
        // Due by the shared clock, not the database's: the sandbox and tests move simulated time.
        nextAttemptAt: i.notBefore ?? clock.now(),
      })),
    )
    .onConflictDoNothing({ target: outbox.idempotencyKey })
    .returning({ id: outbox.id });
  return rows.length;
}

// ——— Dispatching: lease, then exactly one of markSent / markRetry / markDead / defer (docs/architecture.md, "A message going out"). ———
// No transaction stays open across a platform call: a lease (`locked_until`) marks a row as taken, and a process that
// dies mid-send simply lets the lease run out, so the row goes out again (at least once). `$now` always comes from
// clock.now(), never SQL now(), because the sandbox can move time.

export type OutboxRow = typeof outbox.$inferSelect;
export type OutboxStatus = OutboxRow['status'];

export interface LeaseOptions {
  now: Date;
  limit: number;
  leaseMs: number;
  /** Only rows of these channels (those this process can send). */
  channels: OutboxChannel[];
}

/**
 * Takes up to `limit` due rows, oldest first, and counts an attempt on each. A row waits while an older row of its
 * segment is still pending (due, or already tried), so one recipient's messages go out in order; a row scheduled
 * for later (notBefore) does not block the ones queued after it.
 */
export async function leaseDue(db: Db, opts: LeaseOptions): Promise<OutboxRow[]> {
  if (opts.channels.length === 0) return [];
  return leaseHeads(db, inArray(outbox.channel, opts.channels), opts);
}

/**
 * Takes more due rows of one fan-out (same message, other recipients) to send with rows already leased: first
 * attempts only (a row that failed once is retried alone), oldest first, keeping each recipient's order.
 */
export async function leaseFanout(db: Db, opts: { fanout: string; now: Date; leaseMs: number; limit: number }): Promise<OutboxRow[]> {
  if (opts.limit <= 0) return [];
  return leaseHeads(db, and(eq(outbox.fanout, opts.fanout), eq(outbox.finishedAttempts, 0)), opts);
}

/**
 * Leases, oldest first, up to `limit` pending rows matching `filter` that are due, not leased, and first in their
 * segment. An older row that is only scheduled for later (a reminder held until the quiet hours end, never tried
 * yet) does not hold up what is due now; one that has been tried and waits to be retried does.
 */
async function leaseHeads(db: Db, filter: SQL | undefined, opts: { now: Date; leaseMs: number; limit: number }): Promise<OutboxRow[]> {
  const { now } = opts;
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(
      eq(outbox.status, 'pending'),
      lte(outbox.nextAttemptAt, now),
      or(isNull(outbox.lockedUntil), lt(outbox.lockedUntil, now)),
      filter,
      sql`not exists (select 1 from outbox older where older.segment = outbox.segment and older.status = 'pending' and older.id < outbox.id
        and (older.started_attempts > 0 or older.next_attempt_at <= ${now}))`,
    ))
    .orderBy(outbox.id)
    .limit(opts.limit)
    .for('update', { skipLocked: true });
  return db
    .update(outbox)
    .set({ lockedUntil: new Date(now.getTime() + opts.leaseMs), startedAttempts: sql`${outbox.startedAttempts} + 1` })
    .where(inArray(outbox.id, due))
    .returning();
}

/** Marks many rows sent with one answer (a fan-out call): one statement. */
export async function markSentMany(db: Db, rows: OutboxRow[], response: unknown, now: Date): Promise<void> {
  if (rows.length === 0) return;
  await db
    .update(outbox)
    .set({ status: 'sent', sentAt: now, response: response ?? null, lockedUntil: null, finishedAttempts: sql`${outbox.finishedAttempts} + 1` })
    .where(and(inArray(outbox.id, rows.map((r) => r.id)), eq(outbox.status, 'pending')));
}

/** The platform accepted the message; its answer (msgid, response_code, …) is kept. */
export async function markSent(db: Db, row: OutboxRow, response: unknown, now: Date): Promise<void> {
  await db
    .update(outbox)
    .set({ status: 'sent', sentAt: now, response: response ?? null, lockedUntil: null, finishedAttempts: sql`${outbox.finishedAttempts} + 1` })
    .where(and(eq(outbox.id, row.id), eq(outbox.status, 'pending')));
}

/** The attempt failed but may succeed later. */
export async function markRetry(db: Db, row: OutboxRow, error: string, nextAttemptAt: Date): Promise<void> {
  await db
    .update(outbox)
    .set({ nextAttemptAt, lastError: error, lockedUntil: null, finishedAttempts: sql`${outbox.finishedAttempts} + 1` })
    .where(ours(row));
}

/** Parks the message: it is kept with its last error and listed as dead. */
export async function markDead(db: Db, row: OutboxRow, error: string, now: Date): Promise<void> {
  await db
    .update(outbox)
    .set({ status: 'dead', abandonedAt: now, lastError: error, lockedUntil: null, finishedAttempts: sql`${outbox.finishedAttempts} + 1` })
    .where(ours(row));
}

/** Gives the lease back without counting an attempt: the recipient's rate limit frees a slot at `until`. */
export async function defer(db: Db, row: OutboxRow, until: Date): Promise<void> {
  await db
    .update(outbox)
    .set({ nextAttemptAt: until, lockedUntil: null, startedAttempts: sql`${outbox.startedAttempts} - 1` })
    .where(ours(row));
}

/** Sets the row aside until its recipient writes again (no attempt counted); `reason` is what the office sees. */
export async function markWaiting(db: Db, row: OutboxRow, reason: string): Promise<void> {
  await db
    .update(outbox)
    .set({ status: 'waiting', lastError: reason, lockedUntil: null, startedAttempts: sql`${outbox.startedAttempts} - 1` })
    .where(ours(row));
}

/** The recipient wrote: their waiting rows are due again, in their original order. Returns how many. */
export async function reofferWaiting(db: DbOrTx, channel: OutboxChannel, recipient: string, now: Date): Promise<number> {
  const rows = await db
    .update(outbox)
    .set({ status: 'pending', nextAttemptAt: now })
    .where(and(eq(outbox.channel, channel), eq(outbox.recipient, recipient), eq(outbox.status, 'waiting')))
    .returning({ id: outbox.id });
  return rows.length;
}

export interface RateLimit {
  windowMs: number;
  max: number;
}

/** When the segment may send again, or null when it may send now (messages sent within each window are counted). */
export async function slotFreeAt(db: Db, segment: string, limits: RateLimit[], now: Date): Promise<Date | null> {
  let freeAt: Date | null = null;
  for (const { windowMs, max } of limits) {
    const [edge] = await db
      .select({ sentAt: outbox.sentAt })
      .from(outbox)
      .where(and(eq(outbox.segment, segment), eq(outbox.status, 'sent'), gt(outbox.sentAt, new Date(now.getTime() - windowMs))))
      .orderBy(desc(outbox.sentAt))
      .offset(max - 1)
      .limit(1);
    const at = edge?.sentAt ? new Date(edge.sentAt.getTime() + windowMs) : null;
    if (at && (!freeAt || at > freeAt)) freeAt = at;
  }
  return freeAt;
}

/**
 * slotFreeAt for many segments at once (a fan-out): the segments that may not send now, with when they may. One
 * query per limit, however many segments.
 */
export async function slotsFreeAt(db: Db, segments: string[], limits: RateLimit[], now: Date): Promise<Map<string, Date>> {
  const out = new Map<string, Date>();
  if (segments.length === 0) return out;
  for (const { windowMs, max } of limits) {
    const result = await db.execute(sql`
      select segment, sent_at from (
        select segment, sent_at, row_number() over (partition by segment order by sent_at desc) as n
        from outbox
        where segment = any(${sql.param(segments)}::text[]) and status = 'sent'
          and sent_at > ${sql.param(new Date(now.getTime() - windowMs).toISOString())}::timestamptz
      ) ranked where n = ${sql.param(max)}`);
    const rows = ((result as { rows?: unknown[] }).rows ?? result) as { segment: string; sent_at: string | Date }[];
    for (const r of rows) {
      const at = new Date(new Date(r.sent_at).getTime() + windowMs);
      const prev = out.get(r.segment);
      if (!prev || at > prev) out.set(r.segment, at);
    }
  }
  return out;
}

/** Exponential backoff with ±20% jitter, never sooner than the platform's hint. */
export function retryDelayMs(finishedAttempts: number, hintMs = 0, random = Math.random): number {
  const exponential = Math.min(5_000 * 2 ** Math.max(0, finishedAttempts - 1), 15 * 60_000);
  return Math.max(Math.round(exponential * (0.8 + 0.4 * random())), hintMs);
}

/**
 * Parks the due rows of channels no sender in this process can send (`sendable` = the channels that have one):
 * status 'parked' with the reason, so they neither wait for ever as pending nor block anything. Returns how many.
 */
export async function parkUnsendable(db: Db, sendable: OutboxChannel[], now: Date): Promise<number> {
  // One statement, so a sender registered meanwhile (whose rows were just offered again) is never undone half way.
  const reason = sql`case ${outbox.channel} ${sql.join(PARKABLE.map((c) => sql`when ${c} then ${parkedReason(c)}`), sql` `)} else ${parkedReason('')} end`;
  const rows = await db.update(outbox)
    .set({ status: 'parked', lastError: reason, lockedUntil: null })
    .where(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now),
      sendable.length ? sql`${outbox.channel} not in (${sql.join(sendable.map((c) => sql`${c}`), sql`, `)})` : undefined))
    .returning({ id: outbox.id });
  return rows.length;
}

const PARKABLE: OutboxChannel[] = ['wecom.app', 'wecom.appchat', 'wecom.robot', 'wechat.custom', 'wechaty'];

/** Offers parked rows of these channels (a sender for them is now registered) for sending again, now. */
export async function unpark(db: Db, channels: OutboxChannel[], now: Date): Promise<number> {
  if (channels.length === 0) return 0;
  const rows = await db.update(outbox)
    .set({ status: 'pending', nextAttemptAt: now, lastError: null, lockedUntil: null })
    .where(and(eq(outbox.status, 'parked'), inArray(outbox.channel, channels)))
    .returning({ id: outbox.id });
  return rows.length;
}

/** The office's outbox, newest first: only rows addressed to its own people and groups. */
export async function listOutbox(db: DbOrTx, officeId: number, opts: { status?: OutboxStatus; limit?: number } = {}): Promise<OutboxRow[]> {
  return db
    .select()
    .from(outbox)
    .where(and(eq(outbox.officeId, officeId), opts.status ? eq(outbox.status, opts.status) : undefined))
    .orderBy(desc(outbox.id))
    .limit(Math.min(opts.limit ?? 100, 500));
}

/** Rows of a fan-out not sent yet are withdrawn (the message is no longer wanted); returns their recipients. */
export async function dropPendingFanout(db: DbOrTx, fanout: string): Promise<string[]> {
  const rows = await db.delete(outbox)
    .where(and(eq(outbox.fanout, fanout), eq(outbox.status, 'pending'), or(isNull(outbox.lockedUntil), lt(outbox.lockedUntil, clock.now()))))
    .returning({ recipient: outbox.recipient });
  return rows.map((r) => r.recipient);
}

/** The rows of a fan-out that went out, with the platform's answer (e.g. the card's response_code). */
export async function sentOfFanout(db: DbOrTx, fanout: string): Promise<{ recipient: string; response: unknown }[]> {
  return db.select({ recipient: outbox.recipient, response: outbox.response }).from(outbox)
    .where(and(eq(outbox.fanout, fanout), eq(outbox.status, 'sent')))
    .orderBy(outbox.id);
}

/**
 * The office of whoever a recipient id names on its channel, as a subquery evaluated by the insert itself (no extra
 * round trip): a WeCom userid or openid is a person's, a chat id or robot key a zone's. A channel added later
 * falls back to every kind of id. An id nobody holds leaves the row without an office: no office lists it.
 */
function officeOfRecipient(channel: OutboxChannel | string, recipient: string) {
  const person = (column: AnyPgColumn) => sql`(select ${people.officeId} from ${people} where ${column} = ${recipient} limit 1)`;
  // A wechaty room is addressed as room:<topic> (domain/zone-groups.ts); the zone holds the topic.
  const zoneId = roomTopicOf(recipient) ?? recipient;
  const zone = (column: AnyPgColumn) => sql`(select ${zones.officeId} from ${zones} where ${column} = ${zoneId} limit 1)`;
  if (channel === 'wecom.app') return person(people.wecomUserId);
  if (channel === 'wecom.appchat') return zone(zones.wecomChatId);
  if (channel === 'wecom.robot') return zone(zones.robotKey);
  if (channel.startsWith('wechat.')) return person(people.wechatOpenId);
  if (channel === 'wechaty') return sql`coalesce(${person(people.wechatyContact)}, ${zone(zones.wechatyRoom)})`;
  return sql`coalesce(${person(people.wecomUserId)}, ${person(people.wechatOpenId)}, ${person(people.wechatyContact)}, ${zone(zones.wecomChatId)}, ${zone(zones.robotKey)}, ${zone(zones.wechatyRoom)})`;
}

/** The row is still the one we leased: not sent, not re-leased by another process since. */
function ours(row: OutboxRow) {
  return and(eq(outbox.id, row.id), eq(outbox.status, 'pending'), eq(outbox.startedAttempts, row.startedAttempts));
}

export async function outboxRowById(db: DbOrTx, id: number): Promise<OutboxRow | null> {
  const [row] = await db.select().from(outbox).where(eq(outbox.id, id));
  return row ?? null;
}

/** The latest card that went out to this recipient since `since` (the official account answers cards by reply). */
export async function lastCardSentTo(db: DbOrTx, channel: OutboxChannel, recipient: string, since: Date): Promise<OutboxRow | null> {
  const [row] = await db.select().from(outbox)
    .where(and(eq(outbox.channel, channel), eq(outbox.recipient, recipient), eq(outbox.status, 'sent'),
      sql`${outbox.message}->>'type' = 'card'`, gt(outbox.sentAt, since)))
    .orderBy(desc(outbox.sentAt), desc(outbox.id))
    .limit(1);
  return row ?? null;
}

/**
 * The platform reported that a message it had accepted did not reach its recipient (the official account's
 * TEMPLATESENDJOBFINISH with a failed status): the row, found by the msgid the platform answered with, waits for the
 * recipient again with `reason`. Returns how many rows changed.
 */
export async function reopenUndelivered(db: DbOrTx, channel: OutboxChannel, recipient: string, msgid: string, reason: string): Promise<number> {
  const rows = await db.update(outbox)
    .set({ status: 'waiting', lastError: reason, sentAt: null })
    .where(and(eq(outbox.channel, channel), eq(outbox.recipient, recipient), eq(outbox.status, 'sent'), sql`${outbox.response}->>'msgid' = ${msgid}`))
    .returning({ id: outbox.id });
  return rows.length;
}
