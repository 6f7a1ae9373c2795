/**
 * Reports (督导报告) and what publishing them needs: the images they carry (charts rendered on the server, visit
 * photos the office marked publishable), the personal-data flags found by the redaction gate, and the
 * rectification outcomes the office chose to make public (seed 003 (七): 整改情况向社会公布).
 */
import { bigint, boolean, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { offices, schools, zones } from './org.ts';
import { visits, rectificationNotices } from './visits.ts';
import { media } from './messaging.ts';

export type ReportKindValue = 'visit' | 'monthly_zone' | 'monthly_district' | 'quarterly' | 'exemplary';
export type ReportStatusValue = 'draft' | 'submitted' | 'zone_approved' | 'approved' | 'publishing' | 'published' | 'publish_failed' | 'withdrawn';

export const reports = pgTable('reports', {
  id: serial('id').primaryKey(),
  officeId: integer('office_id').notNull().references(() => offices.id),
  kind: text('kind').notNull().$type<ReportKindValue>(),
  title: text('title').notNull(),
  /** '2026-05' for a month, '2026-Q2' for a quarter; null for a visit report or a recommendation. */
  period: text('period'),
  zoneId: integer('zone_id').references(() => zones.id),
  schoolId: integer('school_id').references(() => schools.id),
  visitId: integer('visit_id').references(() => visits.id),
  /** Set on compiled reports ('monthly_zone:3:2026-05'), so compiling twice makes one draft. */
  compileKey: text('compile_key'),
  status: text('status').notNull().default('draft').$type<ReportStatusValue>(),
  /** The view model the body was rendered from (figures, lists), kept for the console and exports. */
  data: jsonb('data').notNull().default({}),
  /** The article: HTML with inline styles only; images as <img src="report-image:ID">. */
  bodyHtml: text('body_html').notNull(),
  digest: text('digest'),
  createdBy: text('created_by').notNull(),
  submittedAt: timestamp('submitted_at', { withTimezone: true }),
  zoneApprovedBy: text('zone_approved_by'),
  zoneApprovedAt: timestamp('zone_approved_at', { withTimezone: true }),
  approvedBy: text('approved_by'),
  approvedAt: timestamp('approved_at', { withTimezone: true }),
  /** Bumped on every approval to publish, so each publication has its own outbox key. */
  publishAttempt: integer('publish_attempt').notNull().default(0),
  thumbMediaId: text('thumb_media_id'),
  draftMediaId: text('draft_media_id'),
  publishId: text('publish_id'),
  articleId: text('article_id'),
  articleUrl: text('article_url'),
  publishError: text('publish_error'),
  publishedAt: timestamp('published_at', { withTimezone: true }),
  withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('reports_compile_key').on(t.compileKey),
  index('reports_office_status').on(t.officeId, t.status, t.publishedAt),
  index('reports_school').on(t.schoolId, t.status),
  uniqueIndex('reports_publish_id').on(t.publishId),
]);

export const reportImages = pgTable('report_images', {
  id: serial('id').primaryKey(),
  reportId: integer('report_id').notNull().references(() => reports.id, { onDelete: 'cascade' }),
  /** A photo's stored file; null for a chart. */
  mediaId: bigint('media_id', { mode: 'number' }).references(() => media.id),
  /** 'chart' (rendered here from `svg`, publishable) or 'photo' (from a visit: private until the office marks it). */
  kind: text('kind').notNull().$type<'chart' | 'photo'>(),
  /** A chart's SVG; its PNG is rendered from it when needed (same bytes every time). */
  svg: text('svg'),
  caption: text('caption'),
  publishable: boolean('publishable').notNull().default(false),
  /** The mmbiz URL media/uploadimg gave it, once uploaded. */
  wechatUrl: text('wechat_url'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('report_images_media').on(t.reportId, t.mediaId)]);

export type FlagStatusValue = 'open' | 'fixed' | 'accepted';

export const reportFlags = pgTable('report_flags', {
  id: serial('id').primaryKey(),
  reportId: integer('report_id').notNull().references(() => reports.id, { onDelete: 'cascade' }),
  kind: text('kind').notNull(),
  /** The text found (for a photo: 'report-image:ID'); with the kind, what identifies the flag across edits. */
  matched: text('matched').notNull(),
  start: integer('start'),
  end: integer('end'),
  status: text('status').notNull().default('open').$type<FlagStatusValue>(),
  reason: text('reason'),
  resolvedBy: text('resolved_by'),
  resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('report_flags_fingerprint').on(t.reportId, t.kind, t.matched)]);

export const publishedRectifications = pgTable('published_rectifications', {
  noticeId: integer('notice_id').primaryKey().references(() => rectificationNotices.id),
  officeId: integer('office_id').notNull().references(() => offices.id),
  schoolId: integer('school_id').notNull().references(() => schools.id),
  /** What the public reads: the outcome in the office's words (no personal data; checked like a report). */
  summary: text('summary').notNull(),
  publishedBy: text('published_by').notNull(),
  publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
}, (t) => [index('published_rectifications_school').on(t.schoolId, t.publishedAt)]);
