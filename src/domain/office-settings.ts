/**
 * Office configuration: one jsonb document per office (`offices.settings`), each wave-2 feature owning one section.
 * Every key has the seeds' default, so an office stores only what it changes. Times are HH:mm in Asia/Shanghai.
 * Read it with officeSettings(row.settings); never read the jsonb directly.
 */
import { z } from 'zod';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm');

/** The calendar (issue: visits follow the seeds' cadence; quiet hours; China's working days). */
const calendar = z.object({
  /** The card on the morning of a planned visit. */
  morningCardTime: hhmm.default('08:00'),
  /** No reminder is sent from quietFrom until quietUntil. */
  quietFrom: hhmm.default('21:00'),
  quietUntil: hhmm.default('08:00'),
  /** A draft untouched this long gets its one reminder. */
  staleDraftHours: z.number().int().min(1).max(168).default(12),
  /** The school is told of a planned visit at least this many days before (清远 规程 一.2). */
  advanceNoticeDays: z.number().int().min(0).max(30).default(2),
  /** Submitted visits per school per month (seed 000 四(一): 每月不少于2次). */
  visitsPerSchoolPerMonth: z.number().int().min(0).max(31).default(2),
  /** The day of the month on which supervisors get their schools below the quota. */
  quotaReminderDay: z.number().int().min(1).max(28).default(20),
  /** When the office's admins get tomorrow's planned visits (申报备案). */
  digestTime: hhmm.default('17:00'),
}).prefault({});

/** Rectification nudges and escalation (conversations.md §3.4). */
const rectification = z.object({
  nudgeTime: hhmm.default('09:00'),
  remindDaysBefore: z.number().int().min(0).max(30).default(3),
  overdueEveryWorkingDays: z.number().int().min(1).max(30).default(2),
  escalateToSupervisorAfterDays: z.number().int().min(1).max(60).default(3),
  escalateToOfficeAfterDays: z.number().int().min(1).max(90).default(7),
}).prefault({});

/** Monthly meetings (一月一例会). */
const meetings = z.object({
  noticeDaysBefore: z.number().int().min(0).max(30).default(3),
  noticeTime: hhmm.default('08:30'),
}).prefault({});

/** The official account. */
const officialAccount = z.object({
  /** 服务号 can send template messages outside the 48-hour window; 订阅号 cannot. */
  kind: z.enum(['服务号', '订阅号']).default('服务号'),
  /**
   * Template ids by purpose, as registered on the official account: `notice` is used for every message that must
   * reach someone outside the 48-hour window; a purpose named after an outbox key's first part (e.g. `rect`) wins.
   */
  templates: z.record(z.string(), z.string()).default({}),
  /** The template's field names for the message's title, its text and its time (类目模板 keywords). */
  templateFields: z.object({
    title: z.string().min(1).default('keyword1'),
    body: z.string().min(1).default('keyword2'),
    time: z.string().min(1).default('keyword3'),
  }).prefault({}),
  bindCodeDays: z.number().int().min(1).max(90).default(7),
  /** Wrong bind codes from one openid within an hour before binding pauses for that openid. */
  bindMaxWrongPerHour: z.number().int().min(1).max(50).default(5),
}).prefault({});

/** Reports and publication. */
const reports = z.object({
  /** The day of the month on which last month's bulletins are compiled. */
  compileDay: z.number().int().min(1).max(28).default(1),
  /** Phrases that are public and never flagged by the redaction gate: the office's address, other public numbers
   * (the hotline and the names of supervisors and office staff are public already). */
  publicPhrases: z.array(z.string().min(2).max(100)).max(50).default([]),
}).prefault({});

/** The office's printed documents. */
const documents = z.object({
  /**
   * The record page's form title (the seeds' 附件5 is 清远市's). Unset → the office's own area followed by
   * 责任区督学工作纪实表 (templates/visit-record.ts), the area read from the office's name (recordAreaOf).
   */
  visitRecordTitle: z.string().trim().min(1).max(60).optional(),
}).prefault({});

export const officeSettingsSchema = z.object({ calendar, rectification, meetings, officialAccount, reports, documents });
export type OfficeSettings = z.infer<typeof officeSettingsSchema>;

/** The office's settings with every default filled in; a stored value that no longer parses falls back to defaults. */
export function officeSettings(stored: unknown): OfficeSettings {
  const parsed = officeSettingsSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : officeSettingsSchema.parse({});
}

/**
 * The area an office serves, from its name: everything up to the first 市, 区, 县, 旗 or 盟 (大渡口区人民政府教育督导室 →
 * 大渡口区, 清远市教育局督导室 → 清远市); the whole name when it names none.
 */
export function recordAreaOf(officeName: string): string {
  const m = /^(.+?(?:自治州|自治县|市|区|县|旗|盟))/.exec(officeName.trim());
  return m ? m[1]! : officeName.trim();
}
