/**
 * Five-field cron expressions (minute hour day-of-month month day-of-week) read in Asia/Shanghai, which keeps
 * UTC+8 all year (no daylight saving). Fields take `*`, numbers, ranges `a-b`, lists `a,b` and steps `* /n`, `a-b/n`;
 * day-of-week 0 or 7 is Sunday. As in classic cron, when both day fields are restricted a day matching either runs.
 * Used to tell which firings of a job fall inside an interval (the sandbox clock and the test helper run each one).
 */

const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

export interface Cron {
  source: string;
  minutes: number[];
  hours: number[];
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  anyDay: boolean;
  anyWeekday: boolean;
}

const FIELDS: [string, number, number][] = [
  ['minute', 0, 59], ['hour', 0, 23], ['day of month', 1, 31], ['month', 1, 12], ['day of week', 0, 7],
];

function parseField(text: string, [what, lo, hi]: [string, number, number]): number[] {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!m) throw new RangeError(`cron ${what}: cannot read "${part}"`);
    const step = m[4] ? Number(m[4]) : 1;
    let from = lo;
    let to = hi;
    if (m[1] !== '*') {
      from = Number(m[2]);
      to = m[3] !== undefined ? Number(m[3]) : m[4] ? hi : from;
    }
    if (from < lo || to > hi || from > to || step < 1) throw new RangeError(`cron ${what}: "${part}" is outside ${lo}-${hi}`);
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

export function parseCron(source: string): Cron {
  const parts = source.trim().split(/\s+/);
  if (parts.length !== 5) throw new RangeError(`cron "${source}" must have five fields`);
  const [minutes, hours, days, months, weekdays] = parts.map((p, i) => parseField(p, FIELDS[i]!));
  return {
    source,
    minutes: minutes!,
    hours: hours!,
    days: new Set(days),
    months: new Set(months),
    weekdays: new Set(weekdays!.map((d) => d % 7)),
    anyDay: parts[2] === '*',
    anyWeekday: parts[4] === '*',
  };
}

function dayMatches(c: Cron, localMidnight: number): boolean {
  const d = new Date(localMidnight);
  if (!c.months.has(d.getUTCMonth() + 1)) return false;
  const dom = c.days.has(d.getUTCDate());
  const dow = c.weekdays.has(d.getUTCDay());
  if (c.anyDay && c.anyWeekday) return true;
  if (c.anyDay) return dow;
  if (c.anyWeekday) return dom;
  return dom || dow;
}

/** Every firing in the half-open interval (from, to], oldest first. */
export function firingsBetween(cron: Cron | string, from: Date, to: Date): Date[] {
  const c = typeof cron === 'string' ? parseCron(cron) : cron;
  const out: Date[] = [];
  const start = from.getTime();
  const end = to.getTime();
  if (end <= start) return out;
  // Walk Shanghai calendar days (as UTC-shifted midnights), then the hours and minutes the expression allows.
  for (let day = Math.floor((start + OFFSET_MS) / DAY_MS) * DAY_MS; day - OFFSET_MS <= end; day += DAY_MS) {
    if (!dayMatches(c, day)) continue;
    for (const h of c.hours) {
      for (const m of c.minutes) {
        const at = day - OFFSET_MS + h * 3600_000 + m * 60_000;
        if (at > start && at <= end) out.push(new Date(at));
      }
    }
  }
  return out;
}

/** The latest firing at or before `at` (looking back at most `lookbackDays`), or null. */
export function lastFiring(cron: Cron | string, at: Date, lookbackDays = 400): Date | null {
  const c = typeof cron === 'string' ? parseCron(cron) : cron;
  // Search back a day at a time so a daily job costs one small walk.
  for (let back = 1; back <= lookbackDays; back *= 2) {
    const found = firingsBetween(c, new Date(at.getTime() - back * DAY_MS), at);
    if (found.length) return found.at(-1)!;
  }
  return null;
}

/** The first firing after `at` (within a year and a bit), or null. */
export function nextFiring(cron: Cron | string, at: Date): Date | null {
  const c = typeof cron === 'string' ? parseCron(cron) : cron;
  for (let ahead = 1; ahead <= 800; ahead *= 2) {
    const found = firingsBetween(c, at, new Date(at.getTime() + ahead * DAY_MS));
    if (found.length) return found[0]!;
  }
  return null;
}
