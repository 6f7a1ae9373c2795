/**
 * Monthly zone meetings (一月一例会; conversations.md §2, domain.md T15): scheduled for one zone or all by the office
 * (API) or by an office admin or zone leader (chat, as a draft confirmed on a card); moved or cancelled with one
 * correction; answered 参加 / 请假 by card, chat or group; attendance and 纪要 recorded afterwards. Every list and
 * lookup is scoped to the caller's office here. Notices are queued by meetings-notices.ts in the same transaction.
 */
import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, lte, ne, or } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { meetingAttendance, meetingRsvps, meetings, people, zones } from '../db/schema/index.ts';
import type { Role } from '../db/schema/org.ts';
import { DudaoError } from '../domain/errors.ts';
import {
  LEAVE_REASON_MAX, MEETING_AGENDA_MAX, MEETING_MINUTES_MAX, MEETING_PLACE_MAX, meetingDateProblem,
} from '../domain/meeting-rules.ts';
import { clock } from '../clock.ts';
import { meetingErrors } from '../../templates/meetings/errors.ts';
import { audit } from './audit.ts';
import {
  currentAnswers, instantsOf, meetingLabel, membersOfZones, queueCancelCorrection, queueDueNoticeOf, queueMoveCorrection,
  zonesOfMeeting, type Meeting, type Member, type Zone,
} from './meetings-notices.ts';

export type { Meeting, Zone, Member };

/** Who acts: the office over the API (its admin account), or a person in chat. */
export type MeetingActor = { kind: 'office'; officeId: number; adminId: number } | { kind: 'person'; person: Member };

const officeOf = (a: MeetingActor) => (a.kind === 'office' ? a.officeId : a.person.officeId);
const actorName = (a: MeetingActor) => (a.kind === 'office' ? `admin:${a.adminId}` : `person:${a.person.id}`);
const has = (p: Member, r: Role) => p.roles.includes(r);
/** Only the office (API or an office admin in chat) may force a date that the rules refuse. */
const mayForce = (a: MeetingActor) => a.kind === 'office' || has(a.person, 'office_admin');

/** May this actor organise a meeting of `zoneId` (null = every zone)? Throws the reason when not. */
export function assertCanOrganise(actor: MeetingActor, zoneId: number | null, zoneName = ''): void {
  if (actor.kind === 'office') return;
  const p = actor.person;
  if (has(p, 'office_admin')) return;
  if (!has(p, 'zone_leader')) throw new DudaoError('forbidden', meetingErrors.notOrganiser());
  if (zoneId === null) throw new DudaoError('forbidden', meetingErrors.allZonesOfficeOnly());
  if (p.zoneId !== zoneId) throw new DudaoError('forbidden', meetingErrors.otherZone(zoneName));
}

export function canOrganise(person: Member): boolean {
  return has(person, 'office_admin') || has(person, 'zone_leader');
}

export async function zonesOfOffice(db: DbOrTx, officeId: number): Promise<Zone[]> {
  return db.select().from(zones).where(eq(zones.officeId, officeId)).orderBy(asc(zones.id));
}

export interface MeetingFields {
  startsAt: Date;
  place: string;
  agenda?: string | null;
}

function checkFields(f: Partial<MeetingFields>): void {
  if (f.place !== undefined) {
    if (!f.place.trim()) throw new DudaoError('bad_request', meetingErrors.emptyPlace());
    if (f.place.length > MEETING_PLACE_MAX) throw new DudaoError('bad_request', meetingErrors.tooLong('地点', MEETING_PLACE_MAX));
  }
  if (f.agenda && f.agenda.length > MEETING_AGENDA_MAX) throw new DudaoError('bad_request', meetingErrors.tooLong('议程', MEETING_AGENDA_MAX));
}

function checkDate(actor: MeetingActor, startsAt: Date, force: boolean): void {
  const problem = meetingDateProblem(startsAt, clock.now());
  if (!problem || (force && mayForce(actor))) return;
  throw new DudaoError('bad_request', problem === 'past' ? meetingErrors.past(startsAt) : meetingErrors.nonWorkingDay(startsAt));
}

export interface ScheduleInput extends MeetingFields {
  zoneId: number | null;
  /** The office overrides the date rules (a past time, a weekend or holiday). */
  force?: boolean;
  /** Typed in chat: kept as a draft until the organiser taps 确认. */
  draft?: boolean;
}

