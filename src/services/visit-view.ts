/** One visit and its school, for someone who takes part in it (the lead or a joint-visit participant). */
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { visits } from '../db/schema/index.ts';
import { DudaoError } from '../domain/errors.ts';
import { visitErrors } from '../../templates/visit-errors.ts';
import { schoolById, type School } from './directory.ts';
import { isOnVisit, type Visit } from './visit-draft.ts';

export async function visitOf(db: DbOrTx, input: { personId: number; visitId: number }): Promise<{ visit: Visit; school: School }> {
  const [visit] = await db.select().from(visits).where(eq(visits.id, input.visitId));
  if (!visit) throw new DudaoError('not_found', visitErrors.visitNotFound());
  if (!(await isOnVisit(db, visit, input.personId))) throw new DudaoError('forbidden', visitErrors.notYourVisit());
  const school = await schoolById(db, visit.schoolId);
  if (!school) throw new DudaoError('not_found', visitErrors.schoolNotFound());
  return { visit, school };
}
