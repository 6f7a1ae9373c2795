/**
 * Assignments (挂牌) of responsible supervisors to schools, with the quota of domain.md §2.5 T1: a supervisor holds
 * at most the office's maxSchoolsPerSupervisor schools at once; the next one is refused with the reason.
 */
import { and, asc, eq, gte, isNull, lte, or } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { assignments, people, schools } from '../db/schema/index.ts';
import { DudaoError } from '../domain/errors.ts';
import { admitAssignment } from '../domain/quota.ts';
import { shanghaiDate } from '../domain/deadlines.ts';
import { clock } from '../clock.ts';
import { orgText } from '../../templates/org.ts';
import { saveRow, type Outcome, type Who } from './audited-save.ts';
import { getOffice, ownPerson, ownSchool } from './org.ts';

export type Assignment = typeof assignments.$inferSelect;

export interface AssignmentInput {
  supervisorId: number;
  schoolId: number;
  /** Defaults to today (Asia/Shanghai). */
  startsOn?: string;
  endsOn?: string | null;
  reason?: string;
}

export interface Assigned {
  row: Assignment;
  outcome: Outcome;
  /** Schools the supervisor holds at the busiest moment of this assignment, and the office's limit. */
  load: number;
  max: number;
}

/** The schools a supervisor holds (all spans), with their names. */
export async function heldBy(db: DbOrTx, supervisorId: number) {
  return db
    .select({ id: assignments.id, schoolId: assignments.schoolId, school: schools.name, startsOn: assignments.startsOn, endsOn: assignments.endsOn })
    .from(assignments).innerJoin(schools, eq(schools.id, assignments.schoolId))
    .where(eq(assignments.supervisorId, supervisorId))
    .orderBy(asc(assignments.startsOn), asc(assignments.id));
}

/** Assigns a school to a supervisor (or updates the assignment with the same start day). Throws 409 over quota. */
export async function assignSchool(tx: DbOrTx, who: Who, input: AssignmentInput): Promise<Assigned> {
  const supervisor = await ownPerson(tx, who.officeId, input.supervisorId);
  const school = await ownSchool(tx, who.officeId, input.schoolId);
  if (!supervisor.roles.includes('supervisor')) throw new DudaoError('bad_request', orgText.notSupervisor(supervisor.name));
  const startsOn = input.startsOn ?? shanghaiDate(clock.now());
  const endsOn = input.endsOn ?? null;
  if (endsOn !== null && endsOn < startsOn) throw new DudaoError('bad_request', orgText.endsBeforeStart(startsOn, endsOn));

  const office = await getOffice(tx, who.officeId);
  const all = await heldBy(tx, supervisor.id);
  const existing = all.find((a) => a.schoolId === school.id && a.startsOn === startsOn);
  const held = all.filter((a) => a !== existing);
  const admission = admitAssignment(held, { schoolId: school.id, startsOn, endsOn: input.endsOn === undefined && existing ? existing.endsOn : endsOn }, office.maxSchoolsPerSupervisor);
  if (!admission.ok) {
    if (admission.reason === 'already_assigned') {
      throw new DudaoError('conflict', orgText.alreadyAssigned({ supervisor: supervisor.name, school: school.name, since: admission.since }));
    }
    const detail = { supervisor: supervisor.name, school: school.name, max: admission.max, day: admission.day, schools: admission.concurrent.map((c) => c.school) };
    throw new DudaoError('quota_exceeded', orgText.quota(detail), detail);
  }
  const [row] = existing ? await tx.select().from(assignments).where(eq(assignments.id, existing.id)) : [undefined];
  const saved = await saveRow<Assignment>(tx, assignments, 'assignment', who, row, {
    supervisorId: supervisor.id, schoolId: school.id, startsOn, endsOn: input.endsOn === undefined ? undefined : endsOn, reason: input.reason,
  });
  return { ...saved, load: admission.load, max: admission.max };
}

/** Assignments of the office, optionally only those active on a day, with supervisor and school names. */
export async function listAssignments(db: DbOrTx, officeId: number, filter: { activeOn?: string; supervisorId?: number } = {}) {
  const day = filter.activeOn;
  return db
    .select({
      id: assignments.id, supervisorId: assignments.supervisorId, supervisor: people.name, schoolId: assignments.schoolId,
      school: schools.name, startsOn: assignments.startsOn, endsOn: assignments.endsOn, reason: assignments.reason,
    })
    .from(assignments)
    .innerJoin(schools, eq(schools.id, assignments.schoolId))
    .innerJoin(people, eq(people.id, assignments.supervisorId))
    .where(and(
      eq(schools.officeId, officeId),
      filter.supervisorId ? eq(assignments.supervisorId, filter.supervisorId) : undefined,
      day ? and(lte(assignments.startsOn, day), or(isNull(assignments.endsOn), gte(assignments.endsOn, day))) : undefined,
    ))
    .orderBy(asc(assignments.id));
}
