/** Monthly zone meetings (一月一例会): the meeting, members' answers (参加 / 请假) and the attendance recorded after. */
import { boolean, index, integer, pgTable, primaryKey, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { offices, people, zones } from './org.ts';

export type MeetingStatusValue = 'draft' | 'scheduled' | 'cancelled';
export type RsvpAnswerValue = 'attend' | 'leave';

export const meetings = pgTable('meetings', {
  id: serial('id').primaryKey(),
  officeId: integer('office_id').notNull().references(() => offices.id),
  /** Null: a meeting of every zone of the office. */
  zoneId: integer('zone_id').references(() => zones.id),
  startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
  place: text('place').notNull(),
  agenda: text('agenda'),
  /** The person who scheduled it by chat (office admin or zone leader); null when the office did it over the API. */
  organiserId: integer('organiser_id').references(() => people.id),
  /** draft: typed in chat, waiting for 确认; scheduled; cancelled. */
  status: text('status').notNull().default('scheduled').$type<MeetingStatusValue>(),
  /** Goes up on every move: cards, answers and notices belong to one version. */
  version: integer('version').notNull().default(1),
  /** The version whose first notice (group + cards) went out. */
  announcedVersion: integer('announced_version'),
  /** The version whose notice on the day went out. */
  dayNoticeVersion: integer('day_notice_version'),
  minutes: text('minutes'),
  recordedAt: timestamp('recorded_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('meetings_office_starts').on(t.officeId, t.startsAt),
  index('meetings_due').on(t.startsAt).where(sql`${t.status} = 'scheduled'`),
]);

export const meetingRsvps = pgTable('meeting_rsvps', {
  meetingId: integer('meeting_id').notNull().references(() => meetings.id, { onDelete: 'cascade' }),
  personId: integer('person_id').notNull().references(() => people.id),
  /** The meeting version answered; an answer to an older version no longer counts. */
  version: integer('version').notNull(),
  answer: text('answer').notNull().$type<RsvpAnswerValue>(),
  reason: text('reason'),
  /** card | chat | group */
  via: text('via').notNull(),
  answeredAt: timestamp('answered_at', { withTimezone: true }).notNull(),
}, (t) => [primaryKey({ columns: [t.meetingId, t.personId] })]);

export const meetingAttendance = pgTable('meeting_attendance', {
  meetingId: integer('meeting_id').notNull().references(() => meetings.id, { onDelete: 'cascade' }),
  personId: integer('person_id').notNull().references(() => people.id),
  present: boolean('present').notNull(),
}, (t) => [primaryKey({ columns: [t.meetingId, t.personId] })]);
