/** Calendar days as the office lives them: 'YYYY-MM-DD' in Asia/Shanghai, compared as strings. */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import timezone from 'dayjs/plugin/timezone.js';

dayjs.extend(utc);
dayjs.extend(timezone);

export const OFFICE_TZ = 'Asia/Shanghai';

/** The Shanghai calendar day of an instant, e.g. 2026-03-02. */
export function localDay(at: Date): string {
  return dayjs(at).tz(OFFICE_TZ).format('YYYY-MM-DD');
}

/** True for a real calendar day written as YYYY-MM-DD. */
export function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
