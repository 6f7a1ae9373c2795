/**
 * Rectification (整改): the problems of a notice one by one, its history (every report, decision, nudge step,
 * 约谈 and 通报), the photos a school sends, re-check visits (回头看), and the one question the bot is waiting to
 * have answered by a person (which notice a report is for, why a report is returned).
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { offices, people } from './org.ts';
import { media } from './messaging.ts';
import { rectificationNotices, visits } from './visits.ts';

/** 需整改内容, one row per problem: a notice may be confirmed problem by problem. */
export const rectificationItems = pgTable('rectification_items', {
  id: serial('id').primaryKey(),
  noticeId: integer('notice_id').notNull().references(() => rectificationNotices.id, { onDelete: 'cascade' }),
  /** 1, 2, … as printed (第1项). */
  ordinal: integer('ordinal').notNull(),
  text: text('text').notNull(),
  /** When the school reported this problem rectified (cleared again by 退回). */
  reportedAt: timestamp('reported_at', { withTimezone: true }),
  reportEventId: bigint('report_event_id', { mode: 'number' }),
}, (t) => [uniqueIndex('rectification_items_notice_ordinal').on(t.noticeId, t.ordinal)]);

export type RectificationEventKind =
  | 'report' | 'submitted' | 'returned' | 'verified' | 'closed' | 'recheck_planned' | 'recheck_marked'
  | 'overdue' | 'escalated' | 'interview' | 'bulletin';

/** The notice's history, oldest first; each status change also goes to the audit log. */
export const rectificationEvents = pgTable('rectification_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  noticeId: integer('notice_id').notNull().references(() => rectificationNotices.id, { onDelete: 'cascade' }),
  at: timestamp('at', { withTimezone: true }).notNull(),
  /** 'person:12', 'admin:3', 'system'. */
  actor: text('actor').notNull(),
  personId: integer('person_id').references(() => people.id),
  kind: text('kind').notNull().$type<RectificationEventKind>(),
  fromStatus: text('from_status'),
  toStatus: text('to_status'),
  /** The school's measures, the reason for 退回, the minutes of a 约谈, … */
  text: text('text'),
  /** The problems (ordinals) a report covers. */
  items: integer('items').array().notNull().default(sql`'{}'::integer[]`),
  data: jsonb('data'),
  /** The message it came from: handled twice after a crash, it is recorded once. */
  sourceKey: text('source_key').unique(),
}, (t) => [index('rectification_events_notice').on(t.noticeId, t.id)]);

/** Photos a school contact sends: waiting (no notice yet, sent before the text) or attached to a report. */
export const rectificationPhotos = pgTable('rectification_photos', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  officeId: integer('office_id').notNull().references(() => offices.id),
  personId: integer('person_id').notNull().references(() => people.id),
  mediaId: bigint('media_id', { mode: 'number' }).notNull().references(() => media.id),
  sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
  noticeId: integer('notice_id').references(() => rectificationNotices.id, { onDelete: 'cascade' }),
  eventId: bigint('event_id', { mode: 'number' }).references(() => rectificationEvents.id, { onDelete: 'set null' }),
  sourceKey: text('source_key').unique(),
}, (t) => [index('rectification_photos_person').on(t.personId, t.sentAt), index('rectification_photos_notice').on(t.noticeId)]);

/** 回头看: a visit planned to re-check a notice; the supervisor marks it 到位 / 未到位 during that visit. */
export const rectificationRechecks = pgTable('rectification_rechecks', {
  id: serial('id').primaryKey(),
  noticeId: integer('notice_id').notNull().references(() => rectificationNotices.id, { onDelete: 'cascade' }),
  visitId: integer('visit_id').notNull().references(() => visits.id),
  verdict: text('verdict').$type<'到位' | '未到位'>(),
  note: text('note'),
  markedAt: timestamp('marked_at', { withTimezone: true }),
  settledAt: timestamp('settled_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
}, (t) => [uniqueIndex('rectification_rechecks_notice_visit').on(t.noticeId, t.visitId), index('rectification_rechecks_visit').on(t.visitId)]);

/**
 * What the bot waits for from a person: 'pick' — a report whose notice the contact is choosing on a pick-list card;
 * 'return_reason' — the reason for a 退回 the supervisor tapped. One per person; a newer question replaces it.
 */
export const rectificationPending = pgTable('rectification_pending', {
  personId: integer('person_id').primaryKey().references(() => people.id),
  kind: text('kind').notNull().$type<'pick' | 'return_reason'>(),
  noticeId: integer('notice_id').references(() => rectificationNotices.id, { onDelete: 'cascade' }),
  /** The report event a 退回 answers (a stale card cannot return a newer report). */
  revision: bigint('revision', { mode: 'number' }),
  text: text('text'),
  items: integer('items').array().notNull().default(sql`'{}'::integer[]`),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
