/**
 * What meetings send (conversations.md §2): the first notice (D-3 at 08:30, office settings) to every group of the
 * zone and a 参加 / 请假 card to each WeCom member (one fan-out, so WeCom gets one message/send per 1,000 members);
 * the notice on the day, naming who has not answered; and, when a meeting that was announced is moved or cancelled,
 * exactly one correction to each group and each member who had the card, whose old card is updated so it cannot be
 * tapped. Everything is outbox rows, keyed by meeting and version so a second run queues nothing twice.
 */
import { and, eq, gt, inArray, or, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { meetingRsvps, meetings, offices, people, zones } from '../db/schema/index.ts';
import { actionKey } from '../domain/actions.ts';
import { announceCoversDay, dueNotice, noticeInstants, type NoticeInstants } from '../domain/meeting-rules.ts';
import type { Mention, OutboundMessage } from '../domain/messages.ts';
import { officeSettings, type OfficeSettings } from '../domain/office-settings.ts';
import { deliveryTime } from '../domain/reminder-time.ts';
import { zoneGroups } from '../domain/zone-groups.ts';
import { clock } from '../clock.ts';
import { cardStates, meetingRsvpCard } from '../../templates/meetings/cards.ts';
import { ALL_ZONES } from '../../templates/meetings/format.ts';
import { meetingGroup, meetingMember, type GroupText } from '../../templates/meetings/messages.ts';
import { dropPendingFanout, enqueue, sentOfFanout, type OutboxItem } from './outbox.ts';

export type Meeting = typeof meetings.$inferSelect;
export type Zone = typeof zones.$inferSelect;
export type Member = typeof people.$inferSelect;

/** The zones a meeting is for: its zone, or every zone of the office. */
export async function zonesOfMeeting(db: DbOrTx, m: Pick<Meeting, 'officeId' | 'zoneId'>): Promise<Zone[]> {
  return db.select().from(zones)
    .where(m.zoneId === null ? eq(zones.officeId, m.officeId) : and(eq(zones.officeId, m.officeId), eq(zones.id, m.zoneId)))
    .orderBy(zones.id);
}

/** Who is expected: the active supervisors and zone leaders of the meeting's zones. */
export async function membersOfZones(db: DbOrTx, zoneIds: number[]): Promise<Member[]> {
  if (zoneIds.length === 0) return [];
  return db.select().from(people)
    .where(and(
      inArray(people.zoneId, zoneIds),
      eq(people.active, true),
      sql`${people.roles} && array['supervisor','zone_leader']::text[]`,
    ))
    .orderBy(people.id);
}

/** The meeting's name in messages: its zone, or 全部责任区. */
export function meetingLabel(m: Pick<Meeting, 'zoneId'>, zoneList: Zone[]): string {
  return m.zoneId === null ? ALL_ZONES : (zoneList[0]?.name ?? '');
}

async function settingsOf(db: DbOrTx, officeId: number): Promise<OfficeSettings> {
  const [office] = await db.select({ settings: offices.settings }).from(offices).where(eq(offices.id, officeId));
  return officeSettings(office?.settings);
}

export async function instantsOf(db: DbOrTx, m: Pick<Meeting, 'officeId' | 'startsAt'>): Promise<NoticeInstants> {
  return noticeInstants(m.startsAt, (await settingsOf(db, m.officeId)).meetings);
}

/**
 * Queues notices, held through the office's quiet hours (21:00–08:00 by default): a meeting scheduled or moved late
 * in the evening is told to the groups and members in the morning.
 */
async function enqueueHeld(tx: DbOrTx, officeId: number, items: OutboxItem[]): Promise<void> {
  if (items.length === 0) return;
  const at = await heldUntil(tx, officeId);
  await enqueue(tx, at ? items.map((i) => ({ ...i, notBefore: at })) : items);
}

/** When notices queued now would go out, if the office's quiet hours hold them; null when they go at once. */
export async function heldUntil(db: DbOrTx, officeId: number): Promise<Date | null> {
  const now = clock.now();
  const at = deliveryTime(now, (await settingsOf(db, officeId)).calendar, { workingDaysOnly: false });
  return at > now ? at : null;
}

const cardFanout = (m: Pick<Meeting, 'id'>, version: number) => `meeting:${m.id}:v${version}:card`;

/**
 * Queues what every scheduled meeting owes at `at` (the reminder job); returns how many notices were queued. Each
 * meeting is claimed in its own transaction, so two runs at once send once.
 */
export async function queueDueMeetingNotices(db: Db, opts: { at?: Date; meetingId?: number } = {}): Promise<{ announced: number; dayNotices: number }> {
  const at = opts.at ?? clock.now();
  const candidates = await db.select({ id: meetings.id }).from(meetings)
    .where(and(
      eq(meetings.status, 'scheduled'),
      gt(meetings.startsAt, at),
      or(sql`${meetings.announcedVersion} is distinct from ${meetings.version}`, sql`${meetings.dayNoticeVersion} is distinct from ${meetings.version}`),
      opts.meetingId === undefined ? undefined : eq(meetings.id, opts.meetingId),
    ))
    .orderBy(meetings.startsAt);
  let announced = 0;
  let dayNotices = 0;
  for (const { id } of candidates) {
    const done = await db.transaction((tx) => queueDueNoticeOf(tx, id, at));
    if (done === 'announce') announced++;
    if (done === 'day') dayNotices++;
  }
  return { announced, dayNotices };
}

/** Inside a transaction: locks the meeting and queues the notice it owes at `at`, if any. */
export async function queueDueNoticeOf(tx: DbOrTx, meetingId: number, at: Date): Promise<'announce' | 'day' | null> {
  const [m] = await tx.select().from(meetings).where(eq(meetings.id, meetingId)).for('update');
  if (!m) return null;
  const instants = await instantsOf(tx, m);
  const due = dueNotice(m, instants, at);
  if (due === 'announce') {
    await announce(tx, m);
    await tx.update(meetings).set({
      announcedVersion: m.version,
      ...(announceCoversDay(instants, at) ? { dayNoticeVersion: m.version } : {}),
    }).where(eq(meetings.id, m.id));
  } else if (due === 'day') {
    await dayNotice(tx, m);
    await tx.update(meetings).set({ dayNoticeVersion: m.version }).where(eq(meetings.id, m.id));
  }
  return due;
}

function groupItems(key: string, zone: Zone, text: (canReceive: boolean) => GroupText, mentions?: Mention[]): OutboxItem[] {
  const officeId = zone.officeId;
  return zoneGroups(zone).map((g) => {
    const t = text(g.canReceive);
    const message: OutboundMessage = {
      type: 'group_notice', title: t.title, lines: t.lines,
      ...(t.mentionPrefix && mentions?.length ? { mentionPrefix: t.mentionPrefix, mentions, footer: t.footer } : {}),
    };
    return { key: `${key}:${zone.id}:${g.channel}`, channel: g.channel, recipient: g.recipient, message, officeId };
  });
}

function cardItems(m: Meeting, label: string, members: Member[], moved: boolean): OutboxItem[] {
  const fanout = cardFanout(m, m.version);
  const card = meetingRsvpCard({
    taskId: `meeting-${m.id}-v${m.version}`, zoneName: label, startsAt: m.startsAt, place: m.place, agenda: m.agenda, moved,
    attendKey: actionKey('meeting.attend', `${m.id}:${m.version}`), leaveKey: actionKey('meeting.leave', `${m.id}:${m.version}`),
  });
  return members.filter((p) => p.wecomUserId).map((p) => ({
    key: `${fanout}:${p.id}`, channel: 'wecom.app' as const, recipient: p.wecomUserId!, fanout, message: { type: 'card', card }, officeId: m.officeId,
  }));
}

/** The first notice of the meeting's current version: each zone group, and a card to each WeCom member. */
async function announce(tx: DbOrTx, m: Meeting): Promise<void> {
  const zoneList = await zonesOfMeeting(tx, m);
  const label = meetingLabel(m, zoneList);
  const items = zoneList.flatMap((z) => groupItems(`meeting:${m.id}:v${m.version}:announce`, z,
    (canReceive) => meetingGroup.announce({ zoneName: label, startsAt: m.startsAt, place: m.place, agenda: m.agenda, canReceive })));
  await enqueueHeld(tx, m.officeId, [...items, ...cardItems(m, label, await membersOfZones(tx, zoneList.map((z) => z.id)), false)]);
}

/** The notice on the day, per zone: who comes, who is on leave, and (mentioned) who has not answered. */
async function dayNotice(tx: DbOrTx, m: Meeting): Promise<void> {
  const zoneList = await zonesOfMeeting(tx, m);
  const label = meetingLabel(m, zoneList);
  const members = await membersOfZones(tx, zoneList.map((z) => z.id));
  const answers = await currentAnswers(tx, m);
  const items = zoneList.flatMap((z) => {
    const mine = members.filter((p) => p.zoneId === z.id);
    const attending = mine.filter((p) => answers.get(p.id)?.answer === 'attend').map((p) => p.name);
    const leave = mine.filter((p) => answers.get(p.id)?.answer === 'leave').map((p) => ({ name: p.name, reason: answers.get(p.id)!.reason }));
    const silent = mine.filter((p) => !answers.has(p.id));
    const mentions: Mention[] = silent.map((p) => ({ name: p.name, wecomUserId: p.wecomUserId, wechatyContact: p.wechatyContact }));
    return groupItems(`meeting:${m.id}:v${m.version}:day`, z, (canReceive) => meetingGroup.day({
      zoneName: label, startsAt: m.startsAt, place: m.place, attending, leave, canReceive, unanswered: silent.length,
    }), mentions);
  });
  await enqueueHeld(tx, m.officeId, items);
}

/** Answers given to the meeting's current version, by person. */
export async function currentAnswers(db: DbOrTx, m: Pick<Meeting, 'id' | 'version'>): Promise<Map<number, { answer: string; reason: string | null }>> {
  const rows = await db.select().from(meetingRsvps).where(and(eq(meetingRsvps.meetingId, m.id), eq(meetingRsvps.version, m.version)));
  return new Map(rows.map((r) => [r.personId, { answer: r.answer, reason: r.reason }]));
}

/**
 * The old version's cards: those not sent yet are withdrawn; those sent are listed with their send's response_code.
 */
async function cardHolders(tx: DbOrTx, m: Pick<Meeting, 'id'>, version: number): Promise<{ recipient: string; code?: string }[]> {
  const fanout = cardFanout(m, version);
  await dropPendingFanout(tx, fanout);
  return (await sentOfFanout(tx, fanout)).map((s) => ({ recipient: s.recipient, code: (s.response as { response_code?: string } | null)?.response_code }));
}

/**
 * Updates the old cards so their buttons are greyed with `state`: one update_template_card per send (its
 * response_code), for every member it reached. Queued after the correction, so a member's new card is not held back.
 */
async function queueCardUpdates(tx: DbOrTx, m: Pick<Meeting, 'id' | 'officeId'>, version: number, holders: { recipient: string; code?: string }[], state: string): Promise<void> {
  const byCode = new Map<string, string[]>();
  for (const h of holders) if (h.code) byCode.set(h.code, [...(byCode.get(h.code) ?? []), h.recipient]);
  let n = 0;
  await enqueue(tx, [...byCode].map(([code, userIds]): OutboxItem => ({
    key: `${cardFanout(m, version)}-update:${++n}`, channel: 'wecom.app', recipient: userIds[0]!, officeId: m.officeId,
    message: { type: 'card_update', responseCode: code, userIds, replaceName: state },
  })));
}

/**
 * A meeting that was announced moved (time or place): one correction to each group, the old cards updated, and a new
 * card (改期) to each member; the new version counts as announced, so only the day's notice remains to go.
 */
export async function queueMoveCorrection(tx: DbOrTx, before: Meeting, after: Meeting): Promise<void> {
  const holders = await cardHolders(tx, before, before.version);
  const zoneList = await zonesOfMeeting(tx, after);
  const label = meetingLabel(after, zoneList);
  const items = zoneList.flatMap((z) => groupItems(`meeting:${after.id}:v${after.version}:moved`, z, (canReceive) => meetingGroup.moved({
    zoneName: label, before: { startsAt: before.startsAt, place: before.place }, after: { startsAt: after.startsAt, place: after.place },
    agenda: after.agenda, canReceive,
  })));
  await enqueueHeld(tx, after.officeId, [...items, ...cardItems(after, label, await membersOfZones(tx, zoneList.map((z) => z.id)), true)]);
  await queueCardUpdates(tx, before, before.version, holders, cardStates.moved);
}

/** A meeting that was announced is cancelled: one notice to each group, and to each member who had the card. */
export async function queueCancelCorrection(tx: DbOrTx, m: Meeting): Promise<void> {
  const holders = await cardHolders(tx, m, m.version);
  const zoneList = await zonesOfMeeting(tx, m);
  const label = meetingLabel(m, zoneList);
  await enqueueHeld(tx, m.officeId, zoneList.flatMap((z) => groupItems(`meeting:${m.id}:cancelled`, z,
    () => meetingGroup.cancelled({ zoneName: label, startsAt: m.startsAt, place: m.place }))));
  const text = meetingMember.cancelled({ zoneName: label, startsAt: m.startsAt, place: m.place });
  const fanout = `meeting:${m.id}:cancelled:members`;
  await enqueueHeld(tx, m.officeId, [...new Set(holders.map((h) => h.recipient))].map((userid) => ({
    key: `${fanout}:${userid}`, channel: 'wecom.app' as const, recipient: userid, fanout, message: { type: 'text' as const, text }, officeId: m.officeId,
  })));
  await queueCardUpdates(tx, m, m.version, holders, cardStates.cancelled);
}

/** Active members of a zone who are WeCom users: what appchat/create needs. */
export async function wecomMembersOfZone(db: DbOrTx, zoneId: number): Promise<Member[]> {
  return (await membersOfZones(db, [zoneId])).filter((p) => p.wecomUserId !== null);
}

