/**
 * Reports over the office API (behind requireAdmin; everything scoped to the caller's office by the services):
 *
 *   POST /api/reports/check {text | html}           → { flags: [{kind, text, start, end}] } (the editor's live check)
 *   GET  /api/reports[?status=]                     → { items }
 *   GET  /api/reports/:id                           → { report, images, flags }
 *   POST /api/reports {kind:'visit', visitId} | {kind:'exemplary', schoolId, name, content, promotion}
 *   POST /api/reports/compile {period: '2026-05' | '2026-Q2'}   → { created: [...] }
 *   PATCH /api/reports/:id {title?, digest?, html?}
 *   GET  /api/reports/:id/images/:imageId           → the image (PNG/JPEG), for the console's preview of a draft
 *   POST /api/reports/:id/images/:imageId {publishable}
 *   POST /api/reports/:id/flags/:flagId/accept {reason}
 *   POST /api/reports/:id/submit | zone-approve {opinion} | approve {opinion?} | publish | withdraw
 *   POST /api/rectifications/:noticeId/publish {summary}     (a rectification outcome on the school's public page)
 *
 * Who may do what is domain/report-lifecycle.ts: an account linked to a supervisor or zone leader drafts and
 * submits; only the office approves and publishes (403 with the reason otherwise; 409 while flags are open).
 */
import Router from '@koa/router';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { DudaoError } from '../../domain/errors.ts';
import type { ReportStatus } from '../../domain/report-lifecycle.ts';
import { reportActorOf } from '../../services/report-actor.ts';
import { compilePeriod, createExemplary, createVisitReport } from '../../services/report-documents.ts';
import { checkContent } from '../../services/report-redaction.ts';
import {
  acceptFlag, approveReport, editReport, listReports, publishReport, reportDetail, reportImage, setImagePublishable, submitReport,
  withdrawReport, zoneApproveReport,
} from '../../services/reports.ts';
import { publishRectification } from '../../services/public-reports.ts';
import { STATUS_LABEL } from '../../../templates/reports/text.ts';
import { readJson } from '../body.ts';
import { adminOf, requireAdmin } from '../middleware/auth.ts';

const MAX_BODY = 200_000;

const Check = z.union([
  z.object({ text: z.string().max(MAX_BODY) }).strict(),
  z.object({ html: z.string().max(MAX_BODY) }).strict(),
]);
const NewReport = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('visit'), visitId: z.number().int().positive() }).strict(),
  z.object({
    kind: z.literal('exemplary'),
    schoolId: z.number().int().positive(),
    name: z.string().trim().min(2).max(60),
    content: z.string().trim().min(10).max(5000),
    promotion: z.string().trim().min(2).max(1000),
  }).strict(),
]);
const Compile = z.object({ period: z.string().max(10) }).strict();
const Edit = z.object({
  title: z.string().trim().min(2).max(64).optional(),
  digest: z.string().trim().max(128).optional(),
  html: z.string().max(MAX_BODY).optional(),
}).strict();
const Publishable = z.object({ publishable: z.boolean() }).strict();
const Accept = z.object({ reason: z.string().trim().min(2).max(500) }).strict();
const Opinion = z.object({ opinion: z.string().trim().min(1).max(1000) }).strict();
const MaybeOpinion = z.object({ opinion: z.string().trim().min(1).max(1000).optional() }).strict();
const Summary = z.object({ summary: z.string().trim().min(4).max(1000) }).strict();
const Empty = z.object({}).strict();

const idOf = (v: unknown, what = 'id'): number => {
  if (typeof v !== 'string' || !/^\d{1,9}$/.test(v)) throw new DudaoError('bad_request', `${what} 须为正整数`);
  return Number(v);
};

