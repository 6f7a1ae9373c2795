/** Chinese working days and public holidays (with their make-up working days), from the chinese-days package. */
import chineseDays from 'chinese-days';

/** The Nth working day after `day` (YYYY-MM-DD); 0 = `day` itself if it is one, else the next. */
export function workdayAfter(day: string, n: number): string {
  return chineseDays.findWorkday(n, day);
}

export function isWorkday(day: string): boolean {
  return chineseDays.isWorkday(day);
}

/** The last working day of a month ('YYYY-MM'), counting adjusted working weekends. */
export function lastWorkdayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y!, m!, 0)).getUTCDate();
  for (let d = last; d >= 1; d--) {
    const day = `${month}-${String(d).padStart(2, '0')}`;
    if (isWorkday(day)) return day;
  }
  return `${month}-01`;
}
