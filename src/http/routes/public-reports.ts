/**
 * The public report pages: GET /reports, /reports/:id, /reports/:id/images/:imageId, /reports/schools/:id.
 * Server-rendered, cacheable (Cache-Control public, 5 minutes), no scripts (a CSP that allows none). An unknown,
 * unpublished or withdrawn report is a 404, the same page for all three.
 */
import Router from '@koa/router';
import type { Context } from 'koa';
import type { Db } from '../../db/client.ts';
import { withImageUrls } from '../../domain/report-html.ts';
import { localDay } from '../../domain/local-day.ts';
import { publicImage, publishedReport, publishedReports, schoolPublicPage } from '../../services/public-reports.ts';
import type { Report } from '../../services/reports.ts';
import { coverOf } from '../../services/report-publishing.ts';
import { notFoundPage, reportListPage, reportPage, schoolPage, type PublicListItem } from '../../../templates/reports/public-pages.ts';

const CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const idParam = (v: unknown): number | null => (typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : null);

function html(ctx: Context, status: number, body: string): void {
  ctx.status = status;
  ctx.type = 'html';
  ctx.set('Content-Security-Policy', CSP);
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('Cache-Control', status === 200 ? 'public, max-age=300' : 'public, max-age=60');
  ctx.body = body;
}

const item = (r: Report, school: string | null = null): PublicListItem => ({
  id: r.id, title: r.title, kind: r.kind, digest: r.digest, publishedOn: r.publishedAt ? localDay(r.publishedAt) : '', school,
});

export function publicReportRoutes(opts: { db: Db; dataDir: string }): Router {
  const router = new Router();
  const { db } = opts;

  router.get('/reports', async (ctx) => {
    html(ctx, 200, reportListPage((await publishedReports(db, { limit: 50 })).map((r) => item(r))));
  });

  router.get('/reports/schools/:id', async (ctx) => {
    const id = idParam(ctx.params.id);
    const found = id === null ? null : await schoolPublicPage(db, id);
    if (!found) return html(ctx, 404, notFoundPage());
    html(ctx, 200, schoolPage({ name: found.school.name, reports: found.reports.map((r) => item(r, found.school.name)), rectifications: found.rectifications }));
  });

  router.get('/reports/:id', async (ctx) => {
    const id = idParam(ctx.params.id);
    const found = id === null ? null : await publishedReport(db, id);
    if (!found) return html(ctx, 404, notFoundPage());
    const { report } = found;
    html(ctx, 200, reportPage({
      title: report.title, kind: report.kind, officeName: found.officeName, publishedOn: report.publishedAt ? localDay(report.publishedAt) : '',
      // A photo kept unmarked (its flag accepted) is left out, as on the official account.
      bodyHtml: withImageUrls(report.bodyHtml, (imageId) => (found.publicImageIds.includes(imageId) ? `/reports/${report.id}/images/${imageId}` : null)),
      school: found.school ? { id: found.school.id, name: found.school.name } : null,
    }));
  });

  router.get('/reports/:id/cover.png', async (ctx) => {
    const id = idParam(ctx.params.id);
    const found = id === null ? null : await publishedReport(db, id);
    if (!found) return html(ctx, 404, notFoundPage());
    ctx.type = 'image/png';
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.body = coverOf(found.report, found.officeName).bytes;
  });

  router.get('/reports/:id/images/:imageId', async (ctx) => {
    const id = idParam(ctx.params.id);
    const imageId = idParam(ctx.params.imageId);
    const img = id === null || imageId === null ? null : await publicImage(db, opts.dataDir, id, imageId);
    // Only image types we know are served (a stored file of another type is not an image to show).
    if (!img || !/^image\/(png|jpeg|gif|webp)$/.test(img.contentType)) return html(ctx, 404, notFoundPage());
    ctx.type = img.contentType;
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.body = img.bytes;
  });

  return router;
}
