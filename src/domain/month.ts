/** Calendar months as the office counts them: 'YYYY-MM' in Asia/Shanghai. */
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(value: string): boolean {
  return MONTH.test(value);
}

/** '2026-10' → its first day and the first day of the next month ('2026-10-01', '2026-11-01'). */
export function monthBounds(month: string): { first: string; next: string } {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`not a month: ${month}`);
  const y = Number(m[1]);
  const n = Number(m[2]);
  const next = n === 12 ? `${y + 1}-01` : `${y}-${String(n + 1).padStart(2, '0')}`;
  return { first: `${month}-01`, next: `${next}-01` };
}

export const monthOf = (day: string): string => day.slice(0, 7);
