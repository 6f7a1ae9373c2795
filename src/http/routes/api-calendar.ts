/**
 * The calendar over the office API (behind requireAdmin; every list is the signed-in office's):
 *   GET /api/calendar/planned?from=YYYY-MM-DD&to=YYYY-MM-DD  planned visits (申报备案), unannounced ones included
 *                                                             (default: today to 30 days ahead; at most 92 days)
 *   GET /api/calendar/quota?month=YYYY-MM                      submitted visits per school against the monthly quota
 *   GET /api/calendar/semester-plan?semester=2026-autumn&zone=ID[&format=xlsx|docx]  the zone's 学期督导工作计划表
 *                                                             (JSON, or the file to download)
 *   GET /h5/semester-plan?semester=…&zone=ID                   the same plan as a printable page (with the links)
 *   GET /api/calendar/settings, PATCH /api/calendar/settings { morningCardTime?, quietFrom?, quietUntil?,
 *       staleDraftHours?, advanceNoticeDays?, visitsPerSchoolPerMonth?, quotaReminderDay?, digestTime? }
 *                                                             the office's calendar settings (defaults filled in)
 *   GET /api/jobs                                              each scheduled job: next run, last run and result,
 *                                                             failures and a pending retry (deployment-wide)
 */
import Router from '@koa/router';
import type { Context } from 'koa';
import type { Database } from '../../db/client.ts';
import { dueDate, daysBetween, isIsoDate } from '../../domain/deadlines.ts';
import { DudaoError } from '../../domain/errors.ts';
import { isMonth, monthOf } from '../../domain/month.ts';
import { localDayOf } from '../../domain/reminder-time.ts';
import { clock } from '../../clock.ts';
import { jobsOverview } from '../../services/job-runs.ts';
import { plannedVisits } from '../../services/visit-filing.ts';
import { quotaTable } from '../../services/visit-quota.ts';
import { semesterPlan } from '../../services/semester-plan.ts';
import { parseSemester, semesterOf } from '../../domain/semester.ts';
import { semesterPlanDocx, semesterPlanFileName, semesterPlanPage, semesterPlanXlsx } from '../../../templates/semester-plan.ts';
import { calendarErrors } from '../../../templates/calendar.ts';
import { visitErrors } from '../../../templates/visit-errors.ts';
import { adminOf, requireAdmin } from '../middleware/auth.ts';
import { readJson } from '../body.ts';
import { z } from 'zod';
import { calendarOf, setCalendarSettings } from '../../services/office-calendar.ts';

export interface CalendarRouteDeps {
  database: Pick<Database, 'db'>;
  /** The scheduled jobs (src/jobs/index.ts), given by the composition root. */
  jobs: { name: string; cron: string }[];
  agendaTable: string;
}

const MAX_RANGE_DAYS = 92;
const hhmm = z.string().max(5);
/** Shapes only: the ranges are the office settings' own (checked when merged). */
const CalendarPatch = z.object({
  morningCardTime: hhmm, quietFrom: hhmm, quietUntil: hhmm, digestTime: hhmm,
  staleDraftHours: z.number(), advanceNoticeDays: z.number(), visitsPerSchoolPerMonth: z.number(), quotaReminderDay: z.number(),
}).partial().strict();

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

  async function planOf(ctx: Context) {
    const today = localDayOf(clock.now());
    const semesterId = queryText(ctx.query.semester) ?? semesterOf(today).id;
    const semester = parseSemester(semesterId);
    if (!semester) throw new DudaoError('bad_request', calendarErrors.badSemester(semesterId));
    const zone = queryText(ctx.query.zone, 12);
    if (!zone || !/^\d{1,9}$/.test(zone)) throw new DudaoError('bad_request', 'zone must be a zone id');
    return { today, plan: await semesterPlan(db, adminOf(ctx).officeId, Number(zone), semester) };
  }

  router.get('/api/calendar/semester-plan', auth, async function semesterPlanRoute(ctx) {
    const format = queryText(ctx.query.format) ?? 'json';
    if (!['json', 'xlsx', 'docx'].includes(format)) throw new DudaoError('bad_request', 'format must be json, xlsx or docx');
    const { today, plan } = await planOf(ctx);
    if (format === 'json') {
      ctx.body = plan;
      return;
    }
    const file = format === 'xlsx' ? await semesterPlanXlsx(plan, { today }) : await semesterPlanDocx(plan, { today });
    ctx.type = format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    ctx.set('Content-Disposition', `attachment; filename="plan.${format}"; filename*=UTF-8''${encodeURIComponent(semesterPlanFileName(plan, format as 'xlsx' | 'docx'))}`);
    ctx.body = file;
  });

  router.get('/h5/semester-plan', auth, async function semesterPlanPageRoute(ctx) {
    const { today, plan } = await planOf(ctx);
    const q = `semester=${encodeURIComponent(plan.semester.id)}&zone=${plan.zone.id}`;
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = semesterPlanPage(plan, { today, downloads: { xlsx: `/api/calendar/semester-plan?${q}&format=xlsx`, docx: `/api/calendar/semester-plan?${q}&format=docx` } });
  });

  router.get('/api/calendar/settings', auth, async function calendarSettingsRoute(ctx) {
    ctx.body = { calendar: await calendarOf(db, adminOf(ctx).officeId) };
  });

  router.patch('/api/calendar/settings', auth, async function setCalendarSettingsRoute(ctx) {
    const admin = adminOf(ctx);
    const patch = await readJson(ctx, CalendarPatch);
    ctx.body = { calendar: await setCalendarSettings(db, { actor: `admin:${admin.id}`, officeId: admin.officeId }, patch) };
  });

  router.get('/api/jobs', auth, async function jobsRoute(ctx) {
    ctx.body = { jobs: await jobsOverview(db, jobs, agendaTable) };
  });

  return router;
}
