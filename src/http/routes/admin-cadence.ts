/**
 * GET /admin/cadence?month=YYYY-MM&zoneId=: the month × school grid of submitted visits against the quota;
 * GET /admin/ops/jobs (office only): each scheduled job with its schedule, next run, last run and failures.
 */
import type Router from '@koa/router';
import type { Middleware } from 'koa';
import type { Database } from '../../db/client.ts';
import { isMonth, monthOf } from '../../domain/month.ts';
import { localDayOf } from '../../domain/reminder-time.ts';
import { clock } from '../../clock.ts';
import { cadenceGrid } from '../../services/console-cadence.ts';
import { zonesFor } from '../../services/console-org.ts';
import { assertOfficeRole } from '../../services/console-viewer.ts';
import { jobsOverview } from '../../services/job-runs.ts';
import { cadencePage } from '../../../templates/admin/cadence.ts';
import { jobsPage } from '../../../templates/admin/jobs.ts';
import { viewerFrom } from '../middleware/console-session.ts';

export interface JobsDeps {
  /** The scheduled jobs (src/jobs/index.ts), given by the composition root. */
  jobs: { name: string; cron: string }[];
  agendaTable: string;
}

export function adminCadenceRoutes(router: Router, database: Database, session: Middleware, deps: JobsDeps): void {
  const { db } = database;
  router.get('/cadence', session, async (ctx) => {
    const v = viewerFrom(ctx);
    const raw = typeof ctx.query.month === 'string' ? ctx.query.month : '';
    const month = isMonth(raw) ? raw : monthOf(localDayOf(clock.now()));
    const zone = typeof ctx.query.zoneId === 'string' && /^\d{1,9}$/.test(ctx.query.zoneId) ? Number(ctx.query.zoneId) : undefined;
    const grid = await cadenceGrid(db, v, month, zone);
    ctx.type = 'html';
    ctx.body = cadencePage(v, { ...grid, zones: await zonesFor(db, v) });
  });

  router.get('/ops/jobs', session, async (ctx) => {
    const v = viewerFrom(ctx);
    assertOfficeRole(v);
    ctx.type = 'html';
    ctx.body = jobsPage(v, await jobsOverview(db, deps.jobs, deps.agendaTable));
  });
}
