/**
 * Visits over the office API (behind requireAdmin): POST /api/visits plans a visit for one of the office's
 * supervisors — { supervisorId, schoolId, plannedOn: 'YYYY-MM-DD', content?, participantIds?, type? } → 201 { visit }.
 * The supervisor must be assigned to the school; participants make it a joint visit (联合督导).
 */
import Router from '@koa/router';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { isIsoDate } from '../../domain/deadlines.ts';
import { personById } from '../../services/directory.ts';
import { planVisit } from '../../services/visits.ts';
import { visitErrors } from '../../../templates/visit-errors.ts';
import { DudaoError } from '../../domain/errors.ts';
import { readJson } from '../body.ts';
import { adminOf, assertOffice, requireAdmin } from '../middleware/auth.ts';

const NewVisit = z.object({
  supervisorId: z.number().int().positive(),
  schoolId: z.number().int().positive(),
  plannedOn: z.string().refine(isIsoDate, '须为 YYYY-MM-DD 日期'),
  content: z.string().trim().max(500).optional(),
  participantIds: z.array(z.number().int().positive()).max(10).optional(),
  type: z.string().trim().min(1).max(20).optional(),
}).strict();

export function apiVisitRoutes(database: Pick<Database, 'db'>): Router {
  const router = new Router();
  const { db } = database;

  router.post('/api/visits', requireAdmin(database), async function planVisitRoute(ctx) {
    adminOf(ctx);
    const body = await readJson(ctx, NewVisit);
    const supervisor = await personById(db, body.supervisorId);
    if (!supervisor) throw new DudaoError('not_found', visitErrors.personNotFound());
    assertOffice(ctx, supervisor.officeId);
    const { supervisorId, ...rest } = body;
    ctx.status = 201;
    ctx.body = { visit: await planVisit(db, { personId: supervisorId, ...rest }) };
  });

  return router;
}
