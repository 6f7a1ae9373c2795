/**
 * The office's 整改通知书 over the API (behind requireAdmin, scoped to the admin's office in the service):
 *
 *   GET  /api/notices?status=&zoneId=&schoolId=&overdue=1&from=&to=&limit=   → { items: [...] }
 *   GET  /api/notices/export.xlsx?…same filters…                              → one row per problem
 *   GET  /api/notices/:id                                                     → the notice with its history
 *   POST /api/notices/:id/interviews { date, people, minutes }                → 约谈, 201
 *   POST /api/notices/:id/bulletins  { date, to?, text }                      → 通报, 201
 *   POST /api/notices/:id/verify                                              → 整改到位 (office), 200
 *   POST /api/notices/:id/return     { reason }                               → 退回 (office), 200
 */
import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { isIsoDate } from '../../domain/deadlines.ts';
import { DudaoError } from '../../domain/errors.ts';
import { NOTICE_STATUSES, type NoticeStatus } from '../../domain/rectification-lifecycle.ts';
import { recordOfficeStep, returnNotice, verifyNotice } from '../../services/rectification.ts';
import { listNotices, loadNoticeDetail, type NoticeDetail, type NoticeFilter, type NoticeListRow } from '../../services/rectification-view.ts';
import { rectificationErrors as E } from '../../../templates/rectification-errors.ts';
import { eventText } from '../../../templates/notice-page.ts';
import { noticesWorkbook } from '../../../templates/notice-export.ts';
import { readJson } from '../body.ts';
import { adminOf, requireAdmin } from '../middleware/auth.ts';

const id = z.coerce.number().int().positive().max(2_147_483_647);
const day = z.string().max(10).refine(isIsoDate, '须为 YYYY-MM-DD 日期');

const Query = z.object({
  status: z.enum(NOTICE_STATUSES).optional(),
  zoneId: id.optional(),
  schoolId: id.optional(),
  overdue: z.enum(['1', '0', 'true', 'false']).optional(),
  from: day.optional(),
  to: day.optional(),
  limit: z.coerce.number().int().min(1).max(5000).optional(),
});

const Interview = z.object({
  date: day,
  people: z.string().trim().min(1).max(200),
  minutes: z.string().trim().min(1).max(5000),
}).strict();

const Bulletin = z.object({
  date: day,
  to: z.string().trim().max(200).optional(),
  text: z.string().trim().min(1).max(5000),
}).strict();

const Return = z.object({ reason: z.string().trim().min(1).max(300) }).strict();

function filterOf(ctx: Context): NoticeFilter {
  const raw: Record<string, string> = {};
  // Only the filters are read (other parameters are ignored); each at most once and 40 characters.
  for (const k of Object.keys(Query.shape)) {
    const v = ctx.query[k];
    if (Array.isArray(v)) throw new DudaoError('bad_request', E.badQuery(k, '只能给一个值'));
    if (typeof v === 'string') raw[k] = v.slice(0, 40);
  }
  const parsed = Query.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DudaoError('bad_request', E.badQuery(String(issue.path[0] ?? (issue as { keys?: string[] }).keys?.[0] ?? ''), issue.message));
  }
  const q = parsed.data;
  return { ...q, status: q.status as NoticeStatus | undefined, overdue: q.overdue === '1' || q.overdue === 'true' };
}

function noticeIdOf(ctx: Context): number {
  const parsed = id.safeParse(ctx.params.id);
  if (!parsed.success || !/^\d+$/.test(String(ctx.params.id))) throw new DudaoError('bad_request', E.badQuery('id', '须为正整数'));
  return parsed.data;
}

function presentRow(r: NoticeListRow) {
  return {
    id: r.notice.id, number: r.notice.number, status: r.notice.status,
    school: { id: r.notice.schoolId, name: r.schoolName }, zone: { id: r.zoneId, name: r.zoneName },
    supervisor: { id: r.notice.supervisorId, name: r.supervisorName },
    issuedOn: r.notice.issuedOn, dueOn: r.notice.dueOn, deadlineDays: r.notice.deadlineDays, overdueDays: r.overdueDays,
    problems: r.items.map((i) => ({ ordinal: i.ordinal, text: i.text, reportedAt: i.reportedAt })),
    returnReason: r.notice.returnReason, submittedAt: r.notice.submittedAt, verifiedAt: r.notice.verifiedAt, closedAt: r.notice.closedAt,
    escalatedAt: r.notice.escalatedAt,
    reached: r.reach.state === 'reached', reach: r.reach,
    interviews: r.officeSteps.filter((s) => s.kind === 'interview').map(({ kind: _k, text, ...s }) => ({ ...s, minutes: text })),
    bulletins: r.officeSteps.filter((s) => s.kind === 'bulletin').map(({ kind: _k, people, ...s }) => ({ ...s, to: people })),
  };
}