/** Schedules a meeting; a meeting whose first notice is already due is announced in the same transaction. */
export async function scheduleMeeting(db: Db, actor: MeetingActor, input: ScheduleInput): Promise<Meeting> {
  const officeId = officeOf(actor);
  let zone: Zone | undefined;
  if (input.zoneId !== null) {
    [zone] = await db.select().from(zones).where(and(eq(zones.id, input.zoneId), eq(zones.officeId, officeId)));
    if (!zone) throw new DudaoError('not_found', meetingErrors.zoneNotFound());
  }
  assertCanOrganise(actor, input.zoneId, zone?.name);
  checkFields(input);
  checkDate(actor, input.startsAt, input.force ?? false);
  return db.transaction(async (tx) => {
    const [m] = await tx.insert(meetings).values({
      officeId, zoneId: input.zoneId, startsAt: input.startsAt, place: input.place.trim(), agenda: input.agenda?.trim() || null,
      organiserId: actor.kind === 'person' ? actor.person.id : null, status: input.draft ? 'draft' : 'scheduled',
    }).returning();
    await audit(tx, { actor: actorName(actor), officeId, action: 'meeting.schedule', entity: 'meeting', entityId: String(m!.id), after: m });
    if (!input.draft) await queueDueNoticeOf(tx, m!.id, clock.now());
    return (await tx.select().from(meetings).where(eq(meetings.id, m!.id)))[0]!;
  });
}

/** The meeting, if it belongs to the office; 404 otherwise (another office's meeting is not revealed). */
export async function meetingOfOffice(db: DbOrTx, officeId: number, id: number): Promise<Meeting> {
  const [m] = await db.select().from(meetings).where(and(eq(meetings.id, id), eq(meetings.officeId, officeId)));
  if (!m) throw new DudaoError('not_found', meetingErrors.notFound());
  return m;
}

async function lockMeeting(tx: DbOrTx, actor: MeetingActor, id: number): Promise<Meeting> {
  const [m] = await tx.select().from(meetings).where(and(eq(meetings.id, id), eq(meetings.officeId, officeOf(actor)))).for('update');
  if (!m) throw new DudaoError('not_found', meetingErrors.notFound());
  const [zone] = m.zoneId === null ? [] : await tx.select().from(zones).where(eq(zones.id, m.zoneId));
  assertCanOrganise(actor, m.zoneId, zone?.name);
  if (m.status === 'cancelled') throw new DudaoError('invalid_state', meetingErrors.cancelled());
  if (m.startsAt.getTime() <= clock.now().getTime()) throw new DudaoError('invalid_state', meetingErrors.started());
  return m;
}

/** 确认 on the summary card: the draft becomes a scheduled meeting (and is announced at once if that is due). */
export async function confirmMeeting(db: Db, actor: MeetingActor, id: number): Promise<Meeting> {
  return db.transaction(async (tx) => {
    const m = await lockMeeting(tx, actor, id);
    if (m.status !== 'draft') throw new DudaoError('invalid_state', meetingErrors.notDraft());
    await tx.update(meetings).set({ status: 'scheduled', updatedAt: clock.now() }).where(eq(meetings.id, id));
    await queueDueNoticeOf(tx, id, clock.now());
    await audit(tx, { actor: actorName(actor), officeId: m.officeId, action: 'meeting.confirm', entity: 'meeting', entityId: String(id) });
    return (await tx.select().from(meetings).where(eq(meetings.id, id)))[0]!;
  });
}

export interface MeetingChange extends Partial<MeetingFields> {
  force?: boolean;
}

/**
 * Moves a meeting (time or place) or edits its agenda. A move of an announced meeting sends one correction and the
 * reminders follow the new time (the version goes up; old cards and answers no longer count).
 */
