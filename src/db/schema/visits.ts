/**
 * Visits (督导) and what they produce: entries recorded on site, joint-visit participants, and the 整改通知书
 * issued on submit with numbers from a per-office, per-year counter (never reused).
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, date, index, integer, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { offices, people, schools } from './org.ts';
import { media } from './messaging.ts';

export type VisitStatusValue = 'planned' | 'in_progress' | 'recorded' | 'cancelled';
export type EntryKindValue = 'strength' | 'weakness' | 'suggestion' | 'problem' | 'onsite_fix' | 'photo';
export type NoticeStatusValue = 'issued' | 'rectifying' | 'submitted' | 'verified' | 'closed' | 'overdue' | 'escalated';

export const visits = pgTable('visits', {
  id: serial('id').primaryKey(),
  officeId: integer('office_id').notNull().references(() => offices.id),
  schoolId: integer('school_id').notNull().references(() => schools.id),
  /** The lead supervisor; co-supervisors of a joint visit are in visit_participants. */
  supervisorId: integer('supervisor_id').notNull().references(() => people.id),
  type: text('type').notNull().default('经常性督导'),
  status: text('status').notNull().default('planned').$type<VisitStatusValue>(),
  plannedOn: date('planned_on', { mode: 'string' }),
  planContent: text('plan_content'),
  /** Arrival and departure: 在被督导单位工作时间. */
  startedAt: timestamp('started_at', { withTimezone: true }),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  submittedAt: timestamp('submitted_at', { withTimezone: true }),
  narrative: text('narrative'),
  /** Standard item codes (经常性督导事项) checked. */
  items: integer('items').array().notNull().default(sql`'{}'::integer[]`),
  methods: text('methods').array().notNull().default(sql`'{}'::text[]`),
  schoolRequests: text('school_requests'),
  /** 非常满意 | 满意 | 基本满意 | 不满意 */
  schoolRating: text('school_rating'),
  ratedBy: integer('rated_by').references(() => people.id),
  ratedAt: timestamp('rated_at', { withTimezone: true }),
  lastActivityAt: timestamp('last_activity_at', { withTimezone: true }).notNull().defaultNow(),
  staleRemindedAt: timestamp('stale_reminded_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  // One open draft per supervisor: a second start resumes it instead.
  uniqueIndex('visits_one_draft_per_supervisor').on(t.supervisorId).where(sql`status = 'in_progress'`),
  index('visits_planned_on').on(t.status, t.plannedOn),
  index('visits_school').on(t.schoolId),
  index('visits_activity').on(t.status, t.lastActivityAt),
  // Added by 0003_calendar: the monthly quota counts submitted visits per office and month.
  index('visits_submitted').on(t.officeId, t.submittedAt).where(sql`status = 'recorded'`),
]);

/** Co-supervisors of a joint visit (联合督导). */
export const visitParticipants = pgTable('visit_participants', {
  visitId: integer('visit_id').notNull().references(() => visits.id, { onDelete: 'cascade' }),
  personId: integer('person_id').notNull().references(() => people.id),
}, (t) => [primaryKey({ columns: [t.visitId, t.personId] }), index('visit_participants_person').on(t.personId)]);

export const visitEntries = pgTable('visit_entries', {
  id: serial('id').primaryKey(),
  visitId: integer('visit_id').notNull().references(() => visits.id, { onDelete: 'cascade' }),
  kind: text('kind').notNull().$type<EntryKindValue>(),
  text: text('text'),
  /** For a problem: days the school has to rectify it (null → the office default). */
  deadlineDays: integer('deadline_days'),
  mediaId: bigint('media_id', { mode: 'number' }).references(() => media.id),
  authorId: integer('author_id').notNull().references(() => people.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** Set by 撤销; undone entries are kept but ignored. */
  undoneAt: timestamp('undone_at', { withTimezone: true }),
  /** The message it came from (e.g. 'inbox:42'): a message handled twice after a crash adds one entry. */
  sourceKey: text('source_key'),
}, (t) => [index('visit_entries_visit').on(t.visitId, t.id), uniqueIndex('visit_entries_source').on(t.visitId, t.sourceKey)]);

/** 整改通知书 (附件6): one per problem of a submitted visit. */
export const rectificationNotices = pgTable('rectification_notices', {
  id: serial('id').primaryKey(),
  officeId: integer('office_id').notNull().references(() => offices.id),
  year: integer('year').notNull(),
  seq: integer('seq').notNull(),
  /** The printed number, e.g. 渡督整〔2026〕12号. */
  number: text('number').notNull().unique(),
  visitId: integer('visit_id').notNull().references(() => visits.id),
  entryId: integer('entry_id').references(() => visitEntries.id),
  schoolId: integer('school_id').notNull().references(() => schools.id),
  supervisorId: integer('supervisor_id').notNull().references(() => people.id),
  /** 需整改内容 ("经查，你校存在以下问题：…"). */
  problems: text('problems').notNull(),
  deadlineDays: integer('deadline_days').notNull(),
  issuedOn: date('issued_on', { mode: 'string' }).notNull(),
  dueOn: date('due_on', { mode: 'string' }).notNull(),
  status: text('status').notNull().default('issued').$type<NoticeStatusValue>(),
  /** Lifecycle times (rectification, issue 9): see domain/rectification-lifecycle.ts. */
  submittedAt: timestamp('submitted_at', { withTimezone: true }),
  verifiedAt: timestamp('verified_at', { withTimezone: true }),
  verifiedBy: integer('verified_by').references(() => people.id),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  /** The last 退回's reason, kept while the school rectifies again. */
  returnReason: text('return_reason'),
  returnedAt: timestamp('returned_at', { withTimezone: true }),
  overdueAt: timestamp('overdue_at', { withTimezone: true }),
  escalatedAt: timestamp('escalated_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('rectification_notices_office_year_seq').on(t.officeId, t.year, t.seq),
  index('rectification_notices_school').on(t.schoolId, t.status),
  index('rectification_notices_due').on(t.status, t.dueOn),
]);

/** The last notice number handed out per office and year; bumped with UPDATE … RETURNING inside the submit. */
export const noticeCounters = pgTable('notice_counters', {
  officeId: integer('office_id').notNull().references(() => offices.id),
  year: integer('year').notNull(),
  lastSeq: integer('last_seq').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.officeId, t.year] })]);
