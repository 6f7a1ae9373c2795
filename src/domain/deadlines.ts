/**
 * Rectification deadlines (domain.md T11): a notice issued on day D with N days is due on D + N calendar days,
 * counted in Asia/Shanghai. Dates travel as 'YYYY-MM-DD' strings and print as 2026年6月5日.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import timezone from 'dayjs/plugin/timezone.js';

dayjs.extend(utc);
dayjs.extend(timezone);

export const TZ = 'Asia/Shanghai';
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The calendar date of an instant in Asia/Shanghai. */
export function shanghaiDate(at: Date): string {
  return dayjs(at).tz(TZ).format('YYYY-MM-DD');
}

export function shanghaiYear(at: Date): number {
  return Number(shanghaiDate(at).slice(0, 4));
}

/** HH:mm of an instant in Asia/Shanghai. */
export function shanghaiTime(at: Date): string {
  return dayjs(at).tz(TZ).format('HH:mm');
}

export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** issuedOn + days calendar days. */
export function dueDate(issuedOn: string, days: number): string {
  if (!isIsoDate(issuedOn)) throw new RangeError(`not a date: ${issuedOn}`);
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`not a number of days: ${days}`);
  const [y, m, d] = issuedOn.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** '2026-06-05' → '2026年6月5日'. */
export function chineseDate(isoDate: string): string {
  const m = ISO_DATE.exec(isoDate);
  if (!m) throw new RangeError(`not a date: ${isoDate}`);
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
