/**
 * 例会 screens: GET /admin/meetings (coming, with answers; past, paged; the form to schedule one),
 * POST /admin/meetings, GET /admin/meetings/:id (rosters), POST /admin/meetings/:id/{move,cancel,record}.
 * A refused step shows the page again with the meetings service's reason and what was typed (4xx).
 */
import type Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import timezone from 'dayjs/plugin/timezone.js';
import type { Database } from '../../db/client.ts';
import { TZ } from '../../domain/deadlines.ts';
import { DudaoError, isDudaoError } from '../../domain/errors.ts';
import { pageRequest } from '../../domain/paging.ts';
import { clock } from '../../clock.ts';
import { zonesFor } from '../../services/console-org.ts';
import {
  cancelFromConsole, comingWithAnswers, meetingFor, moveFromConsole, pastMeetingsPage, recordFromConsole, scheduleFromConsole,
} from '../../services/console-meetings.ts';
import type { Viewer } from '../../services/console-viewer.ts';
import { meetingPage, meetingsPage, type MeetingFormValues } from '../../../templates/admin/meetings.ts';
import { meetingFormText } from '../../../templates/admin/meeting-text.ts';
import { doneText } from '../../../templates/admin/done.ts';
import { formFields, readForm } from '../form.ts';
import { viewerFrom } from '../middleware/console-session.ts';
import { id } from './admin-org.ts';

dayjs.extend(utc);
dayjs.extend(timezone);

/** The form's 'YYYY-MM-DDTHH:mm' read as Beijing time. */
function startsAtOf(s: string | undefined): Date {
  if (!s || !/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}$/.test(s)) throw new DudaoError('bad_request', meetingFormText.badTime);
  const at = dayjs.tz(s.replace(' ', 'T'), TZ).toDate();
  if (Number.isNaN(at.getTime())) throw new DudaoError('bad_request', meetingFormText.badTime);
  return at;
}

const localOf = (d: Date) => dayjs(d).tz(TZ).format('YYYY-MM-DDTHH:mm');
const ok = (ctx: Context) => { const t = doneText(ctx.query.done); return t ? { kind: 'ok' as const, text: t } : undefined; };

export function adminMeetingRoutes(router: Router, database: Database, session: Middleware): void {
  const { db } = database;

  async function listPage(ctx: Context, v: Viewer, opts: { notice?: { kind: 'ok' | 'err'; text: string }; values?: MeetingFormValues } = {}) {
    const coming = await comingWithAnswers(db, v);
    const past = await pastMeetingsPage(db, v, pageRequest(ctx.query.page, 20));
    ctx.type = 'html';
    ctx.body = meetingsPage(v, coming, past, await zonesFor(db, v), opts);
  }

  async function detailPage(ctx: Context, v: Viewer, meetingId: number, opts: { notice?: { kind: 'ok' | 'err'; text: string }; values?: MeetingFormValues & { minutes?: string } } = {}) {
    const view = await meetingFor(db, v, meetingId);
    ctx.type = 'html';
    ctx.body = meetingPage(v, view, { ...opts, started: view.meeting.startsAt.getTime() <= clock.now().getTime(), localStart: localOf(view.meeting.startsAt) });
  }

  /** Runs a step; a refusal (4xx other than 403/404) shows `again` with the reason. */
  async function attempt(ctx: Context, run: () => Promise<string>, again: (err: DudaoError) => Promise<void>) {
    try {
      ctx.redirect(await run());
    } catch (err) {
      if (!isDudaoError(err) || err.status >= 500 || err.code === 'forbidden' || err.code === 'not_found') throw err;
      await again(err);
      ctx.status = err.status;
    }
  }

  router.get('/meetings', session, async (ctx) => listPage(ctx, viewerFrom(ctx), { notice: ok(ctx) }));

  router.post('/meetings', session, async (ctx) => {
    const v = viewerFrom(ctx);
    const f = formFields(await readForm(ctx), 5000);
    await attempt(ctx, async () => {
      const zoneId = f.zone === 'all' ? null : id(f.zone);
      const m = await scheduleFromConsole(db, v, { zoneId, startsAt: startsAtOf(f.startsAt), place: f.place ?? '', agenda: f.agenda || null, force: f.force === '1' });
      return `/admin/meetings/${m.id}?done=meeting-scheduled`;
    }, (err) => listPage(ctx, v, { notice: { kind: 'err', text: `未安排：${err.message}` }, values: f }));
  });

  router.get('/meetings/:id', session, async (ctx) => detailPage(ctx, viewerFrom(ctx), id(ctx.params.id), { notice: ok(ctx) }));

  router.post('/meetings/:id/move', session, async (ctx) => {
    const v = viewerFrom(ctx);
    const meetingId = id(ctx.params.id);
    const f = formFields(await readForm(ctx), 5000);
    await attempt(ctx, async () => {
      await moveFromConsole(db, v, meetingId, { startsAt: startsAtOf(f.startsAt), place: f.place ?? '', agenda: f.agenda || null, force: f.force === '1' });
      return `/admin/meetings/${meetingId}?done=meeting-moved`;
    }, (err) => detailPage(ctx, v, meetingId, { notice: { kind: 'err', text: `未保存：${err.message}` }, values: f }));
  });

  router.post('/meetings/:id/cancel', session, async (ctx) => {
    const v = viewerFrom(ctx);
    const meetingId = id(ctx.params.id);
    await readForm(ctx);
    await attempt(ctx, async () => {
      await cancelFromConsole(db, v, meetingId);
      return `/admin/meetings/${meetingId}?done=meeting-cancelled`;
    }, (err) => detailPage(ctx, v, meetingId, { notice: { kind: 'err', text: `未取消：${err.message}` } }));
  });

  router.post('/meetings/:id/record', session, async (ctx) => {
    const v = viewerFrom(ctx);
    const meetingId = id(ctx.params.id);
    const form = await readForm(ctx);
    const f = formFields(form, 20_000);
    await attempt(ctx, async () => {
      const presentIds = form.getAll('present').slice(0, 5000).map((x) => id(x));
      await recordFromConsole(db, v, meetingId, { presentIds, minutes: f.minutes ?? null });
      return `/admin/meetings/${meetingId}?done=meeting-recorded`;
    }, (err) => detailPage(ctx, v, meetingId, { notice: { kind: 'err', text: `未保存：${err.message}` }, values: f }));
  });
}
