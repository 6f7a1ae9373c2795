/** The organisation: offices, zones, schools, people with roles and channel identities, assignments (挂牌), standard items, audit. */
import { sql } from 'drizzle-orm';
import { bigserial, boolean, date, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const offices = pgTable('offices', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  /** Short prefix for notice numbers, e.g. 渡督整 → 渡督整〔2026〕12号. */
  noticePrefix: text('notice_prefix').notNull(),
  /** Format of notice numbers; {prefix} {year} {seq} are replaced. */
  noticeFormat: text('notice_format').notNull().default('{prefix}〔{year}〕{seq}号'),
  hotline: text('hotline'),
  maxSchoolsPerSupervisor: integer('max_schools_per_supervisor').notNull().default(5),
  defaultRectificationDays: integer('default_rectification_days').notNull().default(15),
  /** Office configuration (times, quotas, channels): read it through domain/office-settings.ts, which fills defaults. */
  settings: jsonb('settings').notNull().default({}),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const zones = pgTable('zones', {
  id: serial('id').primaryKey(),
  officeId: integer('office_id').notNull().references(() => offices.id),
  name: text('name').notNull(),
  address: text('address'),
  /** How the zone's group is reached: a WeCom appchat id, a group-robot webhook key, or a personal WeChat room topic. */
  wecomChatId: text('wecom_chat_id'),
  robotKey: text('robot_key'),
  wechatyRoom: text('wechaty_room'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('zones_office_name').on(t.officeId, t.name)]);

export const SCHOOL_TYPES = ['幼儿园', '小学', '初中', '九年一贯制', '完全中学', '高中', '中职', '特殊教育'] as const;

export const schools = pgTable('schools', {
  id: serial('id').primaryKey(),
  officeId: integer('office_id').notNull().references(() => offices.id),
  zoneId: integer('zone_id').notNull().references(() => zones.id),
  name: text('name').notNull(),
  /** Short names people type in chat (实验小学 for 大渡口区实验小学). */
  aliases: text('aliases').array().notNull().default(sql`'{}'::text[]`),
  type: text('type').notNull(),
  address: text('address'),
  enrolment: integer('enrolment'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('schools_office_name').on(t.officeId, t.name), index('schools_zone').on(t.zoneId)]);

export const ROLES = ['office_admin', 'zone_leader', 'supervisor', 'school_contact'] as const;
export type Role = (typeof ROLES)[number];

export const people = pgTable('people', {
  id: serial('id').primaryKey(),
  officeId: integer('office_id').notNull().references(() => offices.id),
  name: text('name').notNull(),
  /** Mobile number: the natural key an office's sheets use for a person. */
  mobile: text('mobile').notNull(),
  roles: text('roles').array().notNull().$type<Role[]>(),
  zoneId: integer('zone_id').references(() => zones.id),
  schoolId: integer('school_id').references(() => schools.id),
  wecomUserId: text('wecom_userid').unique(),
  wechatOpenId: text('wechat_openid').unique(),
  wechatyContact: text('wechaty_contact'),
  /** One-time code the office hands a contact so they can bind their official-account openid (绑定 123456). */
  bindCode: text('bind_code').unique(),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('people_office_mobile').on(t.officeId, t.mobile)]);

export const assignments = pgTable('assignments', {
  id: serial('id').primaryKey(),
  supervisorId: integer('supervisor_id').notNull().references(() => people.id),
  schoolId: integer('school_id').notNull().references(() => schools.id),
  startsOn: date('starts_on', { mode: 'string' }).notNull(),
  endsOn: date('ends_on', { mode: 'string' }),
  reason: text('reason'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('assignments_natural').on(t.supervisorId, t.schoolId, t.startsOn)]);

export const standardItems = pgTable('standard_items', {
  id: serial('id').primaryKey(),
  code: integer('code').notNull().unique(),
  title: text('title').notNull(),
  source: text('source').notNull().default('national'),
});

export const auditLog = pgTable('audit_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  /** Who acted: 'admin:3', 'person:12', 'import:admin:3', 'system'. */
  actor: text('actor').notNull(),
  /** The office whose data changed (null for changes that belong to no office). */
  officeId: integer('office_id').references(() => offices.id),
  action: text('action').notNull(),
  entity: text('entity').notNull(),
  entityId: text('entity_id'),
  before: jsonb('before'),
  after: jsonb('after'),
}, (t) => [index('audit_entity').on(t.entity, t.entityId), index('audit_office_at').on(t.officeId, t.id)]);