export async function changeMeeting(db: Db, actor: MeetingActor, id: number, change: MeetingChange): Promise<{ meeting: Meeting; corrected: boolean }> {
  checkFields(change);
  if (change.startsAt === undefined && change.place === undefined && change.agenda === undefined) {
    throw new DudaoError('bad_request', meetingErrors.nothingToChange());
  }
  if (change.startsAt) checkDate(actor, change.startsAt, change.force ?? false);
  return db.transaction(async (tx) => {
    const before = await lockMeeting(tx, actor, id);
    const startsAt = change.startsAt ?? before.startsAt;
    const place = change.place?.trim() ?? before.place;
    const moved = startsAt.getTime() !== before.startsAt.getTime() || place !== before.place;
    const bump = moved && before.status === 'scheduled';
    const wasAnnounced = before.announcedVersion === before.version;
    const [after] = await tx.update(meetings).set({
      startsAt, place, agenda: change.agenda === undefined ? before.agenda : (change.agenda?.trim() || null),
      version: bump ? before.version + 1 : before.version, updatedAt: clock.now(),
    }).where(eq(meetings.id, id)).returning();
    let corrected = false;
    if (bump && wasAnnounced) {
      // The correction stands for the new version's first notice; only the day's notice is left to go.
      await queueMoveCorrection(tx, before, after!);
      const instants = await instantsOf(tx, after!);
      const coversDay = !instants.dayAt || clock.now() >= instants.dayAt;
      await tx.update(meetings).set({ announcedVersion: after!.version, ...(coversDay ? { dayNoticeVersion: after!.version } : {}) }).where(eq(meetings.id, id));
      corrected = true;
    } else if (bump) {
      await queueDueNoticeOf(tx, id, clock.now());
    }
    await audit(tx, { actor: actorName(actor), officeId: before.officeId, action: 'meeting.change', entity: 'meeting', entityId: String(id), before, after });
    return { meeting: (await tx.select().from(meetings).where(eq(meetings.id, id)))[0]!, corrected };
  });
}

/** Cancels a meeting (a draft is simply dropped); one correction if it had been announced. */
export async function cancelMeeting(db: Db, actor: MeetingActor, id: number): Promise<{ meeting: Meeting; corrected: boolean }> {
  return db.transaction(async (tx) => {
    const m = await lockMeeting(tx, actor, id);
    const corrected = m.status === 'scheduled' && m.announcedVersion === m.version;
    const [after] = await tx.update(meetings).set({ status: 'cancelled', updatedAt: clock.now() }).where(eq(meetings.id, id)).returning();
    if (corrected) await queueCancelCorrection(tx, m);
    await audit(tx, { actor: actorName(actor), officeId: m.officeId, action: 'meeting.cancel', entity: 'meeting', entityId: String(id), before: m, after });
    return { meeting: after!, corrected };
  });
}

export interface ZoneRoster {
  zoneId: number;
  zoneName: string;
  attending: Member[];
  leave: { person: Member; reason: string | null }[];
  unanswered: Member[];
}

export interface MeetingView {
  meeting: Meeting;
  label: string;
  zones: ZoneRoster[];
  attendance: { personId: number; present: boolean }[];
}

/** The meeting with, per zone, who comes, who is on leave and who has not answered (例会 名单, GET /api/meetings/:id). */
export async function viewMeeting(db: DbOrTx, m: Meeting): Promise<MeetingView> {
  const zoneList = await zonesOfMeeting(db, m);
  const members = await membersOfZones(db, zoneList.map((z) => z.id));
  const answers = await currentAnswers(db, m);
  const attendance = await db.select({ personId: meetingAttendance.personId, present: meetingAttendance.present })
    .from(meetingAttendance).where(eq(meetingAttendance.meetingId, m.id));
  return {
    meeting: m,
    label: meetingLabel(m, zoneList),
    zones: zoneList.map((z) => {
      const mine = members.filter((p) => p.zoneId === z.id);
      return {
        zoneId: z.id,
        zoneName: z.name,
        attending: mine.filter((p) => answers.get(p.id)?.answer === 'attend'),
        leave: mine.filter((p) => answers.get(p.id)?.answer === 'leave').map((p) => ({ person: p, reason: answers.get(p.id)!.reason })),
        unanswered: mine.filter((p) => !answers.has(p.id)),
      };
    }),
    attendance,
  };
}

/**
 * Meetings of the office not yet over (from `since`, default two hours ago), soonest first; `zoneId` narrows to the
 * meetings a zone takes part in (its own and all-zone ones). Drafts are listed only for their organiser.
 */
export async function comingMeetings(db: DbOrTx, officeId: number, opts: { zoneId?: number | null; organiserId?: number; since?: Date; limit?: number } = {}): Promise<Meeting[]> {
  const since = opts.since ?? new Date(clock.now().getTime() - 2 * 3600_000);
  return db.select().from(meetings).where(and(
    eq(meetings.officeId, officeId),
    gt(meetings.startsAt, since),
    ne(meetings.status, 'cancelled'),
    opts.organiserId === undefined ? eq(meetings.status, 'scheduled') : or(eq(meetings.status, 'scheduled'), eq(meetings.organiserId, opts.organiserId)),
    opts.zoneId === undefined ? undefined : opts.zoneId === null ? isNull(meetings.zoneId) : or(isNull(meetings.zoneId), eq(meetings.zoneId, opts.zoneId)),
  )).orderBy(asc(meetings.startsAt)).limit(Math.min(opts.limit ?? 50, 200));
}