export function apiReportRoutes(database: Pick<Database, 'db'>, dataDir: string): Router {
  const router = new Router({ prefix: '/api' });
  const { db } = database;
  const auth = requireAdmin(database);
  const actor = (ctx: Parameters<typeof adminOf>[0]) => reportActorOf(db, adminOf(ctx));

  router.post('/reports/check', auth, async (ctx) => {
    const body = await readJson(ctx, Check);
    ctx.body = { flags: await checkContent(db, adminOf(ctx).officeId, body) };
  });

  router.get('/reports', auth, async (ctx) => {
    const status = ctx.query.status;
    if (status !== undefined && !(typeof status === 'string' && status in STATUS_LABEL)) {
      throw new DudaoError('bad_request', `status 须为 ${Object.keys(STATUS_LABEL).join(', ')} 之一`);
    }
    const items = await listReports(db, adminOf(ctx).officeId, { status: status as ReportStatus | undefined });
    ctx.body = { items: items.map(({ bodyHtml: _b, data: _d, ...r }) => r) };
  });

  router.get('/reports/:id', auth, async (ctx) => {
    ctx.body = await reportDetail(db, adminOf(ctx).officeId, idOf(ctx.params.id));
  });

  router.post('/reports', auth, async (ctx) => {
    const body = await readJson(ctx, NewReport);
    const who = await actor(ctx);
    if (!who.roles.some((r) => r !== 'school_contact')) throw new DudaoError('forbidden', '学校联系人不能起草报告');
    const report = body.kind === 'visit' ? await createVisitReport(db, who, body.visitId) : await createExemplary(db, who, body);
    ctx.status = 201;
    ctx.body = await reportDetail(db, who.officeId, report.id);
  });

  router.post('/reports/compile', auth, async (ctx) => {
    const { period } = await readJson(ctx, Compile);
    const who = await actor(ctx);
    if (!who.roles.includes('office_admin')) throw new DudaoError('forbidden', '只有督导室可以汇编月报和季报');
    const created = await compilePeriod(db, { officeId: who.officeId, period, actor: who.actor });
    ctx.status = 201;
    ctx.body = { created: created.map(({ bodyHtml: _b, data: _d, ...r }) => r) };
  });

  router.patch('/reports/:id', auth, async (ctx) => {
    const body = await readJson(ctx, Edit);
    ctx.body = await editReport(db, await actor(ctx), idOf(ctx.params.id), body);
  });

  router.get('/reports/:id/images/:imageId', auth, async (ctx) => {
    const img = await reportImage(db, dataDir, adminOf(ctx).officeId, idOf(ctx.params.id), idOf(ctx.params.imageId, 'imageId'));
    ctx.type = img.contentType;
    ctx.set('Cache-Control', 'private, no-store');
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.body = img.bytes;
  });

  router.post('/reports/:id/images/:imageId', auth, async (ctx) => {
    const { publishable } = await readJson(ctx, Publishable);
    ctx.body = await setImagePublishable(db, await actor(ctx), idOf(ctx.params.id), idOf(ctx.params.imageId, 'imageId'), publishable);
  });

  router.post('/reports/:id/flags/:flagId/accept', auth, async (ctx) => {
    const { reason } = await readJson(ctx, Accept);
    ctx.body = await acceptFlag(db, await actor(ctx), idOf(ctx.params.id), idOf(ctx.params.flagId, 'flagId'), reason);
  });

  router.post('/reports/:id/submit', auth, async (ctx) => {
    await readJson(ctx, Empty);
    ctx.body = { report: await submitReport(db, await actor(ctx), idOf(ctx.params.id)) };
  });
  router.post('/reports/:id/zone-approve', auth, async (ctx) => {
    const { opinion } = await readJson(ctx, Opinion);
    ctx.body = { report: await zoneApproveReport(db, await actor(ctx), idOf(ctx.params.id), opinion) };
  });
  router.post('/reports/:id/approve', auth, async (ctx) => {
    const { opinion } = await readJson(ctx, MaybeOpinion);
    ctx.body = { report: await approveReport(db, await actor(ctx), idOf(ctx.params.id), opinion) };
  });
  router.post('/reports/:id/publish', auth, async (ctx) => {
    await readJson(ctx, Empty);
    ctx.status = 202;
    ctx.body = { report: await publishReport(db, await actor(ctx), idOf(ctx.params.id)) };
  });
  router.post('/reports/:id/withdraw', auth, async (ctx) => {
    await readJson(ctx, Empty);
    ctx.body = { report: await withdrawReport(db, await actor(ctx), idOf(ctx.params.id)) };
  });

  router.post('/rectifications/:noticeId/publish', auth, async (ctx) => {
    const { summary } = await readJson(ctx, Summary);
    ctx.status = 201;
    ctx.body = { published: await publishRectification(db, await actor(ctx), idOf(ctx.params.noticeId, 'noticeId'), summary) };
  });

  return router;
}
