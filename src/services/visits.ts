/**
 * Visits (督导), the supervisor's side: start (or resume) a visit, find the open draft, abandon it. The rest of the
 * use cases live in visit-plan.ts, visit-entries.ts, visit-summary.ts, visit-submit.ts, visit-rating.ts and
 * visit-reminders.ts; they are re-exported here so callers import one module.
 */
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { visitParticipants, visits } from '../db/schema/index.ts';
import { clock } from '../clock.ts';
import { DudaoError } from '../domain/errors.ts';
import { visitErrors } from '../../templates/visit-errors.ts';
import { isAssigned, personById, schoolById, schoolsOfSupervisor, type School } from './directory.ts';
import {
  assertCanSupervise, draftOf, isOnVisit, lockPerson, lockVisit, requireDraft, today, touch, type Visit,
} from './visit-draft.ts';
import type { Tx } from '../db/client.ts';

export type { Visit } from './visit-draft.ts';
export { planVisit, rescheduleVisit, sendMorningCards, type PlanVisitInput } from './visit-plan.ts';
export { addEntry, attachPhoto, setItems, setMethods, setNarrative, undoLast, type VisitEntry } from './visit-entries.ts';
export { progress, completeCheck, type VisitSummary } from './visit-summary.ts';
export { submitVisit, type Notice } from './visit-submit.ts';
export { rateVisit, setSchoolRequests } from './visit-rating.ts';
export { remindStaleDrafts } from './visit-reminders.ts';

export interface StartedVisit {
  visit: Visit;
  school: School;
  /** True when the person's open draft (or a joint visit already under way) was handed back. */
  resumed: boolean;
}

/**
 * Starts a visit at a school the person is assigned to, or a joint visit they were added to. With `visitId` (the
 * morning card's 开始督导) that planned visit starts; with `schoolId` today's plan for that school starts, or a new
 * visit; with neither, the open draft or today's only plan. An open draft at the same school is resumed; one at
 * another school is named in the refusal.
 */
export async function startVisit(db: Db, input: { personId: number; schoolId?: number; visitId?: number }): Promise<StartedVisit> {
  return db.transaction(async (tx) => {
    const person = await lockPerson(tx, input.personId);
    assertCanSupervise(person);
    const open = await draftOf(tx, person.id, true);
    const day = today();

    let target: Visit | null = null;
    let school: School | null = null;
    if (input.visitId !== undefined) {
      target = await lockVisit(tx, input.visitId);
      if (!(await isOnVisit(tx, target, person.id))) throw new DudaoError('forbidden', visitErrors.notYourVisit());
      school = await schoolById(tx, target.schoolId);
    } else if (input.schoolId !== undefined) {
      school = await schoolById(tx, input.schoolId);
      if (!school || school.officeId !== person.officeId) throw new DudaoError('not_found', visitErrors.schoolNotFound());
      target = await jointVisitAt(tx, person.id, school.id);
      if (!target && !(await isAssigned(tx, person.id, school.id, day))) {
        const own = await schoolsOfSupervisor(tx, person.id, day);
        throw new DudaoError('forbidden', visitErrors.notAssigned(school.name, own.map((s) => s.name)));
      }
      target ??= await plannedToday(tx, person.id, school.id, day);
    } else if (open) {
      return { visit: open, school: (await schoolById(tx, open.schoolId))!, resumed: true };
    } else {
      const plans = await tx.select().from(visits)
        .where(and(eq(visits.status, 'planned'), eq(visits.plannedOn, day), eq(visits.supervisorId, person.id)));
      if (plans.length !== 1) {
        const own = await schoolsOfSupervisor(tx, person.id, day);
        throw new DudaoError('bad_request', visitErrors.needSchool(own.map((s) => s.name)));
      }
      target = plans[0];
      school = await schoolById(tx, target.schoolId);
    }
    if (!school) throw new DudaoError('not_found', visitErrors.schoolNotFound());

    if (open) {
      if (open.schoolId === school.id) return { visit: open, school, resumed: true };
      const openSchool = await schoolById(tx, open.schoolId);
      throw new DudaoError('invalid_state', visitErrors.openDraftElsewhere(openSchool?.name ?? ''));
    }
    if (target?.status === 'in_progress') return { visit: target, school, resumed: true };
    if (target?.status === 'recorded') throw new DudaoError('invalid_state', visitErrors.alreadySubmitted(school.name));
    if (target?.status === 'cancelled') throw new DudaoError('invalid_state', visitErrors.cancelled(school.name));

    const now = clock.now();
    if (target) {
      await assertLeadFree(tx, target);
      return { visit: await touch(tx, target.id, { status: 'in_progress', startedAt: now }), school, resumed: false };
    }
    const [visit] = await tx.insert(visits).values({
      officeId: person.officeId,
      schoolId: school.id,
      supervisorId: person.id,
      status: 'in_progress',
      plannedOn: day,
      startedAt: now,
      lastActivityAt: now,
      createdAt: now,
      updatedAt: now,
    }).returning();
    return { visit, school, resumed: false };
  });
}

/** A planned or running joint visit at this school that the person was added to. */
async function jointVisitAt(tx: Tx, personId: number, schoolId: number): Promise<Visit | null> {
  const mine = tx.select({ id: visitParticipants.visitId }).from(visitParticipants).where(eq(visitParticipants.personId, personId));
  const [row] = await tx.select().from(visits)
    .where(and(eq(visits.schoolId, schoolId), inArray(visits.status, ['planned', 'in_progress']), inArray(visits.id, mine)))
    .orderBy(asc(visits.status), asc(visits.plannedOn)) // in_progress before planned
    .limit(1)
    .for('update');
  return row ?? null;
}

async function plannedToday(tx: Tx, personId: number, schoolId: number, day: string): Promise<Visit | null> {
  const [row] = await tx.select().from(visits)
    .where(and(eq(visits.status, 'planned'), eq(visits.supervisorId, personId), eq(visits.schoolId, schoolId), eq(visits.plannedOn, day)))
    .orderBy(asc(visits.id))
    .limit(1)
    .for('update');
  return row ?? null;
}

/** A participant starting a joint visit: its lead must not have another visit open (one draft per supervisor). */
async function assertLeadFree(tx: Tx, visit: Visit): Promise<void> {
  const [busy] = await tx.select().from(visits)
    .where(and(eq(visits.supervisorId, visit.supervisorId), eq(visits.status, 'in_progress'), ne(visits.id, visit.id)));
  if (!busy) return;
  const [lead, busySchool] = await Promise.all([personById(tx, visit.supervisorId), schoolById(tx, busy.schoolId)]);
  throw new DudaoError('invalid_state', visitErrors.leadBusy(lead?.name ?? '', busySchool?.name ?? ''));
}

/** The person's open draft, or null. */
export async function currentDraft(db: Db, personId: number): Promise<Visit | null> {
  return draftOf(db, personId);
}

/** 取消督导: abandons the open draft (kept, marked cancelled). */
export async function cancelVisit(db: Db, input: { personId: number }): Promise<Visit> {
  return db.transaction(async (tx) => {
    const draft = await requireDraft(tx, input.personId);
    return touch(tx, draft.id, { status: 'cancelled' });
  });
}
