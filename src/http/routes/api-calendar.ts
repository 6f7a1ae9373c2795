/**
 * The calendar over the office API (behind requireAdmin; every list is the signed-in office's):
 *   GET /api/calendar/planned?from=YYYY-MM-DD&to=YYYY-MM-DD  planned visits (申报备案), unannounced ones included
 *                                                             (default: today to 30 days ahead; at most 92 days)
 *   GET /api/calendar/quota?month=YYYY-MM                      submitted visits per school against the monthly quota
 *   GET /api/jobs                                              each scheduled job: next run, last run and result,
 *                                                             failures and a pending retry (deployment-wide)
 */
import Router from '@koa/router';
import type { Database } from '../../db/client.ts';
import { dueDate, daysBetween, isIsoDate } from '../../domain/deadlines.ts';
import { DudaoError } from '../../domain/errors.ts';
import { isMonth, monthOf } from '../../domain/month.ts';
import { localDayOf } from '../../domain/reminder-time.ts';
import { clock } from '../../clock.ts';
import { jobsOverview } from '../../services/job-runs.ts';
import { plannedVisits } from '../../services/visit-filing.ts';
import { quotaTable } from '../../services/visit-quota.ts';
import { calendarErrors } from '../../../templates/calendar.ts';
import { visitErrors } from '../../../templates/visit-errors.ts';
import { adminOf, requireAdmin } from '../middleware/auth.ts';

export interface CalendarRouteDeps {
  database: Pick<Database, 'db'>;
  /** The scheduled jobs (src/jobs/index.ts), given by the composition root. */
  jobs: { name: string; cron: string }[];
  agendaTable: string;
}

const MAX_RANGE_DAYS = 92;

function queryText(value: unknown, max = 40): string | undefined {
  if (value === undefined) return undefined;
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== 'string' || text.length > max) throw new DudaoError('bad_request', `bad query value "${String(text).slice(0, max)}"`);
  return text;
}

export function apiCalendarRoutes({ database, jobs, agendaTable }: CalendarRouteDeps): Router {
  const router = new Router();
  const { db } = database;
  const auth = requireAdmin(database);

  router.get('/api/calendar/planned', auth, async function plannedVisitsRoute(ctx) {
    const today = localDayOf(clock.now());
    const from = queryText(ctx.query.from) ?? today;
    if (!isIsoDate(from)) throw new DudaoError('bad_request', visitErrors.badDate(from));
    const to = queryText(ctx.query.to) ?? dueDate(from, 30);
    if (!isIsoDate(to)) throw new DudaoError('bad_request', visitErrors.badDate(to));
    const span = daysBetween(from, to);
    if (span < 0 || span > MAX_RANGE_DAYS) throw new DudaoError('bad_request', `from..to must be 0 to ${MAX_RANGE_DAYS} days (got ${span})`);
    const visits = await plannedVisits(db, adminOf(ctx).officeId, { from, to, limit: 5000 });
    ctx.body = { from, to, visits };
  });

  router.get('/api/calendar/quota', auth, async function quotaTableRoute(ctx) {
    const month = queryText(ctx.query.month) ?? monthOf(localDayOf(clock.now()));
    if (!isMonth(month)) throw new DudaoError('bad_request', calendarErrors.badMonth(month));
    ctx.body = await quotaTable(db, adminOf(ctx).officeId, month);
  });

  router.get('/api/jobs', auth, async function jobsRoute(ctx) {
    ctx.body = { jobs: await jobsOverview(db, jobs, agendaTable) };
  });

  return router;
}
