/**
 * Bind codes for the official account, for office admins (requireAdmin), always in the admin's own office:
 *   POST /api/bind-codes {personIds?: number[]}  → a fresh code for each school contact named (or, with no ids, for
 *                                                   every contact not reachable yet); earlier live codes are replaced
 *   GET  /api/bind-codes                          → the codes still usable
 *   GET  /api/bind-codes/print                    → the same as a printable page to cut up and hand out
 */
import Router from '@koa/router';
import { z } from 'zod';
import { clock } from '../../clock.ts';
import type { Database } from '../../db/client.ts';
import { shanghaiDate } from '../../domain/deadlines.ts';
import { issueBindCodes, liveBindCodes, MAX_CODES_PER_REQUEST } from '../../services/bind-codes.ts';
import { getOffice } from '../../services/org.ts';
import { bindCodeListPage } from '../../../templates/official-account-pages.ts';
import { readJson } from '../body.ts';
import { adminOf, requireAdmin } from '../middleware/auth.ts';

const IssueBody = z.object({ personIds: z.array(z.number().int().positive()).min(1).max(MAX_CODES_PER_REQUEST).optional() }).strict();

export function apiBindCodeRoutes(database: Pick<Database, 'db'>): Router {
  const router = new Router();
  const { db } = database;
  const auth = requireAdmin(database);

  router.post('/api/bind-codes', auth, async (ctx) => {
    const body = await readJson(ctx, IssueBody);
    const admin = adminOf(ctx);
    const codes = await issueBindCodes(db, admin.officeId, `admin:${admin.id}`, clock.now(), body.personIds);
    ctx.status = 201;
    ctx.body = { codes };
  });

  router.get('/api/bind-codes', auth, async (ctx) => {
    ctx.body = { codes: await liveBindCodes(db, adminOf(ctx).officeId, clock.now()) };
  });

  router.get('/api/bind-codes/print', auth, async (ctx) => {
    const officeId = adminOf(ctx).officeId;
    const [office, codes] = await Promise.all([getOffice(db, officeId), liveBindCodes(db, officeId, clock.now())]);
    ctx.type = 'html';
    ctx.set('Cache-Control', 'no-store');
    ctx.body = bindCodeListPage(office.name, codes.map((c) => ({ ...c, expiresOn: shanghaiDate(c.expiresAt) })), shanghaiDate(clock.now()));
  });
  return router;
}
