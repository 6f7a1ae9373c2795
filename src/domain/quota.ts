/**
 * The supervisor : school ratio (domain.md §2.5 T1): one supervisor holds at most N schools at the same time
 * (5 by default, configurable per office). Days are 'YYYY-MM-DD'; endsOn is inclusive and null means open-ended.
 */
export interface Span {
  startsOn: string;
  endsOn: string | null;
}

/** An assignment is active on a day when it has started and not yet ended. */
export function isActiveOn(a: Span, day: string): boolean {
  return a.startsOn <= day && (a.endsOn === null || a.endsOn >= day);
}

export function overlaps(a: Span, b: Span): boolean {
  return a.startsOn <= (b.endsOn ?? '9999-12-31') && b.startsOn <= (a.endsOn ?? '9999-12-31');
}

export type QuotaCheck<T extends Span> =
  | { ok: true; load: number; max: number; atLimit: boolean }
  | { ok: false; max: number; day: string; concurrent: T[] };

/**
 * Would adding `candidate` make the supervisor hold more than `max` schools at once? The busiest moment inside the
 * candidate's span is always the start of the candidate or of one of the assignments it overlaps, so only those days
 * are examined. On refusal, `concurrent` lists the assignments already running on the busiest day.
 */
export function checkQuota<T extends Span>(existing: T[], candidate: Span, max: number): QuotaCheck<T> {
  const overlapping = existing.filter((e) => overlaps(e, candidate));
  const days = [candidate.startsOn, ...overlapping.map((e) => e.startsOn).filter((d) => isActiveOn(candidate, d))];
  let busiest = { day: candidate.startsOn, concurrent: [] as T[] };
  for (const day of days) {
    const concurrent = overlapping.filter((e) => isActiveOn(e, day));
    if (concurrent.length > busiest.concurrent.length) busiest = { day, concurrent };
  }
  const load = busiest.concurrent.length + 1;
  if (load > max) return { ok: false, max, ...busiest };
  return { ok: true, load, max, atLimit: load === max };
}

export interface HeldSchool extends Span {
  schoolId: number;
}

export type Admission<T extends HeldSchool> =
  | { ok: true; load: number; max: number; atLimit: boolean }
  | { ok: false; reason: 'already_assigned'; since: string }
  | { ok: false; reason: 'quota'; max: number; day: string; concurrent: T[] };

/**
 * May a supervisor who holds `held` take `candidate`? Refused when the same school is already held during an
 * overlapping span (it would count twice), or when the quota would be exceeded.
 */
export function admitAssignment<T extends HeldSchool>(held: T[], candidate: HeldSchool, max: number): Admission<T> {
  const same = held.find((h) => h.schoolId === candidate.schoolId && overlaps(h, candidate));
  if (same) return { ok: false, reason: 'already_assigned', since: same.startsOn };
  const check = checkQuota(held, candidate, max);
  return check.ok ? check : { ok: false, reason: 'quota', max: check.max, day: check.day, concurrent: check.concurrent };
}
