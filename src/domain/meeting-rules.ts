/**
 * Rules of the monthly zone meeting (一月一例会, seed 000 四(四), seed 002; domain.md T15): when a meeting may be
 * held, when its notices are due, and which notice a run of the reminder job owes. Pure: times come in, answers out.
 */
import dayjs from 'dayjs';
import { TZ, shanghaiDate } from './deadlines.ts';
import { isWorkday } from './working-days.ts';

export const MEETING_PLACE_MAX = 100;
export const MEETING_AGENDA_MAX = 500;
export const MEETING_MINUTES_MAX = 2000;
export const LEAVE_REASON_MAX = 100;

export type DateProblem = 'past' | 'non_working_day';

/** Why a meeting cannot be held at `startsAt` (seen at `now`), or null. The office may force past the second. */
export function meetingDateProblem(startsAt: Date, now: Date): DateProblem | null {
  if (startsAt.getTime() <= now.getTime()) return 'past';
  if (!isWorkday(shanghaiDate(startsAt))) return 'non_working_day';
  return null;
}

export interface NoticeSettings {
  /** The first notice goes this many calendar days before the day (D-3). */
  noticeDaysBefore: number;
  /** HH:mm, Asia/Shanghai, for both notices. */
  noticeTime: string;
}

export interface NoticeInstants {
  /** The first notice: the group and a card to each WeCom member. */
  announceAt: Date;
  /** The notice on the day (names who has not answered); null when the meeting starts before noticeTime. */
  dayAt: Date | null;
}

export function noticeInstants(startsAt: Date, s: NoticeSettings): NoticeInstants {
  const [h, m] = s.noticeTime.split(':').map(Number);
  const day = dayjs(startsAt).tz(TZ).startOf('day').hour(h!).minute(m!);
  const dayAt = day.toDate() < startsAt ? day.toDate() : null;
  const announceAt = day.subtract(s.noticeDaysBefore, 'day').toDate();
  return { announceAt: dayAt && announceAt > dayAt ? dayAt : announceAt, dayAt };
}

export interface NoticeState {
  status: string;
  startsAt: Date;
  version: number;
  announcedVersion: number | null;
  dayNoticeVersion: number | null;
}

/**
 * What a reminder run at `at` owes the meeting: the first notice (which also stands for the day's one when both are
 * due together, so nobody gets two at once), the day's notice, or nothing. A meeting that has started owes nothing.
 */
export function dueNotice(m: NoticeState, instants: NoticeInstants, at: Date): 'announce' | 'day' | null {
  if (m.status !== 'scheduled' || at.getTime() >= m.startsAt.getTime()) return null;
  if (m.announcedVersion !== m.version) return at >= instants.announceAt ? 'announce' : null;
  if (m.dayNoticeVersion !== m.version && instants.dayAt && at >= instants.dayAt) return 'day';
  return null;
}

/** True when the first notice of this version already covers the day's (it went out on or after the day's time). */
export function announceCoversDay(instants: NoticeInstants, at: Date): boolean {
  return !instants.dayAt || at >= instants.dayAt;
}
