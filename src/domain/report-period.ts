/**
 * The periods reports cover: a month ('2026-05', 一月一报告) or a quarter ('2026-Q2'), as Shanghai calendar days
 * [firstDay, lastDay] and as instants [from, to) for timestamp columns.
 */
export interface Period {
  key: string;
  kind: 'month' | 'quarter';
  year: number;
  /** 1–12 for a month, 1–4 for a quarter. */
  index: number;
  firstDay: string;
  lastDay: string;
  /** Shanghai midnight at the start, and at the start of the next period. */
  from: Date;
  to: Date;
  /** The months it spans, as 'YYYY-MM'. */
  months: string[];
}

const pad = (n: number) => String(n).padStart(2, '0');
const midnight = (y: number, m: number) => new Date(`${y}-${pad(m)}-01T00:00:00+08:00`);
const lastDayOf = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** Parses '2026-05' or '2026-Q2'; null for anything else. */
export function parsePeriod(key: string): Period | null {
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(key);
  if (month) {
    const y = Number(month[1]);
    const m = Number(month[2]);
    return span(key, 'month', y, m, m, m);
  }
  const quarter = /^(\d{4})-Q([1-4])$/.exec(key);
  if (quarter) {
    const y = Number(quarter[1]);
    const q = Number(quarter[2]);
    return span(key, 'quarter', y, q, q * 3 - 2, q * 3);
  }
  return null;
}

function span(key: string, kind: Period['kind'], year: number, index: number, m1: number, m2: number): Period {
  const next = m2 === 12 ? midnight(year + 1, 1) : midnight(year, m2 + 1);
  const months = [];
  for (let m = m1; m <= m2; m++) months.push(`${year}-${pad(m)}`);
  return {
    key, kind, year, index,
    firstDay: `${year}-${pad(m1)}-01`,
    lastDay: `${year}-${pad(m2)}-${pad(lastDayOf(year, m2))}`,
    from: midnight(year, m1), to: next, months,
  };
}

/** The month before the one a Shanghai day falls in ('2026-06-01' → '2026-05'). */
export function previousMonth(day: string): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${pad(m - 1)}`;
}

/** The quarter that ended with this month, or null ('2026-06' → '2026-Q2'). */
export function quarterEndingWith(month: string): string | null {
  const m = Number(month.slice(5, 7));
  return m % 3 === 0 ? `${month.slice(0, 4)}-Q${m / 3}` : null;
}
