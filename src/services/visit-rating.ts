/** The school's side of a recorded visit (附件5 被督导学校对本次督导评价): its rating, given once, and its requests. */
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { visits } from '../db/schema/index.ts';
import { clock } from '../clock.ts';
import { DudaoError } from '../domain/errors.ts';
import { toRating } from '../domain/ratings.ts';
import { visitErrors } from '../../templates/visit-errors.ts';
import { isContactOf, schoolById } from './directory.ts';
import { lockPerson, lockVisit, touch, type Visit } from './visit-draft.ts';

const MAX_REQUESTS = 2000;

/** A contact of the visited school rates the visit: 非常满意/满意/基本满意/不满意 (label or card code). Once. */
export async function rateVisit(
  db: Db,
  input: { personId: number; visitId: number; rating: string; requests?: string | null },
): Promise<Visit> {
  const rating = toRating(input.rating ?? '');
  if (!rating) throw new DudaoError('bad_request', visitErrors.badRating());
  const requests = input.requests?.trim() || null;
  if (requests && requests.length > MAX_REQUESTS) throw new DudaoError('bad_request', visitErrors.tooLong(MAX_REQUESTS));
  return db.transaction(async (tx) => {
    const person = await lockPerson(tx, input.personId);
    const visit = await lockVisit(tx, input.visitId);
    const school = await schoolById(tx, visit.schoolId);
    if (!isContactOf(person, visit.schoolId)) throw new DudaoError('forbidden', visitErrors.notContactOf(school?.name ?? ''));
    if (visit.status !== 'recorded') throw new DudaoError('invalid_state', visitErrors.notRecorded());
    if (visit.schoolRating) throw new DudaoError('invalid_state', visitErrors.alreadyRated(visit.schoolRating));
    return touch(tx, visit.id, {
      schoolRating: rating,
      ratedBy: person.id,
      ratedAt: clock.now(),
      ...(requests ? { schoolRequests: requests } : {}),
    });
  });
}

/**
 * 学校要求：… from a contact: stored on the given visit, or on the school's latest recorded visit. Replaces what
 * was there, so a contact can correct it.
 */
export async function setSchoolRequests(db: Db, input: { personId: number; text: string; visitId?: number }): Promise<Visit> {
  const text = (input.text ?? '').trim();
  if (!text) throw new DudaoError('bad_request', visitErrors.emptyText());
  if (text.length > MAX_REQUESTS) throw new DudaoError('bad_request', visitErrors.tooLong(MAX_REQUESTS));
  return db.transaction(async (tx) => {
    const person = await lockPerson(tx, input.personId);
    let visit: Visit | undefined;
    if (input.visitId !== undefined) visit = await lockVisit(tx, input.visitId);
    else if (person.schoolId !== null) {
      [visit] = await tx.select().from(visits)
        .where(and(eq(visits.schoolId, person.schoolId), eq(visits.status, 'recorded')))
        .orderBy(desc(visits.submittedAt)).limit(1).for('update');
    }
    if (!visit) throw new DudaoError('not_found', visitErrors.visitNotFound());
    const school = await schoolById(tx, visit.schoolId);
    if (!isContactOf(person, visit.schoolId)) throw new DudaoError('forbidden', visitErrors.notContactOf(school?.name ?? ''));
    if (visit.status !== 'recorded') throw new DudaoError('invalid_state', visitErrors.notRecorded());
    return touch(tx, visit.id, { schoolRequests: text });
  });
}