/** Meetings of the office, newest first (the API list), optionally only from a date on. */
export async function listMeetings(db: DbOrTx, officeId: number, opts: { from?: Date; limit?: number } = {}): Promise<Meeting[]> {
  return db.select().from(meetings)
    .where(and(eq(meetings.officeId, officeId), opts.from ? gt(meetings.startsAt, opts.from) : undefined))
    .orderBy(desc(meetings.startsAt)).limit(Math.min(opts.limit ?? 100, 500));
}

/** The person's next meeting to answer: scheduled, not started, of their zone or of all zones. */
export async function nextMeetingOf(db: DbOrTx, person: Member): Promise<Meeting | null> {
  if (person.zoneId === null) return null;
  const [m] = await db.select().from(meetings).where(and(
    eq(meetings.officeId, person.officeId),
    eq(meetings.status, 'scheduled'),
    gt(meetings.startsAt, clock.now()),
    or(isNull(meetings.zoneId), eq(meetings.zoneId, person.zoneId)),
  )).orderBy(asc(meetings.startsAt)).limit(1);
  return m ?? null;
}

export interface AnswerInput {
  answer: 'attend' | 'leave';
  reason?: string | null;
  via: 'card' | 'chat' | 'group';
  /** The version the card was for; an older one is refused (the meeting moved since). */
  version?: number;
}

/**
 * Records a member's answer. The same answer again changes nothing (a repeated callback counts once); a reason
 * given later is kept with the leave. Returns the meeting and whether anything changed.
 */
export async function answerMeeting(db: Db, person: Member, meetingId: number, input: AnswerInput): Promise<{ meeting: Meeting; label: string; changed: boolean; reason: string | null }> {
  const reason = input.reason?.trim().slice(0, LEAVE_REASON_MAX) || null;
  return db.transaction(async (tx) => {
    const [m] = await tx.select().from(meetings).where(and(eq(meetings.id, meetingId), eq(meetings.officeId, person.officeId)));
    if (!m) throw new DudaoError('not_found', meetingErrors.notFound());
    if (m.status === 'cancelled') throw new DudaoError('invalid_state', meetingErrors.cancelled());
    if (m.status === 'draft') throw new DudaoError('invalid_state', meetingErrors.draft());
    if (input.version !== undefined && input.version !== m.version) throw new DudaoError('invalid_state', meetingErrors.staleCard());
    if (m.startsAt.getTime() <= clock.now().getTime()) throw new DudaoError('invalid_state', meetingErrors.started());
    const zoneList = await zonesOfMeeting(tx, m);
    if (person.zoneId === null || !zoneList.some((z) => z.id === person.zoneId)) throw new DudaoError('forbidden', meetingErrors.notMember());
    const [old] = await tx.select().from(meetingRsvps).where(and(eq(meetingRsvps.meetingId, m.id), eq(meetingRsvps.personId, person.id)));
    const keptReason = input.answer === 'leave' && !reason && old?.answer === 'leave' && old.version === m.version ? old.reason : reason;
    const same = old && old.version === m.version && old.answer === input.answer && (old.reason ?? null) === keptReason;
    if (!same) {
      const values = { version: m.version, answer: input.answer, reason: input.answer === 'leave' ? keptReason : null, via: input.via, answeredAt: clock.now() };
      await tx.insert(meetingRsvps).values({ meetingId: m.id, personId: person.id, ...values })
        .onConflictDoUpdate({ target: [meetingRsvps.meetingId, meetingRsvps.personId], set: values });
    }
    return { meeting: m, label: meetingLabel(m, zoneList), changed: !same, reason: input.answer === 'leave' ? keptReason : null };
  });
}

export interface RecordInput {
  /** Who attended (person ids of the meeting's members); the other members are recorded absent. */
  presentIds?: number[];
  minutes?: string | null;
}

