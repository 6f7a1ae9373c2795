/**
 * Advance notice to the school (清远 规程 一.2 "督导前要提前两天告知被督导学校。随机督导、督导机构安排的明查暗访可不
 * 提前告知"): an announced visit must be at least N days (the office's advanceNoticeDays, 2) after the day the
 * school hears of it; a 随机督导 or 明查暗访 is never announced to the school.
 */
import { dueDate, daysBetween } from './deadlines.ts';

export const UNANNOUNCED_TYPES = ['随机督导', '明查暗访'] as const;

export function isUnannounced(type: string): boolean {
  return (UNANNOUNCED_TYPES as readonly string[]).includes(type.trim());
}

/** The earliest day an announced visit may be planned for, when the school is told on `noticeDay`. */
export function earliestAnnouncedDay(noticeDay: string, days: number): string {
  return dueDate(noticeDay, days);
}

/** May an announced visit on `plannedOn` be told to the school on `noticeDay`? */
export function noticeIsEnough(noticeDay: string, plannedOn: string, days: number): boolean {
  return daysBetween(noticeDay, plannedOn) >= days;
}
