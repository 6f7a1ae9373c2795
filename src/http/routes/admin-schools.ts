/** GET /admin/schools/:id: a school's page (supervisor, contacts, visits, ratings, notices), scoped to the viewer. */
import type Router from '@koa/router';
import type { Middleware } from 'koa';
import type { Database } from '../../db/client.ts';
import { pageRequest } from '../../domain/paging.ts';
import { schoolPage } from '../../services/console-school.ts';
import { schoolPageView } from '../../../templates/admin/school.ts';
import { viewerFrom } from '../middleware/console-session.ts';
import { id } from './admin-org.ts';

export function adminSchoolRoutes(router: Router, database: Pick<Database, 'db'>, session: Middleware): void {
  router.get('/schools/:id', session, async (ctx) => {
    const v = viewerFrom(ctx);
    const view = await schoolPage(database.db, v, id(ctx.params.id), pageRequest(ctx.query.page, 20));
    ctx.type = 'html';
    ctx.body = schoolPageView(v, view, v.role === 'office');
  });
}
