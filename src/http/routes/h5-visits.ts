/**
 * GET /h5/visits/:id — the visit's record page (清远市责任区督学工作纪实表), and GET /h5/media/:id — a photo on it.
 * The viewer is the person named in the signed link (?t=…, services/links.ts), who must be the visit's supervisor,
 * a contact of the school or an office admin; or an office admin of the visit's office signed in to the console
 * (session cookie or bearer token). Photos carry the visit and the same token (?v=…&t=…).
 */
import Router from '@koa/router';
import type { Context } from 'koa';
import type { Db } from '../../db/client.ts';
import { consoleOfficeOf } from '../middleware/auth.ts';
import { signLink, verifyLink } from '../../services/links.ts';
import { servePhoto } from '../photo-response.ts';
import { isPhotoOfVisit, loadVisitRecord, viewerRole, type VisitRecord } from '../../services/visit-record.ts';
import { h5ErrorPage, h5Text, visitRecordPage } from '../../../templates/visit-record.ts';

export interface H5VisitDeps {
  db: Db;
  dataDir: string;
}

function page(ctx: Context, status: number, title: string, reason: string): void {
  ctx.status = status;
  ctx.type = 'html';
  ctx.body = h5ErrorPage(title, reason);
}

const idParam = (v: unknown): number | null => (typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : null);

export function h5VisitRoutes({ db, dataDir }: H5VisitDeps): Router {
  const router = new Router({ prefix: '/h5' });
  const consoleOffice = consoleOfficeOf({ db });


  /** Who is looking: a person from the signed link, or a console admin of the visit's office; else the refusal. */
  async function viewer(ctx: Context, record: VisitRecord): Promise<{ personId: number | null } | { refuse: string }> {
    const personId = verifyLink(record.visit.id, String(ctx.query.t ?? ''));
    if (personId !== null && (await viewerRole(db, record, personId))) return { personId };
    if ((await consoleOffice(ctx)) === record.visit.officeId) return { personId: null };
    return { refuse: personId === null ? h5Text.badLink : h5Text.notViewer };
  }

  router.get('/visits/:id', async function visitRecordPageRoute(ctx) {
    const id = idParam(ctx.params.id);
    const record = id === null ? null : await loadVisitRecord(db, id);
    if (!record) return page(ctx, 404, h5Text.notFound, h5Text.notFoundReason);
    const who = await viewer(ctx, record);
    if ('refuse' in who) return page(ctx, 403, h5Text.denied, who.refuse);
    const token = who.personId === null ? '' : `&t=${encodeURIComponent(signLink(record.visit.id, who.personId))}`;
    ctx.type = 'html';
    ctx.set('Cache-Control', 'private, no-store');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.body = visitRecordPage(record, {
      photoUrl: (mediaId) => `/h5/media/${mediaId}?v=${record.visit.id}${token}`,
    });
  });

  router.get('/media/:id', async function visitPhotoRoute(ctx) {
    const mediaId = idParam(ctx.params.id);
    const visitId = idParam(ctx.query.v);
    if (mediaId === null || visitId === null || !(await isPhotoOfVisit(db, visitId, mediaId))) {
      return page(ctx, 404, h5Text.notFound, h5Text.photoNotFound);
    }
    const record = (await loadVisitRecord(db, visitId))!;
    const who = await viewer(ctx, record);
    if ('refuse' in who) return page(ctx, 403, h5Text.denied, who.refuse);
    if (!(await servePhoto(ctx, db, dataDir, mediaId))) return page(ctx, 404, h5Text.notFound, h5Text.photoNotFound);
  });

  return router;
}
