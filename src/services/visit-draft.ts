/**
 * Finding and locking a person's open visit draft. Every change to a draft runs in a transaction that first takes
 * the draft's row lock (SELECT … FOR UPDATE), so entries arriving together are stored one after the other and a
 * submit or cancel never races an entry.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { people, visitParticipants, visits } from '../db/schema/index.ts';
import { clock } from '../clock.ts';
import { shanghaiDate } from '../domain/deadlines.ts';
import { DudaoError } from '../domain/errors.ts';
import { visitErrors } from '../../templates/visit-errors.ts';
import type { Person } from './directory.ts';

export type Visit = typeof visits.$inferSelect;

export const today = (): string => shanghaiDate(clock.now());

const participating = (db: DbOrTx, personId: number) =>
  db.select({ id: visitParticipants.visitId }).from(visitParticipants).where(eq(visitParticipants.personId, personId));

/** The person's in-progress visit: their own draft first, else a joint visit they take part in. */
export async function draftOf(db: DbOrTx, personId: number, lock = false): Promise<Visit | null> {
  const q = db
    .select()
    .from(visits)
    .where(and(eq(visits.status, 'in_progress'), sql`(${visits.supervisorId} = ${personId} or ${inArray(visits.id, participating(db, personId))})`))
    .orderBy(sql`(${visits.supervisorId} = ${personId}) desc`, desc(visits.lastActivityAt))
    .limit(1);
  const [row] = lock ? await q.for('update') : await q;
  return row ?? null;
}

/** The locked draft, or invalid_state "当前没有进行中的督导". */
export async function requireDraft(db: DbOrTx, personId: number): Promise<Visit> {
  const v = await draftOf(db, personId, true);
  if (!v) throw new DudaoError('invalid_state', visitErrors.noDraft());
  return v;
}

/** Marks the visit as just worked on; returns the updated row. */
export async function touch(db: DbOrTx, visitId: number, set: Partial<Visit> = {}): Promise<Visit> {
  const now = clock.now();
  const [row] = await db.update(visits).set({ ...set, lastActivityAt: now, updatedAt: now }).where(eq(visits.id, visitId)).returning();
  return row;
}

/** Locks the person row so one person's visit starts happen one at a time. */
export async function lockPerson(db: DbOrTx, personId: number): Promise<Person> {
  const [p] = await db.select().from(people).where(eq(people.id, personId)).for('no key update');
  if (!p || !p.active) throw new DudaoError('not_found', visitErrors.personNotFound());
  return p;
}

export async function isParticipant(db: DbOrTx, visitId: number, personId: number): Promise<boolean> {
  const rows = await db.select().from(visitParticipants)
    .where(and(eq(visitParticipants.visitId, visitId), eq(visitParticipants.personId, personId)));
  return rows.length > 0;
}

/** People who may record on this visit: the lead and the joint-visit participants. */
export async function isOnVisit(db: DbOrTx, visit: Visit, personId: number): Promise<boolean> {
  return visit.supervisorId === personId || isParticipant(db, visit.id, personId);
}

/** Refuses people who cannot run visits at all; a school contact gets its own reason. */
export function assertCanSupervise(person: Person): void {
  const supervises = person.roles.includes('supervisor') || person.roles.includes('zone_leader');
  if (supervises) return;
  if (person.roles.includes('school_contact')) throw new DudaoError('forbidden', visitErrors.contactCannotStart());
  throw new DudaoError('forbidden', visitErrors.notSupervisor());
}

export async function lockVisit(db: DbOrTx, visitId: number): Promise<Visit> {
  const [v] = await db.select().from(visits).where(eq(visits.id, visitId)).for('update');
  if (!v) throw new DudaoError('not_found', visitErrors.visitNotFound());
  return v;
}