function presentDetail(d: NoticeDetail) {
  return {
    id: d.notice.id, number: d.notice.number, status: d.notice.status, school: { id: d.school.id, name: d.school.name },
    zone: d.zoneName, supervisor: { id: d.supervisor.id, name: d.supervisor.name },
    issuedOn: d.notice.issuedOn, dueOn: d.notice.dueOn, deadlineDays: d.notice.deadlineDays, overdueDays: d.overdueDays,
    returnReason: d.notice.returnReason, reached: d.reach.state === 'reached', reach: d.reach,
    problems: d.items.map((i) => ({ ordinal: i.ordinal, text: i.text, reportedAt: i.reportedAt })),
    history: d.events.map((e) => ({ id: e.id, at: e.at, kind: e.kind, who: e.who, from: e.fromStatus, to: e.toStatus, text: e.text, data: e.data, summary: eventText(e) })),
    photos: d.photos.length,
  };
}

export function apiNoticeRoutes(database: Pick<Database, 'db'>): Router {
  const router = new Router({ prefix: '/api/notices' });
  const { db } = database;
  router.use(requireAdmin(database));

  /** The notice, 404 when it is not the admin's office's (never a hint that it exists). */
  async function mine(ctx: Context): Promise<NoticeDetail> {
    const d = await loadNoticeDetail(db, noticeIdOf(ctx));
    if (!d || d.notice.officeId !== adminOf(ctx).officeId) throw new DudaoError('not_found', E.notFound(`#${ctx.params.id}`, []));
    return d;
  }

  router.get('/', async function listNoticesRoute(ctx) {
    const rows = await listNotices(db, adminOf(ctx).officeId, filterOf(ctx));
    ctx.body = { items: rows.map(presentRow) };
  });

  router.get('/export.xlsx', async function exportNoticesRoute(ctx) {
    const admin = adminOf(ctx);
    const rows = await listNotices(db, admin.officeId, { limit: 5000, ...filterOf(ctx) });
    ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    ctx.attachment('整改通知书.xlsx');
    ctx.body = await noticesWorkbook(rows, '督导通');
  });

  router.get('/:id', async function noticeRoute(ctx) {
    const d = await mine(ctx);
    ctx.body = { notice: presentDetail(d), page: `/h5/notices/${d.notice.id}` };
  });

  router.post('/:id/interviews', async function interviewRoute(ctx) {
    const d = await mine(ctx);
    const body = await readJson(ctx, Interview);
    await recordOfficeStep(db, { admin: adminOf(ctx), noticeId: d.notice.id, kind: 'interview', date: body.date, people: body.people, text: body.minutes });
    ctx.status = 201;
    ctx.body = { notice: presentDetail((await loadNoticeDetail(db, d.notice.id))!) };
  });

  router.post('/:id/bulletins', async function bulletinRoute(ctx) {
    const d = await mine(ctx);
    const body = await readJson(ctx, Bulletin);
    await recordOfficeStep(db, { admin: adminOf(ctx), noticeId: d.notice.id, kind: 'bulletin', date: body.date, people: body.to ?? '', text: body.text });
    ctx.status = 201;
    ctx.body = { notice: presentDetail((await loadNoticeDetail(db, d.notice.id))!) };
  });

  router.post('/:id/verify', async function verifyRoute(ctx) {
    const d = await mine(ctx);
    await readJson(ctx, z.object({}).strict());
    await verifyNotice(db, { by: { admin: adminOf(ctx) }, noticeId: d.notice.id });
    ctx.body = { notice: presentDetail((await loadNoticeDetail(db, d.notice.id))!) };
  });

  router.post('/:id/return', async function returnRoute(ctx) {
    const d = await mine(ctx);
    const body = await readJson(ctx, Return);
    await returnNotice(db, { by: { admin: adminOf(ctx) }, noticeId: d.notice.id, reason: body.reason });
    ctx.body = { notice: presentDetail((await loadNoticeDetail(db, d.notice.id))!) };
  });

  return router;
}
