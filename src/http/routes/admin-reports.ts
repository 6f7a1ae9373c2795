/**
 * 报告 screens: GET /admin/reports[?status=] (paged), POST /admin/reports/compile {period}, GET /admin/reports/:id,
 * GET /admin/reports/:id/images/:imageId (the preview's images), and the steps POST /admin/reports/:id/
 * {flags/:flagId/fix, flags/:flagId/accept, images/:imageId, submit, zone-approve, approve, publish, withdraw}.
 * A refused step shows the report again with the reports service's reason (4xx), nothing changed.
 */
import type Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import type { Database } from '../../db/client.ts';
import { DudaoError, isDudaoError } from '../../domain/errors.ts';
import { pageRequest } from '../../domain/paging.ts';
import type { ReportStatus } from '../../domain/report-lifecycle.ts';
import type { Viewer } from '../../services/console-viewer.ts';
import {
  acceptFromConsole, actorFor, compileFromConsole, fixFlagFromConsole, imageFromConsole, reportFor, reportImageFor, reportsPage,
  stepsFor, takeReportStep, visitReportFromConsole, visitsWithoutReport,
} from '../../services/console-reports.ts';
import { reportPage, reportsPage as reportsView } from '../../../templates/admin/reports.ts';
import { REPORT_STATUSES_SHOWN } from '../../../templates/admin/report-text.ts';
import { reportFormText } from '../../../templates/admin/report-form-text.ts';
import { doneText } from '../../../templates/admin/done.ts';
import { formFields, readForm } from '../form.ts';
import { viewerFrom } from '../middleware/console-session.ts';
import { id } from './admin-org.ts';

const ok = (ctx: Context) => { const t = doneText(ctx.query.done); return t ? { kind: 'ok' as const, text: t } : undefined; };

export function adminReportRoutes(router: Router, database: Database, session: Middleware, dataDir: string): void {
  const { db } = database;

  async function list(ctx: Context, v: Viewer, opts: { notice?: { kind: 'ok' | 'err'; text: string }; period?: string } = {}) {
    const status = REPORT_STATUSES_SHOWN.includes(ctx.query.status as ReportStatus) ? (ctx.query.status as ReportStatus) : undefined;
    const page = await reportsPage(db, v, { status }, pageRequest(ctx.query.page, 30));
    const canCompile = (await actorFor(db, v)).roles.includes('office_admin');
    ctx.type = 'html';
    ctx.body = reportsView(v, page, { status }, { canCompile, visits: await visitsWithoutReport(db, v), ...opts });
  }

  async function detail(ctx: Context, v: Viewer, reportId: number, opts: { notice?: { kind: 'ok' | 'err'; text: string }; values?: Record<string, string> } = {}) {
    const d = await reportFor(db, v, reportId);
    ctx.type = 'html';
    ctx.body = reportPage(v, d, { steps: await stepsFor(db, v, d), ...opts });
  }

  /** Runs a step; a refusal (4xx other than 403/404) shows the report again with the reason. */
  async function step(ctx: Context, done: string, run: (v: Viewer, reportId: number, f: Record<string, string>) => Promise<unknown>) {
    const v = viewerFrom(ctx);
    const reportId = id(ctx.params.id);
    const f = formFields(await readForm(ctx), 2000);
    try {
      await run(v, reportId, f);
      ctx.redirect(`/admin/reports/${reportId}?done=${done}`);
    } catch (err) {
      if (!isDudaoError(err) || err.status >= 500 || err.code === 'forbidden' || err.code === 'not_found') throw err;
      await detail(ctx, v, reportId, { notice: { kind: 'err', text: `未完成：${err.message}` }, values: f });
      ctx.status = err.status;
    }
  }

  router.get('/reports', session, async (ctx) => list(ctx, viewerFrom(ctx), { notice: ok(ctx) }));

  router.post('/reports/compile', session, async (ctx) => {
    const v = viewerFrom(ctx);
    const period = (formFields(await readForm(ctx), 20).period ?? '').trim();
    try {
      const created = await compileFromConsole(db, v, period);
      await list(ctx, v, { notice: { kind: 'ok', text: reportFormText.compiled(period, created.length) } });
    } catch (err) {
      if (!isDudaoError(err) || err.status >= 500 || err.code === 'forbidden') throw err;
      await list(ctx, v, { notice: { kind: 'err', text: err.message }, period });
      ctx.status = err.status;
    }
  });

  router.post('/reports/from-visit', session, async (ctx) => {
    const v = viewerFrom(ctx);
    const report = await visitReportFromConsole(db, v, id(formFields(await readForm(ctx), 20).visitId));
    ctx.redirect(`/admin/reports/${report.id}?done=report-created`);
  });

  router.get('/reports/:id', session, async (ctx) => detail(ctx, viewerFrom(ctx), id(ctx.params.id), { notice: ok(ctx) }));

  router.get('/reports/:id/images/:imageId', session, async (ctx) => {
    const img = await reportImageFor(db, viewerFrom(ctx), dataDir, id(ctx.params.id), id(ctx.params.imageId));
    ctx.type = img.contentType;
    ctx.set('Cache-Control', 'private, max-age=300');
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.body = img.bytes;
  });

  router.post('/reports/:id/flags/:flagId/fix', session, (ctx) => step(ctx, 'flag-fixed', (v, rid, f) => {
    const replacement = (f.replacement ?? '').trim();
    if (!replacement) throw new DudaoError('bad_request', reportFormText.needReplacement);
    return fixFlagFromConsole(db, v, rid, id(ctx.params.flagId), replacement);
  }));
  router.post('/reports/:id/flags/:flagId/accept', session, (ctx) => step(ctx, 'flag-kept', (v, rid, f) => acceptFromConsole(db, v, rid, id(ctx.params.flagId), f.reason ?? '')));
  router.post('/reports/:id/images/:imageId', session, (ctx) => step(ctx, 'image-saved', (v, rid, f) => imageFromConsole(db, v, rid, id(ctx.params.imageId), f.publishable === '1')));
  router.post('/reports/:id/submit', session, (ctx) => step(ctx, 'report-submitted', (v, rid) => takeReportStep(db, v, rid, 'submit')));
  router.post('/reports/:id/zone-approve', session, (ctx) => step(ctx, 'report-zone-approved', (v, rid, f) => {
    if (!f.opinion) throw new DudaoError('bad_request', reportFormText.needOpinion);
    return takeReportStep(db, v, rid, 'zone_approve', f.opinion);
  }));
  router.post('/reports/:id/approve', session, (ctx) => step(ctx, 'report-approved', (v, rid, f) => takeReportStep(db, v, rid, 'approve', f.opinion)));
  router.post('/reports/:id/publish', session, (ctx) => step(ctx, 'report-publishing', (v, rid) => takeReportStep(db, v, rid, 'publish')));
  router.post('/reports/:id/withdraw', session, (ctx) => step(ctx, 'report-withdrawn', (v, rid) => takeReportStep(db, v, rid, 'withdraw')));
}
