/**
 * 整改通知书 screens: GET /admin/notices (filters: status, zoneId, schoolId, overdue, from, to; paged),
 * GET /admin/notices/export.xlsx (the same filters), GET /admin/notices/:id (problems, history, steps), and the
 * steps POST /admin/notices/:id/{interview,bulletin,verify,return}. A refused step shows the notice again with the
 * reason (4xx), nothing changed.
 */
import type Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import type { Database } from '../../db/client.ts';
import { isIsoDate, shanghaiDate } from '../../domain/deadlines.ts';
import { DudaoError, isDudaoError } from '../../domain/errors.ts';
import { pageRequest } from '../../domain/paging.ts';
import { NOTICE_STATUSES, type NoticeStatus } from '../../domain/rectification-lifecycle.ts';
import { clock } from '../../clock.ts';
import { zonesFor } from '../../services/console-org.ts';
import { noticeFor, noticesForExport, noticesPage, officeStepFromConsole, returnFromConsole, verifyFromConsole } from '../../services/console-notices.ts';
import { listSchools } from '../../services/org.ts';
import type { NoticeFilter } from '../../services/rectification-view.ts';
import { noticeFormText, noticePage, noticesPage as noticesView } from '../../../templates/admin/notices.ts';
import { noticesWorkbook } from '../../../templates/notice-export.ts';
import { doneText } from '../../../templates/admin/done.ts';
import { formFields, readForm } from '../form.ts';
import { viewerFrom } from '../middleware/console-session.ts';
import { id } from './admin-org.ts';

const PAGE_SIZE = 30;

function filterOf(ctx: Context): NoticeFilter {
  const q = ctx.query;
  const one = (k: string) => (typeof q[k] === 'string' ? (q[k] as string).slice(0, 20) : undefined);
  const day = (k: string) => { const d = one(k); return d && isIsoDate(d) ? d : undefined; };
  const num = (k: string) => { const n = one(k); return n && /^\d{1,9}$/.test(n) ? Number(n) : undefined; };
  const status = one('status');
  return {
    status: NOTICE_STATUSES.includes(status as NoticeStatus) ? (status as NoticeStatus) : undefined,
    zoneId: num('zoneId'), schoolId: num('schoolId'), overdue: one('overdue') === '1', from: day('from'), to: day('to'),
  };
}

export function adminNoticeRoutes(router: Router, database: Database, session: Middleware): void {
  const { db } = database;

  router.get('/notices', session, async (ctx) => {
    const v = viewerFrom(ctx);
    const f = filterOf(ctx);
    const list = await noticesPage(db, v, f, pageRequest(ctx.query.page, PAGE_SIZE));
    const zones = await zonesFor(db, v);
    const schools = (await listSchools(db, v.officeId, { zoneId: v.role === 'zone' ? v.zoneId! : f.zoneId })).map((s) => ({ id: s.id, name: s.name }));
    ctx.type = 'html';
    ctx.body = noticesView(v, list, f, { zones, schools });
  });

  router.get('/notices/export.xlsx', session, async (ctx) => {
    const v = viewerFrom(ctx);
    const rows = await noticesForExport(db, v, filterOf(ctx));
    ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    ctx.attachment(`整改通知书-${shanghaiDate(clock.now())}.xlsx`);
    ctx.body = await noticesWorkbook(rows, '督导通');
  });

  router.get('/notices/:id', session, async (ctx) => {
    const v = viewerFrom(ctx);
    const d = await noticeFor(db, v, id(ctx.params.id));
    const done = doneText(ctx.query.done);
    ctx.type = 'html';
    ctx.body = noticePage(v, d, { today: shanghaiDate(clock.now()), notice: done ? { kind: 'ok', text: done } : undefined });
  });

  /** Runs a step; on a refusal shows the notice again with the reason and what was typed. */
  async function step(ctx: Context, done: string, run: (f: Record<string, string>) => Promise<unknown>) {
    const v = viewerFrom(ctx);
    const noticeId = id(ctx.params.id);
    const f = formFields(await readForm(ctx), 5000);
    try {
      await run(f);
      ctx.redirect(`/admin/notices/${noticeId}?done=${done}`);
    } catch (err) {
      if (!isDudaoError(err) || err.status >= 500 || err.code === 'forbidden' || err.code === 'not_found') throw err;
      const d = await noticeFor(db, v, noticeId);
      ctx.status = err.status;
      ctx.type = 'html';
      ctx.body = noticePage(v, d, { today: shanghaiDate(clock.now()), notice: { kind: 'err', text: `未保存：${err.message}` }, values: f });
    }
  }

  const text = (f: Record<string, string>, k: string) => f[k] ?? '';
  router.post('/notices/:id/interview', session, (ctx) => step(ctx, 'interview-saved', (f) =>
    officeStepFromConsole(db, viewerFrom(ctx), id(ctx.params.id), { kind: 'interview', date: checkedDay(text(f, 'date')), people: required(text(f, 'people'), '约谈对象'), text: required(text(f, 'minutes'), '约谈纪要') })));
  router.post('/notices/:id/bulletin', session, (ctx) => step(ctx, 'bulletin-saved', (f) =>
    officeStepFromConsole(db, viewerFrom(ctx), id(ctx.params.id), { kind: 'bulletin', date: checkedDay(text(f, 'date')), people: text(f, 'to'), text: required(text(f, 'text'), '通报内容') })));
  router.post('/notices/:id/verify', session, (ctx) => step(ctx, 'notice-verified', () => verifyFromConsole(db, viewerFrom(ctx), id(ctx.params.id))));
  router.post('/notices/:id/return', session, (ctx) => step(ctx, 'notice-returned', (f) => returnFromConsole(db, viewerFrom(ctx), id(ctx.params.id), text(f, 'reason'))));
}

/** A date field (the service refuses a future day with its own reason). */
function checkedDay(s: string): string {
  if (!isIsoDate(s)) throw new DudaoError('bad_request', noticeFormText.badDate);
  return s;
}

function required(s: string, label: string): string {
  if (!s) throw new DudaoError('bad_request', noticeFormText.required(label));
  return s;
}
