/**
 * When a notice's nudges go out (conversations.md §3.4), as a pure function of the day: to the contact on the
 * first working day from `remindDaysBefore` days before the deadline, and on the deadline day itself (even a
 * holiday); after it, every `overdueEveryWorkingDays` working days; from `escalateToSupervisorAfterDays` days
 * overdue also to the supervisor and the zone leader (the first working day on which that is reached, then with
 * every nudge); on the first working day `escalateToOfficeAfterDays` days overdue the office is warned (预警) and the
 * notice is escalated. No nudge falls on a non-working day except the deadline day; quiet hours move the send time.
 */
import { daysBetween } from './deadlines.ts';
import { isWorkday, workdayAfter } from './working-days.ts';

export interface NudgeRules {
  remindDaysBefore: number;
  overdueEveryWorkingDays: number;
  escalateToSupervisorAfterDays: number;
  escalateToOfficeAfterDays: number;
}

export type NudgeAudience = 'contact' | 'supervisor' | 'zone_leader' | 'office';

export interface NudgePlan {
  kind: 'before' | 'due' | 'overdue';
  audiences: NudgeAudience[];
  /** Calendar days past the deadline (negative before it). */
  overdueDays: number;
  /** The notice is escalated today (the office's 预警). */
  escalate: boolean;
}

/** `day` moved by n calendar days (either way). */
function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** The first working day on or after `day`. */
const workdayFrom = (day: string): string => workdayAfter(day, 0);

/** Working days in (from, to]. */
function workdaysIn(from: string, to: string): number {
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkday(d)) n++;
  return n;
}

export function nudgeOn(day: string, dueOn: string, rules: NudgeRules): NudgePlan | null {
  const overdueDays = daysBetween(dueOn, day);
  if (overdueDays === 0) return { kind: 'due', audiences: ['contact'], overdueDays, escalate: false };
  if (overdueDays < 0) {
    if (rules.remindDaysBefore <= 0 || -overdueDays > rules.remindDaysBefore) return null;
    const first = workdayFrom(addDays(dueOn, -rules.remindDaysBefore));
    return first === day && first < dueOn ? { kind: 'before', audiences: ['contact'], overdueDays, escalate: false } : null;
  }
  if (!isWorkday(day)) return null;
  const k = workdaysIn(dueOn, day);
  const regular = k > 0 && k % rules.overdueEveryWorkingDays === 0;
  const audiences: NudgeAudience[] = [];
  if (regular) audiences.push('contact');
  if (overdueDays >= rules.escalateToSupervisorAfterDays) {
    const firstStaffDay = workdayFrom(addDays(dueOn, rules.escalateToSupervisorAfterDays));
    if (regular || day === firstStaffDay) audiences.push('supervisor', 'zone_leader');
  }
  const escalate = overdueDays >= rules.escalateToOfficeAfterDays && day === workdayFrom(addDays(dueOn, rules.escalateToOfficeAfterDays));
  if (escalate) audiences.push('office');
  return audiences.length ? { kind: 'overdue', audiences, overdueDays, escalate } : null;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** True when HH:mm falls in the quiet hours [from, until) (which may span midnight). */
export function isQuiet(hhmm: string, from: string, until: string): boolean {
  const t = minutes(hhmm), a = minutes(from), b = minutes(until);
  return a <= b ? t >= a && t < b : t >= a || t < b;
}

/** The time of day nudges go out: the office's nudge time, or the end of the quiet hours if it falls in them. */
export function nudgeTime(preferred: string, quietFrom: string, quietUntil: string): string {
  return isQuiet(preferred, quietFrom, quietUntil) ? quietUntil : preferred;
}

/** May a nudge for `day` go out at HH:mm `now`? From the nudge time until the quiet hours begin. */
export function mayNudgeAt(now: string, preferred: string, quietFrom: string, quietUntil: string): boolean {
  return minutes(now) >= minutes(nudgeTime(preferred, quietFrom, quietUntil)) && !isQuiet(now, quietFrom, quietUntil);
}
