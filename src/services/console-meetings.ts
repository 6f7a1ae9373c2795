/**
 * Meetings (例会) as the console shows them, over the meetings services: the coming ones with their answers, the
 * past ones one page at a time, one meeting's rosters, and the organiser's steps. Who may organise which meeting
 * is the meetings services' rule; this file says who acts (the office account, or a zone leader as a person) and
 * keeps a zone leader to the meetings their zone takes part in (its own and all-zone ones).
 */
import { and, count, desc, eq, isNull, lte, or } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { meetings, people } from '../db/schema/index.ts';
import { offsetOf, paged, type PageRequest } from '../domain/paging.ts';
import { clock } from '../clock.ts';
import { assertSees, type Viewer } from './console-viewer.ts';
import {
  cancelMeeting, changeMeeting, comingMeetings, meetingOfOffice, recordMeeting, scheduleMeeting, viewMeeting,
  type MeetingActor, type MeetingChange, type MeetingView, type RecordInput, type ScheduleInput,
} from './meetings.ts';

async function actorOf(db: DbOrTx, v: Viewer): Promise<MeetingActor> {
  if (v.role === 'office') return { kind: 'office', officeId: v.officeId, adminId: v.adminId };
  const [person] = await db.select().from(people).where(eq(people.id, v.personId!));
  return { kind: 'person', person };
}

const zoneFilter = (v: Viewer) => (v.role === 'zone' ? or(isNull(meetings.zoneId), eq(meetings.zoneId, v.zoneId!)) : undefined);

/** Coming meetings with who answered (soonest first, at most 10). */
export async function comingWithAnswers(db: DbOrTx, v: Viewer): Promise<MeetingView[]> {
  const list = await comingMeetings(db, v.officeId, { zoneId: v.role === 'zone' ? v.zoneId : undefined, limit: 10 });
  return Promise.all(list.map((m) => viewMeeting(db, m)));
}

/** Meetings that have started (held or cancelled), newest first. */
export async function pastMeetingsPage(db: DbOrTx, v: Viewer, p: PageRequest) {
  const where = and(eq(meetings.officeId, v.officeId), lte(meetings.startsAt, clock.now()), zoneFilter(v));
  const [{ n }] = await db.select({ n: count() }).from(meetings).where(where);
  const rows = await db.select().from(meetings).where(where).orderBy(desc(meetings.startsAt)).limit(p.size).offset(offsetOf(p));
  return paged(await Promise.all(rows.map((m) => viewMeeting(db, m))), n, p);
}

/** The meeting: 403 for another office's or (for a zone leader) another zone's; 404 for an unknown id. */
export async function meetingFor(db: DbOrTx, v: Viewer, id: number): Promise<MeetingView> {
  const [owner] = await db.select({ officeId: meetings.officeId }).from(meetings).where(eq(meetings.id, id));
  if (owner) assertSees(v, { officeId: owner.officeId });
  const m = await meetingOfOffice(db, v.officeId, id);
  if (m.zoneId !== null) assertSees(v, { officeId: m.officeId, zoneId: m.zoneId });
  return viewMeeting(db, m);
}

export async function scheduleFromConsole(db: Db, v: Viewer, input: ScheduleInput) {
  return scheduleMeeting(db, await actorOf(db, v), input);
}

export async function moveFromConsole(db: Db, v: Viewer, id: number, change: MeetingChange) {
  await meetingFor(db, v, id);
  return changeMeeting(db, await actorOf(db, v), id, change);
}

export async function cancelFromConsole(db: Db, v: Viewer, id: number) {
  await meetingFor(db, v, id);
  return cancelMeeting(db, await actorOf(db, v), id);
}

export async function recordFromConsole(db: Db, v: Viewer, id: number, input: RecordInput) {
  await meetingFor(db, v, id);
  return recordMeeting(db, await actorOf(db, v), id, input);
}
