/**
 * 整改 use cases (conversations.md §3; domain.md §2.3.2): the school reports, the supervisor (or the zone leader or
 * the office) verifies, returns or asks for a re-check visit, the office records 约谈 and 通报. Each runs in one
 * transaction that checks the step in domain/rectification-lifecycle.ts, writes the notice, its history and an
 * audit entry, and queues the messages it causes in the outbox.
 */
import { and, asc, desc, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../db/client.ts';
import {
  rectificationEvents, rectificationItems, rectificationNotices, rectificationPending, rectificationPhotos,
  rectificationRechecks, visits, type RectificationEventKind,
} from '../db/schema/index.ts';
import { clock } from '../clock.ts';
import { actionKey } from '../domain/actions.ts';
import { dueDate, isIsoDate, shanghaiDate } from '../domain/deadlines.ts';
import { DudaoError } from '../domain/errors.ts';
import { transition, type NoticeStatus, type NoticeStep, type Reviewer } from '../domain/rectification-lifecycle.ts';
import { workdayAfter } from '../domain/working-days.ts';
import { rectificationErrors as E } from '../../templates/rectification-errors.ts';
import { rectificationText as T } from '../../templates/rectification.ts';
import { noticeReviewCard } from '../../templates/cards/notice-review.ts';
import { audit } from './audit.ts';
import { contactsOfSchool, personById, recipientFor, schoolById, isContactOf, type Person } from './directory.ts';
import { noticeLink } from './links.ts';
import { enqueue, type OutboxItem } from './outbox.ts';
import { itemsOf, noticeById, reviewerOf, type Notice } from './rectification-notices.ts';
import type { Visit } from './visit-draft.ts';

/** Photos sent before the text join the report made within this many minutes; so do photos sent just after it. */
export const REPORT_PHOTO_MINUTES = 30;
export const MAX_MEASURES = 1000;
export const MAX_REASON = 300;

/** Who acts: a person in chat, or an office account through the API / console. */
export type By = { person: Person } | { admin: { id: number; officeId: number; username: string } };

const actorOf = (by: By) => ('person' in by ? `person:${by.person.id}` : `admin:${by.admin.id}`);
const personIdOf = (by: By) => ('person' in by ? by.person.id : null);
const nameOf = (by: By) => ('person' in by ? by.person.name : '督导室');

interface StepRecord {
  by: By | 'system';
  kind: RectificationEventKind;
  text?: string | null;
  items?: number[];
  data?: unknown;
  sourceKey?: string;
}

/**
 * Takes one lifecycle step on a locked notice: the domain says whether it may and what the status becomes; the
 * notice, an event in its history and an audit entry are written. Returns the new row and the event id.
 */
export async function takeStep(
  tx: Tx, notice: Notice, step: NoticeStep, rec: StepRecord, set: Partial<Notice> = {},
): Promise<{ notice: Notice; eventId: number }> {
  const from = notice.status as NoticeStatus;
  const to = transition(from, step, notice.number);
  const now = clock.now();
  const [row] = await tx.update(rectificationNotices).set({ ...set, status: to, updatedAt: now })
    .where(eq(rectificationNotices.id, notice.id)).returning();
  const eventId = await recordEvent(tx, notice, { ...rec, from, to });
  const actor = rec.by === 'system' ? 'system' : actorOf(rec.by);
  await audit(tx, {
    actor, action: `notice.${step}`, entity: 'rectification_notice', entityId: notice.id, officeId: notice.officeId,
    before: { status: from }, after: { status: to, ...(rec.text ? { why: rec.text } : {}) },
  });
  return { notice: row, eventId };
}

async function recordEvent(tx: DbOrTx, notice: Notice, rec: StepRecord & { from?: string; to?: string }): Promise<number> {
  const [ev] = await tx.insert(rectificationEvents).values({
    noticeId: notice.id, at: clock.now(), actor: rec.by === 'system' ? 'system' : actorOf(rec.by),
    personId: rec.by === 'system' ? null : personIdOf(rec.by), kind: rec.kind,
    fromStatus: rec.from ?? notice.status, toStatus: rec.to ?? notice.status,
    text: rec.text ?? null, items: rec.items ?? [], data: rec.data ?? null, sourceKey: rec.sourceKey ?? null,
  }).returning({ id: rectificationEvents.id });
  return ev.id;
}

async function lock(tx: Tx, noticeId: number): Promise<Notice> {
  const n = await noticeById(tx, noticeId, true);
  if (!n) throw new DudaoError('not_found', E.notFound(`#${noticeId}`, []));
  return n;
}

/** The event that recorded this message, when it was handled before (a replay after a crash). */
async function alreadyHandled(tx: DbOrTx, sourceKey?: string): Promise<boolean> {
  if (!sourceKey) return false;
  const [hit] = await tx.select({ id: rectificationEvents.id }).from(rectificationEvents).where(eq(rectificationEvents.sourceKey, sourceKey));
  return Boolean(hit);
}

function messagesTo(people: Person[], key: (p: Person) => string, message: (p: Person) => OutboxItem['message']): OutboxItem[] {
  return people.flatMap((p) => {
    const to = recipientFor(p);
    return to ? [{ key: key(p), ...to, message: message(p) }] : [];
  });
}

// ——— The school reports ———

export interface ReportResult {
  notice: Notice;
  reported: number[];
  remaining: number[];
  photos: number;
  submitted: boolean;
  supervisorName: string;
}

/**
 * 已整改: the contact reports some problems (`items`, ordinals) or all that remain (empty) rectified, with what was
 * done. Photos they sent in the last REPORT_PHOTO_MINUTES join the report. When nothing remains the notice is
 * submitted and the supervisor gets the review card.
 */
export async function reportRectification(db: Db, input: {
  person: Person; noticeId: number; items: number[]; text: string; sourceKey?: string; baseUrl: string;
}): Promise<ReportResult> {
  const text = input.text.trim();
  if (text.length > MAX_MEASURES) throw new DudaoError('bad_request', E.measuresTooLong(MAX_MEASURES));
  return db.transaction(async (tx) => {
    const notice = await lock(tx, input.noticeId);
    if (!isContactOf(input.person, notice.schoolId)) throw new DudaoError('not_found', E.notFound(`${notice.seq}号`, []));
    if (!text) throw new DudaoError('bad_request', E.needMeasures(notice.seq));
    const items = await itemsOf(tx, notice.id);
    const supervisor = (await personById(tx, notice.supervisorId))!;
    if (await alreadyHandled(tx, input.sourceKey)) {
      return { notice, reported: [], remaining: items.filter((i) => !i.reportedAt).map((i) => i.ordinal), photos: 0, submitted: notice.status === 'submitted', supervisorName: supervisor.name };
    }
    const open = items.filter((i) => !i.reportedAt);
    const asked = input.items.length ? input.items : open.map((i) => i.ordinal);
    const unknown = asked.filter((o) => !items.some((i) => i.ordinal === o));
    if (unknown.length) throw new DudaoError('bad_request', E.noSuchItem(notice.number, items.length, unknown));
    if (notice.status !== 'submitted') {
      const done = asked.filter((o) => !open.some((i) => i.ordinal === o));
      if (done.length && input.items.length) throw new DudaoError('invalid_state', E.itemsDone(notice.number, done));
    }
    const remaining = open.filter((i) => !asked.includes(i.ordinal)).map((i) => i.ordinal);
    const step: NoticeStep = remaining.length === 0 ? 'report_all' : 'report_part';
    const now = clock.now();
    const { notice: after, eventId } = await takeStep(tx, notice, step,
      { by: { person: input.person }, kind: step === 'report_all' ? 'submitted' : 'report', text, items: input.items.length ? asked : [], sourceKey: input.sourceKey },
      step === 'report_all' ? { submittedAt: now } : {});
    await tx.update(rectificationItems).set({ reportedAt: now, reportEventId: eventId })
      .where(and(eq(rectificationItems.noticeId, notice.id), inArray(rectificationItems.ordinal, asked)));
    const since = new Date(now.getTime() - REPORT_PHOTO_MINUTES * 60_000);
    const photos = await tx.update(rectificationPhotos).set({ noticeId: notice.id, eventId })
      .where(and(eq(rectificationPhotos.personId, input.person.id), isNull(rectificationPhotos.noticeId), gte(rectificationPhotos.sentAt, since)))
      .returning({ id: rectificationPhotos.id });
    await tx.delete(rectificationPending).where(eq(rectificationPending.personId, input.person.id));
    if (step === 'report_all') await queueReview(tx, after, eventId, input.person, input.baseUrl);
    return { notice: after, reported: asked, remaining, photos: photos.length, submitted: step === 'report_all', supervisorName: supervisor.name };
  });
}

/** The supervisor's card: every measure reported since the last 退回, the photo count, the buttons. */
async function queueReview(tx: Tx, notice: Notice, eventId: number, contact: Person, baseUrl: string): Promise<void> {
  const supervisor = await personById(tx, notice.supervisorId);
  if (!supervisor) return;
  const to = recipientFor(supervisor);
  if (!to) return;
  const reports = await currentReports(tx, notice);
  const [{ photos }] = await tx.select({ photos: sql<number>`count(*)::int` }).from(rectificationPhotos)
    .where(and(eq(rectificationPhotos.noticeId, notice.id), inArray(rectificationPhotos.eventId, reports.map((r) => r.id))));
  const school = (await schoolById(tx, notice.schoolId))!;
  const items = await itemsOf(tx, notice.id);
  const rev = `${notice.id}.${eventId}`;
  await enqueue(tx, {
    key: `notice:${notice.id}:review:${eventId}:${supervisor.id}`,
    ...to,
    message: {
      type: 'card',
      card: noticeReviewCard({
        taskId: `notice-${notice.id}-review-${eventId}`,
        number: notice.number, schoolName: school.name, contactName: contact.name,
        problems: items.map((i) => i.text),
        measures: reports.map((r) => (r.items.length && items.length > 1 ? `第${r.items.join('、')}项 ${r.text ?? ''}` : r.text ?? '')),
        photos,
        url: noticeLink(baseUrl, notice.id, supervisor.id),
        verifyKey: actionKey('notice.verify', rev),
        returnKey: actionKey('notice.return', rev),
        recheckKey: actionKey('notice.recheck', rev),
      }),
    },
  });
}

/** The school's reports since the notice was last returned, oldest first. */
async function currentReports(db: DbOrTx, notice: Notice) {
  const events = await db.select().from(rectificationEvents).where(eq(rectificationEvents.noticeId, notice.id)).orderBy(asc(rectificationEvents.id));
  let lastReturn = -1;
  events.forEach((e, i) => { if (e.kind === 'returned') lastReturn = i; });
  return events.slice(lastReturn + 1).filter((e) => e.kind === 'report' || e.kind === 'submitted');
}

/** The id of the report that made the notice submitted (the card's revision), or null. */
async function submittingEvent(db: DbOrTx, noticeId: number): Promise<number | null> {
  const [ev] = await db.select({ id: rectificationEvents.id }).from(rectificationEvents)
    .where(and(eq(rectificationEvents.noticeId, noticeId), eq(rectificationEvents.kind, 'submitted')))
    .orderBy(desc(rectificationEvents.id)).limit(1);
  return ev?.id ?? null;
}

// ——— Photos from the school ———

/**
 * A contact's photo: it joins the report they made in the last REPORT_PHOTO_MINUTES (photos after the text), or
 * waits for the report they are about to type (photos before the text). Keyed by the message: stored once.
 */
export async function keepContactPhoto(db: Db, input: { person: Person; mediaId: number; sourceKey: string }): Promise<{ attachedTo: Notice | null; count: number }> {
  return db.transaction(async (tx) => {
    const now = clock.now();
    const since = new Date(now.getTime() - REPORT_PHOTO_MINUTES * 60_000);
    const [recent] = await tx.select({ id: rectificationEvents.id, noticeId: rectificationEvents.noticeId }).from(rectificationEvents)
      .innerJoin(rectificationNotices, eq(rectificationNotices.id, rectificationEvents.noticeId))
      .where(and(eq(rectificationEvents.personId, input.person.id), inArray(rectificationEvents.kind, ['report', 'submitted']),
        gte(rectificationEvents.at, since), inArray(rectificationNotices.status, ['rectifying', 'submitted', 'overdue', 'escalated'])))
      .orderBy(desc(rectificationEvents.id)).limit(1);
    await tx.insert(rectificationPhotos).values({
      officeId: input.person.officeId, personId: input.person.id, mediaId: input.mediaId, sentAt: now,
      noticeId: recent?.noticeId ?? null, eventId: recent?.id ?? null, sourceKey: input.sourceKey,
    }).onConflictDoNothing();
    if (!recent) return { attachedTo: null, count: 0 };
    const [{ count }] = await tx.select({ count: sql<number>`count(*)::int` }).from(rectificationPhotos).where(eq(rectificationPhotos.noticeId, recent.noticeId));
    return { attachedTo: await noticeById(tx, recent.noticeId), count };
  });
}

// ——— Review: 整改到位 / 退回 / 需回访 ———

async function assertReviewer(tx: DbOrTx, by: By, notice: Notice): Promise<Reviewer> {
  if ('admin' in by) {
    if (by.admin.officeId !== notice.officeId) throw new DudaoError('forbidden', E.notReviewer(notice.number));
    return 'office_admin';
  }
  const role = await reviewerOf(tx, by.person, notice);
  if (!role) throw new DudaoError('forbidden', E.notReviewer(notice.number));
  return role;
}

async function assertRevision(tx: DbOrTx, notice: Notice, revision?: number): Promise<void> {
  if (revision === undefined) return;
  if (notice.status !== 'submitted' || (await submittingEvent(tx, notice.id)) !== revision) {
    throw new DudaoError('invalid_state', E.staleReport(notice.number));
  }
}

/** 整改到位: verified, then closed; the school is told (and the supervisor, when someone else verified). */
export async function verifyNotice(db: Db, input: { by: By; noticeId: number; revision?: number; sourceKey?: string; via?: string }): Promise<Notice> {
  return db.transaction(async (tx) => verifyLocked(tx, await lock(tx, input.noticeId), input));
}

async function verifyLocked(tx: Tx, notice: Notice, input: { by: By; revision?: number; sourceKey?: string; via?: string; recheck?: boolean }): Promise<Notice> {
  if (await alreadyHandled(tx, input.sourceKey)) return notice;
  await assertReviewer(tx, input.by, notice);
  await assertRevision(tx, notice, input.revision);
  // With a re-check (回头看) planned, the notice is verified by that visit's submit, not by a tap.
  if (!input.recheck && (await plannedRecheck(tx, notice.id))) throw new DudaoError('invalid_state', E.recheckPending(notice.number));
  const now = clock.now();
  const verified = await takeStep(tx, notice, 'verify', { by: input.by, kind: 'verified', text: input.via ?? null, sourceKey: input.sourceKey },
    { verifiedAt: now, verifiedBy: personIdOf(input.by) });
  const closed = await takeStep(tx, verified.notice, 'close', { by: input.by, kind: 'closed' }, { closedAt: now });
  const by = nameOf(input.by);
  const contacts = await contactsOfSchool(tx, notice.schoolId);
  const items = messagesTo(contacts, (p) => `notice:${notice.id}:verified:contact:${p.id}`, () => ({ type: 'text', text: T.verifiedToSchool(notice.number, by) }));
  const school = (await schoolById(tx, notice.schoolId))!;
  if (personIdOf(input.by) !== notice.supervisorId) {
    const sup = await personById(tx, notice.supervisorId);
    if (sup) items.push(...messagesTo([sup], (p) => `notice:${notice.id}:verified:supervisor:${p.id}`, () => ({ type: 'text', text: T.verifiedToReviewer(notice.number, school.name) })));
  }
  await enqueue(tx, items);
  return closed.notice;
}

/** 退回 tapped: the bot waits for the reason (the person's next text, or a reason button). */
export async function askReturnReason(db: Db, input: { person: Person; noticeId: number; revision?: number }): Promise<Notice> {
  return db.transaction(async (tx) => {
    const notice = await lock(tx, input.noticeId);
    await assertReviewer(tx, { person: input.person }, notice);
    await assertRevision(tx, notice, input.revision);
    transition(notice.status as NoticeStatus, 'return', notice.number);
    const row = { kind: 'return_reason' as const, noticeId: notice.id, revision: input.revision ?? null, text: null, items: [], createdAt: clock.now() };
    await tx.insert(rectificationPending).values({ personId: input.person.id, ...row })
      .onConflictDoUpdate({ target: rectificationPending.personId, set: row });
    return notice;
  });
}

/** 退回 with its reason: the notice is rectifying again, every problem is to be reported again, the school is told. */
export async function returnNotice(db: Db, input: { by: By; noticeId: number; reason: string; revision?: number; sourceKey?: string; note?: string }): Promise<Notice> {
  const reason = input.reason.trim();
  if (!reason) throw new DudaoError('bad_request', E.needReason());
  if (reason.length > MAX_REASON) throw new DudaoError('bad_request', E.reasonTooLong(MAX_REASON));
  return db.transaction(async (tx) => returnLocked(tx, await lock(tx, input.noticeId), { ...input, reason }));
}

async function returnLocked(tx: Tx, notice: Notice, input: { by: By; reason: string; revision?: number; sourceKey?: string }): Promise<Notice> {
  if (await alreadyHandled(tx, input.sourceKey)) return notice;
  await assertReviewer(tx, input.by, notice);
  await assertRevision(tx, notice, input.revision);
  const now = clock.now();
  const { notice: after, eventId } = await takeStep(tx, notice, 'return', { by: input.by, kind: 'returned', text: input.reason, sourceKey: input.sourceKey },
    { returnReason: input.reason, returnedAt: now, submittedAt: null });
  await tx.update(rectificationItems).set({ reportedAt: null, reportEventId: null }).where(eq(rectificationItems.noticeId, notice.id));
  if ('person' in input.by) await tx.delete(rectificationPending).where(eq(rectificationPending.personId, input.by.person.id));
  const contacts = await contactsOfSchool(tx, notice.schoolId);
  await enqueue(tx, messagesTo(contacts, (p) => `notice:${notice.id}:returned:${eventId}:contact:${p.id}`, () => ({
    type: 'text', text: T.returnedToSchool({ number: notice.number, seq: notice.seq, reason: input.reason, by: nameOf(input.by), dueOn: notice.dueOn }),
  })));
  return after;
}

/** A question the bot asked is answered within this many minutes, or it lapses (a later text is not taken as the answer). */
export const PENDING_MINUTES = 30;

/** What the bot is waiting for from this person, if anything still fresh. */
export async function pendingOf(db: DbOrTx, personId: number) {
  const [row] = await db.select().from(rectificationPending).where(eq(rectificationPending.personId, personId));
  if (!row) return null;
  return clock.now().getTime() - row.createdAt.getTime() <= PENDING_MINUTES * 60_000 ? row : null;
}

/** A report waiting for the contact to pick its notice on the card. */
export async function keepReportForPick(db: Db, input: { person: Person; text: string; items: number[] }): Promise<void> {
  const row = { kind: 'pick' as const, noticeId: null, revision: null, text: input.text, items: input.items, createdAt: clock.now() };
  await db.insert(rectificationPending).values({ personId: input.person.id, ...row })
    .onConflictDoUpdate({ target: rectificationPending.personId, set: row });
}

export async function dropPending(db: DbOrTx, personId: number): Promise<void> {
  await db.delete(rectificationPending).where(eq(rectificationPending.personId, personId));
}

// ——— 回头看: the re-check visit ———

/**
 * 需回访: a 回访督导 visit is planned at the school for the notice's supervisor on the next working day (the
 * morning card comes as for any planned visit), linked to the notice. The notice stays submitted until that visit is
 * submitted with the notice marked 到位 (verified) or 未到位 (returned).
 */
export async function planRecheck(db: Db, input: { person: Person; noticeId: number; revision?: number; baseUrl: string }): Promise<{ notice: Notice; visit: Visit }> {
  return db.transaction(async (tx) => {
    const notice = await lock(tx, input.noticeId);
    await assertReviewer(tx, { person: input.person }, notice);
    await assertRevision(tx, notice, input.revision);
    transition(notice.status as NoticeStatus, 'verify', notice.number);
    // A re-check already planned and not yet done is the answer (a second tap, or the same tap handled twice).
    const planned = await plannedRecheck(tx, notice.id);
    if (planned) return { notice, visit: planned };
    const day = workdayAfter(shanghaiDate(clock.now()), 1);
    const now = clock.now();
    const [visit] = await tx.insert(visits).values({
      officeId: notice.officeId, schoolId: notice.schoolId, supervisorId: notice.supervisorId, type: '回访督导',
      status: 'planned', plannedOn: day, planContent: `回头看：${notice.number}`, lastActivityAt: now, createdAt: now, updatedAt: now,
    }).returning();
    await tx.insert(rectificationRechecks).values({ noticeId: notice.id, visitId: visit.id, createdAt: now });
    await recordEvent(tx, notice, { by: { person: input.person }, kind: 'recheck_planned', data: { visitId: visit.id, plannedOn: day } });
    await audit(tx, { actor: `person:${input.person.id}`, action: 'notice.recheck_planned', entity: 'rectification_notice', entityId: notice.id, officeId: notice.officeId, after: { visitId: visit.id, plannedOn: day } });
    const contacts = await contactsOfSchool(tx, notice.schoolId);
    await enqueue(tx, messagesTo(contacts, (p) => `notice:${notice.id}:recheck:${visit.id}:contact:${p.id}`, () => ({ type: 'text', text: T.recheckToSchool(notice.number, day) })));
    return { notice, visit };
  });
}

/** The re-check visit planned for the notice and not yet submitted or cancelled, if any. */
async function plannedRecheck(tx: DbOrTx, noticeId: number): Promise<Visit | null> {
  const [planned] = await tx.select({ visit: visits }).from(rectificationRechecks)
    .innerJoin(visits, eq(visits.id, rectificationRechecks.visitId))
    .where(and(eq(rectificationRechecks.noticeId, noticeId), isNull(rectificationRechecks.settledAt), inArray(visits.status, ['planned', 'in_progress'])))
    .limit(1);
  return planned?.visit ?? null;
}

/** 到位 12号 / 未到位 12号 原因, during a visit at the notice's school: the verdict that the visit's submit applies. */
export async function markRecheck(db: Db, input: { person: Person; notice: Notice; verdict: '到位' | '未到位'; note: string; draft: Visit }): Promise<void> {
  const { notice, draft } = input;
  if (draft.schoolId !== notice.schoolId) {
    const school = await schoolById(db, notice.schoolId);
    throw new DudaoError('bad_request', E.recheckOtherSchool(notice.number, school?.name ?? ''));
  }
  if (input.verdict === '未到位' && !input.note.trim()) throw new DudaoError('bad_request', E.needReason());
  if (input.note.length > MAX_REASON) throw new DudaoError('bad_request', E.reasonTooLong(MAX_REASON));
  await db.transaction(async (tx) => {
    const locked = await lock(tx, notice.id);
    await assertReviewer(tx, { person: input.person }, locked);
    transition(locked.status as NoticeStatus, input.verdict === '到位' ? 'verify' : 'return', locked.number);
    const now = clock.now();
    const set = { verdict: input.verdict, note: input.note.trim() || null, markedAt: now };
    await tx.insert(rectificationRechecks).values({ noticeId: notice.id, visitId: draft.id, createdAt: now, ...set })
      .onConflictDoUpdate({ target: [rectificationRechecks.noticeId, rectificationRechecks.visitId], set });
    await recordEvent(tx, locked, { by: { person: input.person }, kind: 'recheck_marked', text: input.note.trim() || null, data: { visitId: draft.id, verdict: input.verdict } });
  });
}

/**
 * Called by the visit's submit, in its transaction: each notice marked during the visit is verified (到位) or
 * returned with the note (未到位), as if the supervisor had tapped the card.
 */
export async function settleRechecks(tx: Tx, visit: Visit, submitterId: number): Promise<Notice[]> {
  const marked = await tx.select().from(rectificationRechecks)
    .where(and(eq(rectificationRechecks.visitId, visit.id), isNull(rectificationRechecks.settledAt), sql`${rectificationRechecks.verdict} is not null`));
  const submitter = await personById(tx, submitterId);
  if (!submitter) return [];
  const settled: Notice[] = [];
  for (const r of marked) {
    const notice = await lock(tx, r.noticeId);
    if (notice.status !== 'submitted') continue;
    const by: By = { person: submitter };
    settled.push(r.verdict === '到位'
      ? await verifyLocked(tx, notice, { by, via: `回访督导 #${visit.id}`, recheck: true })
      : await returnLocked(tx, notice, { by, reason: T.recheckReturnReason(r.note ?? '') }));
    await tx.update(rectificationRechecks).set({ settledAt: clock.now() }).where(eq(rectificationRechecks.id, r.id));
  }
  return settled;
}

// ——— The office's next steps: 约谈, 通报 ———

export interface OfficeRecordInput {
  admin: { id: number; officeId: number; username: string };
  noticeId: number;
  kind: 'interview' | 'bulletin';
  /** YYYY-MM-DD */
  date: string;
  /** 约谈: who was talked to (and by whom); 通报: to whom it went. */
  people: string;
  /** 约谈 minutes, or the 通报's text. */
  text: string;
}

/** 约谈 (date, who, minutes) or 通报, recorded on the notice's history (seed 000 四(五); seed 003 (八)). */
export async function recordOfficeStep(db: Db, input: OfficeRecordInput): Promise<number> {
  if (!isIsoDate(input.date)) throw new DudaoError('bad_request', E.badRecord('date 须为 YYYY-MM-DD'));
  if (input.date > dueDate(shanghaiDate(clock.now()), 1)) throw new DudaoError('bad_request', E.badRecord('日期不能晚于今天'));
  return db.transaction(async (tx) => {
    const notice = await lock(tx, input.noticeId);
    if (notice.officeId !== input.admin.officeId) throw new DudaoError('not_found', E.notFound(`#${input.noticeId}`, []));
    const id = await recordEvent(tx, notice, { by: { admin: input.admin }, kind: input.kind, text: input.text.trim(), data: { date: input.date, people: input.people.trim() } });
    await audit(tx, { actor: `admin:${input.admin.id}`, action: `notice.${input.kind}`, entity: 'rectification_notice', entityId: notice.id, officeId: notice.officeId, after: { date: input.date, people: input.people.trim() } });
    return id;
  });
}