/** After the meeting: attendance and the 纪要 (by chat or API). Only once it has started. */
export async function recordMeeting(db: Db, actor: MeetingActor, id: number, input: RecordInput): Promise<MeetingView> {
  if (input.minutes && input.minutes.length > MEETING_MINUTES_MAX) throw new DudaoError('bad_request', meetingErrors.tooLong('纪要', MEETING_MINUTES_MAX));
  return db.transaction(async (tx) => {
    const [m] = await tx.select().from(meetings).where(and(eq(meetings.id, id), eq(meetings.officeId, officeOf(actor)))).for('update');
    if (!m) throw new DudaoError('not_found', meetingErrors.notFound());
    const [zone] = m.zoneId === null ? [] : await tx.select().from(zones).where(eq(zones.id, m.zoneId));
    assertCanOrganise(actor, m.zoneId, zone?.name);
    if (m.status !== 'scheduled') throw new DudaoError('invalid_state', m.status === 'cancelled' ? meetingErrors.cancelled() : meetingErrors.draft());
    if (m.startsAt.getTime() > clock.now().getTime()) throw new DudaoError('invalid_state', meetingErrors.notStarted());
    if (input.presentIds) {
      const members = await membersOfZones(tx, (await zonesOfMeeting(tx, m)).map((z) => z.id));
      const known = new Set(members.map((p) => p.id));
      const strangers = input.presentIds.filter((pid) => !known.has(pid));
      if (strangers.length > 0) {
        const rows = await tx.select({ name: people.name }).from(people).where(and(inArray(people.id, strangers), eq(people.officeId, m.officeId)));
        throw new DudaoError('bad_request', meetingErrors.unknownPeople(rows.length ? rows.map((r) => r.name) : strangers.map(String)));
      }
      const present = new Set(input.presentIds);
      await tx.delete(meetingAttendance).where(eq(meetingAttendance.meetingId, id));
      if (members.length > 0) {
        await tx.insert(meetingAttendance).values(members.map((p) => ({ meetingId: id, personId: p.id, present: present.has(p.id) })));
      }
    }
    await tx.update(meetings).set({
      ...(input.minutes !== undefined ? { minutes: input.minutes?.trim() || null } : {}), recordedAt: clock.now(), updatedAt: clock.now(),
    }).where(eq(meetings.id, id));
    await audit(tx, { actor: actorName(actor), officeId: m.officeId, action: 'meeting.record', entity: 'meeting', entityId: String(id), after: input });
    return viewMeeting(tx, (await tx.select().from(meetings).where(eq(meetings.id, id)))[0]!);
  });
}

/** The organiser's latest meeting that has started (what 例会 出席 / 例会 纪要 apply to). */
export async function latestHeldMeeting(db: DbOrTx, officeId: number, opts: { zoneId?: number | null } = {}): Promise<Meeting | null> {
  const [m] = await db.select().from(meetings).where(and(
    eq(meetings.officeId, officeId),
    eq(meetings.status, 'scheduled'),
    lte(meetings.startsAt, clock.now()),
    opts.zoneId === undefined ? undefined : opts.zoneId === null ? isNull(meetings.zoneId) : eq(meetings.zoneId, opts.zoneId),
  )).orderBy(desc(meetings.startsAt)).limit(1);
  return m ?? null;
}

/** Members of a meeting (for attendance by name). */
export async function membersOfMeeting(db: DbOrTx, m: Meeting): Promise<Member[]> {
  return membersOfZones(db, (await zonesOfMeeting(db, m)).map((z) => z.id));
}

export interface MonthAttendance {
  meetingId: number;
  zoneId: number | null;
  startsAt: Date;
  present: number;
  absent: number;
  /** Attendance was recorded (例会 出席 / PUT …/record); otherwise present and absent are 0. */
  recorded: boolean;
}

/**
 * The meetings held in a month ('YYYY-MM', Beijing time) with their recorded attendance: what the monthly report
 * reads (seed 000 四(四): one meeting a month per zone).
 */
export async function monthlyAttendance(db: DbOrTx, officeId: number, month: string): Promise<MonthAttendance[]> {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new DudaoError('bad_request', meetingErrors.badMonth(month));
  const from = new Date(`${month}-01T00:00:00+08:00`);
  const [y, mo] = month.split('-').map(Number);
  const to = new Date(`${mo === 12 ? y! + 1 : y}-${String(mo === 12 ? 1 : mo! + 1).padStart(2, '0')}-01T00:00:00+08:00`);
  const held = await db.select().from(meetings).where(and(
    eq(meetings.officeId, officeId), eq(meetings.status, 'scheduled'), gte(meetings.startsAt, from), lt(meetings.startsAt, to),
    lte(meetings.startsAt, clock.now()),
  )).orderBy(asc(meetings.startsAt));
  if (held.length === 0) return [];
  const marks = await db.select().from(meetingAttendance).where(inArray(meetingAttendance.meetingId, held.map((m) => m.id)));
  return held.map((m) => {
    const mine = marks.filter((a) => a.meetingId === m.id);
    return {
      meetingId: m.id, zoneId: m.zoneId, startsAt: m.startsAt, recorded: mine.length > 0,
      present: mine.filter((a) => a.present).length, absent: mine.filter((a) => !a.present).length,
    };
  });
}
