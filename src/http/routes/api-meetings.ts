/**
 * Meetings over the office API (behind requireAdmin; every lookup scoped to the admin's office in the service):
 *   GET    /api/meetings[?from=ISO]           the office's meetings, newest first
 *   POST   /api/meetings                      { zoneId | null, startsAt, place, agenda?, force? } → 201 { meeting }
 *   GET    /api/meetings/:id                  the meeting with, per zone, who comes, who is on leave, who has not answered
 *   PATCH  /api/meetings/:id                  { startsAt?, place?, agenda?, force? } → { meeting, corrected }
 *   DELETE /api/meetings/:id                  cancels it → { meeting, corrected }
 *   PUT    /api/meetings/:id/record           { presentIds?, minutes? } attendance and 纪要 after the meeting
 *   POST   /api/zones/:id/appchat             the app creates the zone's WeCom group from its members → 202
 * `startsAt` is an ISO instant, or 'YYYY-MM-DD HH:mm' read in Beijing time. `force` lets the office hold a meeting
 * on a non-working day (or record one in the past).
 */
import Router from '@koa/router';
import dayjs from 'dayjs';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { TZ } from '../../domain/deadlines.ts';
import { DudaoError } from '../../domain/errors.ts';
import { MEETING_AGENDA_MAX, MEETING_MINUTES_MAX, MEETING_PLACE_MAX } from '../../domain/meeting-rules.ts';
import {
  cancelMeeting, changeMeeting, listMeetings, meetingOfOffice, recordMeeting, scheduleMeeting, viewMeeting,
  type MeetingActor, type MeetingView,
} from '../../services/meetings.ts';
import { createZoneAppchat } from '../../services/meetings-groups.ts';
import { meetingApiText, meetingErrors } from '../../../templates/meetings/errors.ts';
import { readJson } from '../body.ts';
import { adminOf, requireAdmin } from '../middleware/auth.ts';
import type { Context } from 'koa';

const instant = z.string().max(40).transform((s, ctx) => {
  const at = /[zZ]|[+-]\d\d:?\d\d$/.test(s) ? new Date(s) : dayjs.tz(s, TZ).toDate();
  if (Number.isNaN(at.getTime())) {
    ctx.addIssue({ code: 'custom', message: meetingApiText.badTime });
    return z.NEVER;
  }
  return at;
});

const NewMeeting = z.object({
  zoneId: z.number({ message: meetingApiText.badZone }).int().positive().nullable(),
  startsAt: instant,
  place: z.string().trim().min(1).max(MEETING_PLACE_MAX),
  agenda: z.string().trim().max(MEETING_AGENDA_MAX).nullish(),
  force: z.boolean().optional(),
}).strict();

const MeetingPatch = z.object({
  startsAt: instant.optional(),
  place: z.string().trim().min(1).max(MEETING_PLACE_MAX).optional(),
  agenda: z.string().trim().max(MEETING_AGENDA_MAX).nullish(),
  force: z.boolean().optional(),
}).strict();

const MeetingRecord = z.object({
  presentIds: z.array(z.number().int().positive()).max(5000).optional(),
  minutes: z.string().max(MEETING_MINUTES_MAX).nullish(),
}).strict();

const idOf = (ctx: Context, notFound = meetingErrors.notFound): number => {
  const raw = ctx.params.id ?? '';
  if (!/^\d{1,10}$/.test(raw)) throw new DudaoError('not_found', notFound());
  return Number(raw);
};

const office = (ctx: Context): MeetingActor => {
  const a = adminOf(ctx);
  return { kind: 'office', officeId: a.officeId, adminId: a.id };
};

const person = (p: { id: number; name: string }) => ({ id: p.id, name: p.name });

function viewJson(v: MeetingView) {
  return {
    meeting: v.meeting,
    label: v.label,
    zones: v.zones.map((z) => ({
      zoneId: z.zoneId, zoneName: z.zoneName,
      attending: z.attending.map(person),
      leave: z.leave.map((l) => ({ ...person(l.person), reason: l.reason })),
      unanswered: z.unanswered.map(person),
    })),
    attendance: v.attendance,
  };
}

export function apiMeetingRoutes(database: Pick<Database, 'db'>): Router {
  const router = new Router();
  const { db } = database;
  const auth = requireAdmin(database);

  router.get('/api/meetings', auth, async (ctx) => {
    const from = typeof ctx.query.from === 'string' && ctx.query.from.length <= 40 ? new Date(ctx.query.from) : undefined;
    if (from && Number.isNaN(from.getTime())) throw new DudaoError('bad_request', `from: ${meetingApiText.badTime}`);
    ctx.body = { items: await listMeetings(db, adminOf(ctx).officeId, { from }) };
  });

  router.post('/api/meetings', auth, async (ctx) => {
    const body = await readJson(ctx, NewMeeting);
    ctx.status = 201;
    ctx.body = { meeting: await scheduleMeeting(db, office(ctx), body) };
  });

  router.get('/api/meetings/:id', auth, async (ctx) => {
    ctx.body = viewJson(await viewMeeting(db, await meetingOfOffice(db, adminOf(ctx).officeId, idOf(ctx))));
  });

  router.patch('/api/meetings/:id', auth, async (ctx) => {
    const id = idOf(ctx);
    const body = await readJson(ctx, MeetingPatch);
    ctx.body = await changeMeeting(db, office(ctx), id, body);
  });

  router.delete('/api/meetings/:id', auth, async (ctx) => {
    ctx.body = await cancelMeeting(db, office(ctx), idOf(ctx));
  });

  router.put('/api/meetings/:id/record', auth, async (ctx) => {
    const id = idOf(ctx);
    const body = await readJson(ctx, MeetingRecord);
    ctx.body = viewJson(await recordMeeting(db, office(ctx), id, body));
  });

  router.post('/api/zones/:id/appchat', auth, async (ctx) => {
    const a = adminOf(ctx);
    const result = await createZoneAppchat(db, a.officeId, idOf(ctx, meetingErrors.zoneNotFound), `admin:${a.id}`);
    ctx.status = 202;
    ctx.body = { zoneId: result.zone.id, chatId: result.chatId, members: result.members };
  });

  return router;
}
