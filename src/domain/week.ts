/** The office's week: Monday to Sunday, as 'YYYY-MM-DD' days (Asia/Shanghai days are compared as strings). */
import dayjs from 'dayjs';

/** The Monday and Sunday of the week that holds `day`. */
export function weekOf(day: string): { from: string; to: string } {
  const d = dayjs(`${day}T00:00:00Z`);
  const monday = d.subtract((d.day() + 6) % 7, 'day');
  return { from: monday.format('YYYY-MM-DD'), to: monday.add(6, 'day').format('YYYY-MM-DD') };
}
