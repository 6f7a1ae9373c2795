/** The official account: followers and their 48-hour window, one-time bind codes, and the tries at them. */
import { bigserial, boolean, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { offices, people } from './org.ts';

/** One row per openid that has written to (or followed) the account. */
export const wechatFollowers = pgTable('wechat_followers', {
  openid: text('openid').primaryKey(),
  subscribed: boolean('subscribed').notNull().default(true),
  /** The user's last message: it opens the 48-hour window for customer-service messages. */
  lastMessageAt: timestamp('last_message_at', { withTimezone: true }),
  /** The last follow or menu click: it allows a few replies within a minute. */
  lastEventAt: timestamp('last_event_at', { withTimezone: true }),
  /** When the platform last answered 45015 (window closed) for this openid. */
  windowClosedAt: timestamp('window_closed_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const bindCodes = pgTable('bind_codes', {
  id: serial('id').primaryKey(),
  officeId: integer('office_id').notNull().references(() => offices.id),
  personId: integer('person_id').notNull().references(() => people.id),
  /** Six digits; unique among the codes still usable. */
  code: text('code').notNull(),
  /** The audit actor who issued it, e.g. 'admin:3'. */
  issuedBy: text('issued_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  usedByOpenid: text('used_by_openid'),
  /** Set when a newer code for the same person replaced it. */
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('bind_codes_live_code').on(t.code).where(sql`${t.usedAt} IS NULL AND ${t.revokedAt} IS NULL`),
  index('bind_codes_office_person').on(t.officeId, t.personId),
]);

export const bindAttempts = pgTable('bind_attempts', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  openid: text('openid').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  ok: boolean('ok').notNull(),
}, (t) => [index('bind_attempts_openid_at').on(t.openid, t.at)]);
