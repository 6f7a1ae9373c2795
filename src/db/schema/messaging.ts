/** What crosses the platform boundary: the inbox (received once), the outbox (sent at least once), tokens and media. */
import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { offices } from './org.ts';

export const inbox = pgTable('inbox', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  /** 'wecom' | 'wechat' | 'wechaty' */
  channel: text('channel').notNull(),
  /** MsgId for messages; an event key for events (platform-apis §2.2). */
  dedupeKey: text('dedupe_key').notNull(),
  /** The platform id of the sender; messages of one sender are handled in arrival order. */
  sender: text('sender').notNull(),
  payload: jsonb('payload').notNull(),
  status: text('status').notNull().default('pending').$type<'pending' | 'done' | 'failed'>(),
  attempts: integer('attempts').notNull().default(0),
  /** While a processor handles the row it holds this lease; a row whose lease has run out may be taken again. */
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  lastError: text('last_error'),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  handledAt: timestamp('handled_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('inbox_dedupe').on(t.channel, t.dedupeKey),
  // Only pending rows: the processor walks it sender by sender to find each one's oldest (services/inbox.ts).
  index('inbox_pending').on(t.sender, t.id).where(sql`${t.status} = 'pending'`),
  // Migration 0002 (hardening-input): no platform sends longer ones; the callback refuses them first.
  check('inbox_sender_length', sql`char_length(${t.sender}) <= 128`),
  check('inbox_dedupe_key_length', sql`char_length(${t.dedupeKey}) <= 1024`),
]);

export const outbox = pgTable('outbox', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  /** Unique: a second insert with the same key is ignored, never replaced. */
  idempotencyKey: text('idempotency_key').notNull().unique(),
  /** 'wecom.app' | 'wecom.appchat' | 'wecom.robot' | 'wechat.custom' | 'wechaty' */
  channel: text('channel').notNull(),
  recipient: text('recipient').notNull(),
  /** Messages of one segment (channel:recipient) go out in id order. */
  segment: text('segment').notNull(),
  message: jsonb('message').notNull(),
  /**
   * Rows with the same fan-out key carry the same message to different members: the dispatcher may send them in one
   * call (message/send with touser a|b|c) and still settles each row on its own.
   */
  fanout: text('fanout'),
  /** The office whose person or group it addresses (set on insert, services/outbox.ts); null when none is known. */
  officeId: integer('office_id').references(() => offices.id),
  /**
   * 'parked': no sender for its channel in this process (reason in last_error); offered again when one registers.
   * 'waiting': the channel cannot deliver until the recipient writes again (official account, 48-hour window).
   */
  status: text('status').notNull().default('pending').$type<'pending' | 'sent' | 'dead' | 'parked' | 'waiting'>(),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  startedAttempts: integer('started_attempts').notNull().default(0),
  finishedAttempts: integer('finished_attempts').notNull().default(0),
  lastError: text('last_error'),
  response: jsonb('response'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  sentAt: timestamp('sent_at', { withTimezone: true }),
  abandonedAt: timestamp('abandoned_at', { withTimezone: true }),
}, (t) => [
  index('outbox_due').on(t.status, t.nextAttemptAt),
  index('outbox_segment').on(t.segment, t.id),
  index('outbox_office').on(t.officeId, t.id),
  index('outbox_fanout').on(t.fanout, t.id).where(sql`${t.status} = 'pending' and ${t.fanout} is not null`),
]);

/** Access tokens and JS-SDK tickets, shared by every process. */
export const platformTokens = pgTable('platform_tokens', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Files we keep (photos downloaded by MediaId, uploads): bytes live under DATA_DIR/media/<sha256>. */
export const media = pgTable('media', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  sha256: text('sha256').notNull(),
  mime: text('mime').notNull(),
  size: integer('size').notNull(),
  fileName: text('file_name'),
  /** Where it came from, e.g. 'wecom:<MediaId>'; unique so a retried download stores one row. */
  source: text('source').unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
