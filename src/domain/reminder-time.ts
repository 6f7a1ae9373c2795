/**
 * When a message may reach a person (issue 8 §3): never in the quiet hours (21:00–08:00 by default), and a reminder
 * that falls on a non-working day (weekends and public holidays, with the adjusted working weekends counted as
 * working, from chinese-days) waits for the next working morning. Times are the office's (calendar settings).
 */
import type { OfficeSettings } from './office-settings.ts';
import { isWorkday } from './working-days.ts';

const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

type Calendar = Pick<OfficeSettings['calendar'], 'quietFrom' | 'quietUntil'>;

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** 'YYYY-MM-DD' of a Shanghai midnight expressed as a UTC-shifted instant. */
const dayOf = (localMs: number): string => new Date(localMs).toISOString().slice(0, 10);

/** Is `at` inside the quiet hours? (quietFrom may be later than quietUntil, spanning midnight, or earlier.) */
export function isQuiet(at: Date, cal: Calendar): boolean {
  const local = at.getTime() + OFFSET_MS;
  const minute = Math.floor((local % DAY_MS) / 60_000);
  const from = minutesOf(cal.quietFrom);
  const until = minutesOf(cal.quietUntil);
  if (from === until) return false;
  return from > until ? minute >= from || minute < until : minute >= from && minute < until;
}

export interface DeliveryRule {
  /** A reminder: on a non-working day it waits for the next working day's quietUntil. Default true. */
  workingDaysOnly?: boolean;
}

/** The earliest instant at or after `at` when the message may be delivered. */
export function deliveryTime(at: Date, cal: Calendar, rule: DeliveryRule = {}): Date {
  const workingOnly = rule.workingDaysOnly ?? true;
  const until = minutesOf(cal.quietUntil) * 60_000;
  let t = at.getTime();
  for (let guard = 0; guard < 60; guard++) {
    const local = t + OFFSET_MS;
    const midnight = Math.floor(local / DAY_MS) * DAY_MS;
    if (isQuiet(new Date(t), cal)) {
      // Out of the quiet hours at quietUntil: today's if still ahead, else tomorrow's.
      const today = midnight + until;
      t = (today > local ? today : today + DAY_MS) - OFFSET_MS;
      continue;
    }
    if (workingOnly && !isWorkday(dayOf(midnight))) {
      t = midnight + DAY_MS + until - OFFSET_MS;
      continue;
    }
    return new Date(t);
  }
  return new Date(t);
}

/** The office's day of an instant, 'YYYY-MM-DD' (Asia/Shanghai). */
export function localDayOf(at: Date): string {
  return dayOf(at.getTime() + OFFSET_MS);
}

/** The instant of HH:mm on a 'YYYY-MM-DD' day in Asia/Shanghai. */
export function atLocal(day: string, hhmm: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) + minutesOf(hhmm) * 60_000 - OFFSET_MS);
}
