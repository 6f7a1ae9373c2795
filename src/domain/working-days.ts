/** Chinese working days and public holidays (with their make-up working days), from the chinese-days package. */
import chineseDays from 'chinese-days';

/** The Nth working day after `day` (YYYY-MM-DD); 0 = `day` itself if it is one, else the next. */
export function workdayAfter(day: string, n: number): string {
  return chineseDays.findWorkday(n, day);
}

export function isWorkday(day: string): boolean {
  return chineseDays.isWorkday(day);
}
