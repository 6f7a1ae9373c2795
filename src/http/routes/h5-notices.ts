/**
 * GET /h5/notices/:id — the 整改通知书 page (存根 + 通知书, ready for A4, plus history and photos);
 * GET /h5/notices/:id/form.docx — the same form as a Word document; GET /h5/notices/:id/photos/:mediaId — a photo.
 * Readers: the person in the signed link (?t=…, services/links.ts, subject 'notice') when they are the school's
 * contact, its supervisor, the zone leader or an office admin; or a console admin of the notice's office.
 */
import Router from '@koa/router';
import type { Context } from 'koa';
import type { Db } from '../../db/client.ts';
import { consoleOfficeOf } from '../middleware/auth.ts';
import { signLink, verifyLink } from '../../services/links.ts';
import { servePhoto } from '../photo-response.ts';
import { isPhotoOfNotice, loadNoticeDetail, noticeViewerRole, type NoticeDetail } from '../../services/rectification-view.ts';
import { h5ErrorPage } from '../../../templates/visit-record.ts';
import { noticeFormView, noticePage, noticePageText as T } from '../../../templates/notice-page.ts';
import { noticeDocx } from '../../../templates/notice-docx.ts';

const idParam = (v: unknown): number | null => (typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : null);

export function h5NoticeRoutes({ db, dataDir }: { db: Db; dataDir: string }): Router {
  const router = new Router({ prefix: '/h5/notices' });
  const consoleOffice = consoleOfficeOf({ db });

  function page(ctx: Context, status: number, title: string, reason: string): void {
    ctx.status = status;
    ctx.type = 'html';
    ctx.body = h5ErrorPage(title, reason);
  }


  /** The detail and the viewer's token suffix, or an answer already written (404 / 403). */
  async function open(ctx: Context): Promise<{ detail: NoticeDetail; token: string } | null> {
    const id = idParam(ctx.params.id);
    const detail = id === null ? null : await loadNoticeDetail(db, id);
    if (!detail) { page(ctx, 404, T.notFound, T.notFoundReason); return null; }
    const personId = verifyLink(detail.notice.id, String(ctx.query.t ?? ''), 'notice');
    if (personId !== null && (await noticeViewerRole(db, detail, personId))) {
      return { detail, token: `t=${encodeURIComponent(signLink(detail.notice.id, personId, 'notice'))}` };
    }
    if ((await consoleOffice(ctx)) === detail.notice.officeId) return { detail, token: '' };
    page(ctx, 403, T.denied, personId === null ? T.badLink : T.notViewer);
    return null;
  }

  const privately = (ctx: Context) => {
    ctx.set('Cache-Control', 'private, no-store');
    ctx.set('Referrer-Policy', 'no-referrer');
  };

  router.get('/:id', async function noticePageRoute(ctx) {
    const seen = await open(ctx);
    if (!seen) return;
    const { detail, token } = seen;
    const base = `/h5/notices/${detail.notice.id}`;
    privately(ctx);
    ctx.type = 'html';
    ctx.body = noticePage(detail, {
      photoUrl: (mediaId) => `${base}/photos/${mediaId}${token ? `?${token}` : ''}`,
      docxUrl: `${base}/form.docx${token ? `?${token}` : ''}`,
    });
  });

  router.get('/:id/form.docx', async function noticeDocxRoute(ctx) {
    const seen = await open(ctx);
    if (!seen) return;
    privately(ctx);
    ctx.type = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    ctx.attachment(T.docxName(seen.detail.notice.number));
    ctx.body = await noticeDocx(noticeFormView(seen.detail));
  });

  router.get('/:id/photos/:mediaId', async function noticePhotoRoute(ctx) {
    const mediaId = idParam(ctx.params.mediaId);
    const noticeId = idParam(ctx.params.id);
    if (mediaId === null || noticeId === null || !(await isPhotoOfNotice(db, noticeId, mediaId))) return page(ctx, 404, T.notFound, T.photoNotFound);
    const seen = await open(ctx);
    if (!seen) return;
    if (!(await servePhoto(ctx, db, dataDir, mediaId))) return page(ctx, 404, T.notFound, T.photoNotFound);
  });

  return router;
}
