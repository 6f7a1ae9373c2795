/**
 * A 整改通知书 as people read it — the form, its problems, its history and photos, and whether the school has been
 * reached at all — for the H5 page, the .docx, the office's list and its export (one view model, many renderers).
 * Lists are scoped to the office here, in the service.
 */
import { and, asc, desc, eq, gte, inArray, like, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import {
  offices, outbox, people, rectificationEvents, rectificationItems, rectificationNotices, rectificationPhotos,
  rectificationRechecks, schools, zones,
} from '../db/schema/index.ts';
import { clock } from '../clock.ts';
import { daysBetween, shanghaiDate } from '../domain/deadlines.ts';
import { UNFINISHED_STATUSES, type NoticeStatus } from '../domain/rectification-lifecycle.ts';
import { reachText } from '../../templates/notice-page.ts';
import { contactsOfSchool, isContactOf, personById, recipientFor, type Person, type School } from './directory.ts';
import { reviewerOf, type Notice, type NoticeItem } from './rectification-notices.ts';

export type NoticeEvent = typeof rectificationEvents.$inferSelect & { who: string };

/** Has the notice reached anyone at the school? 'unreached' carries the reason the office sees. */
export type Reach = { state: 'reached' } | { state: 'waiting' } | { state: 'unreached'; reason: string };

export interface NoticeDetail {
  notice: Notice;
  school: School;
  zoneName: string;
  officeName: string;
  supervisor: Person;
  items: NoticeItem[];
  events: NoticeEvent[];
  photos: { mediaId: number; eventId: number | null; sentAt: Date }[];
  rechecks: (typeof rectificationRechecks.$inferSelect)[];
  reach: Reach;
  /** Calendar days past the deadline while unfinished (0 when not overdue). */
  overdueDays: number;
}

export function overdueDaysOf(n: Pick<Notice, 'status' | 'dueOn'>, today = shanghaiDate(clock.now())): number {
  if (!UNFINISHED_STATUSES.includes(n.status as NoticeStatus) || n.status === 'submitted') return 0;
  return Math.max(0, daysBetween(n.dueOn, today));
}

/** Whether each notice's issue message reached a contact, from its outbox rows (`notice:<id>:issued:contact:<p>`). */
export async function reachOf(db: DbOrTx, notices: Pick<Notice, 'id' | 'schoolId'>[]): Promise<Map<number, Reach>> {
  const out = new Map<number, Reach>();
  if (notices.length === 0) return out;
  const rows = await db.select({ key: outbox.idempotencyKey, status: outbox.status, channel: outbox.channel, lastError: outbox.lastError })
    .from(outbox)
    .where(and(like(outbox.idempotencyKey, 'notice:%:issued:contact:%'),
      sql`split_part(${outbox.idempotencyKey}, ':', 2) in (${sql.join(notices.map((n) => sql`${String(n.id)}`), sql`, `)})`));
  const bySchool = new Map<number, Person[]>();
  for (const n of notices) {
    const mine = rows.filter((r) => r.key.split(':')[1] === String(n.id));
    if (mine.some((r) => r.status === 'sent')) { out.set(n.id, { state: 'reached' }); continue; }
    if (mine.some((r) => r.status === 'pending')) { out.set(n.id, { state: 'waiting' }); continue; }
    if (mine.length) {
      out.set(n.id, { state: 'unreached', reason: [...new Set(mine.map((r) => (r.status === 'parked' || r.status === 'waiting' ? r.lastError ?? '' : reachText.failed(r.lastError ?? ''))))].join('；') });
      continue;
    }
    if (!bySchool.has(n.schoolId)) bySchool.set(n.schoolId, await contactsOfSchool(db, n.schoolId));
    const contacts = bySchool.get(n.schoolId)!;
    out.set(n.id, { state: 'unreached', reason: contacts.length === 0 ? reachText.noContact : reachText.noChannel(contacts.filter((c) => !recipientFor(c)).map((c) => c.name)) });
  }
  return out;
}

export async function loadNoticeDetail(db: DbOrTx, id: number): Promise<NoticeDetail | null> {
  const [row] = await db.select({ notice: rectificationNotices, school: schools, zoneName: zones.name, officeName: offices.name })
    .from(rectificationNotices)
    .innerJoin(schools, eq(schools.id, rectificationNotices.schoolId))
    .innerJoin(zones, eq(zones.id, schools.zoneId))
    .innerJoin(offices, eq(offices.id, rectificationNotices.officeId))
    .where(eq(rectificationNotices.id, id));
  if (!row) return null;
  const { notice } = row;
  const [supervisor, items, events, photos, rechecks, reach] = await Promise.all([
    personById(db, notice.supervisorId),
    db.select().from(rectificationItems).where(eq(rectificationItems.noticeId, id)).orderBy(asc(rectificationItems.ordinal)),
    db.select({ e: rectificationEvents, name: people.name }).from(rectificationEvents)
      .leftJoin(people, eq(people.id, rectificationEvents.personId))
      .where(eq(rectificationEvents.noticeId, id)).orderBy(asc(rectificationEvents.id)),
    db.select({ mediaId: rectificationPhotos.mediaId, eventId: rectificationPhotos.eventId, sentAt: rectificationPhotos.sentAt })
      .from(rectificationPhotos).where(eq(rectificationPhotos.noticeId, id)).orderBy(asc(rectificationPhotos.id)),
    db.select().from(rectificationRechecks).where(eq(rectificationRechecks.noticeId, id)).orderBy(asc(rectificationRechecks.id)),
    reachOf(db, [notice]),
  ]);
  return {
    notice, school: row.school, zoneName: row.zoneName, officeName: row.officeName, supervisor: supervisor!, items,
    events: events.map(({ e, name }) => ({ ...e, who: name ?? (e.actor.startsWith('admin:') ? reachText.office : reachText.system) })),
    photos, rechecks, reach: reach.get(id)!, overdueDays: overdueDaysOf(notice),
  };
}

export type NoticeViewer = 'school_contact' | 'supervisor' | 'zone_leader' | 'office_admin';

/** Why this person may read the notice (its school's contact, its supervisor, the zone leader, the office), or null. */
export async function noticeViewerRole(db: DbOrTx, d: NoticeDetail, personId: number): Promise<NoticeViewer | null> {
  const person = await personById(db, personId);
  if (!person?.active || person.officeId !== d.notice.officeId) return null;
  if (isContactOf(person, d.notice.schoolId)) return 'school_contact';
  return reviewerOf(db, person, d.notice);
}

export async function isPhotoOfNotice(db: DbOrTx, noticeId: number, mediaId: number): Promise<boolean> {
  const rows = await db.select({ id: rectificationPhotos.id }).from(rectificationPhotos)
    .where(and(eq(rectificationPhotos.noticeId, noticeId), eq(rectificationPhotos.mediaId, mediaId))).limit(1);
  return rows.length > 0;
}

export interface NoticeFilter {
  status?: NoticeStatus;
  zoneId?: number;
  schoolId?: number;
  /** Only notices past their deadline and not finished. */
  overdue?: boolean;
  /** Issued on or after / on or before (YYYY-MM-DD). */
  from?: string;
  to?: string;
  limit?: number;
}

export interface NoticeListRow {
  notice: Notice;
  schoolName: string;
  zoneId: number;
  zoneName: string;
  supervisorName: string;
  items: NoticeItem[];
  reach: Reach;
  overdueDays: number;
  /** 约谈 / 通报 recorded by the office. */
  officeSteps: { kind: 'interview' | 'bulletin'; date: string; people: string; text: string | null }[];
}

/** The office's notices, newest first, filtered; scoped to `officeId` here. */
export async function listNotices(db: DbOrTx, officeId: number, f: NoticeFilter = {}): Promise<NoticeListRow[]> {
  const today = shanghaiDate(clock.now());
  const where: (SQL | undefined)[] = [eq(rectificationNotices.officeId, officeId)];
  if (f.status) where.push(eq(rectificationNotices.status, f.status));
  if (f.zoneId) where.push(eq(schools.zoneId, f.zoneId));
  if (f.schoolId) where.push(eq(rectificationNotices.schoolId, f.schoolId));
  if (f.from) where.push(gte(rectificationNotices.issuedOn, f.from));
  if (f.to) where.push(lte(rectificationNotices.issuedOn, f.to));
  if (f.overdue) {
    where.push(or(inArray(rectificationNotices.status, ['overdue', 'escalated']),
      and(inArray(rectificationNotices.status, ['issued', 'rectifying']), lt(rectificationNotices.dueOn, today))));
  }
  const rows = await db.select({ notice: rectificationNotices, schoolName: schools.name, zoneId: zones.id, zoneName: zones.name, supervisorName: people.name })
    .from(rectificationNotices)
    .innerJoin(schools, eq(schools.id, rectificationNotices.schoolId))
    .innerJoin(zones, eq(zones.id, schools.zoneId))
    .innerJoin(people, eq(people.id, rectificationNotices.supervisorId))
    .where(and(...where))
    .orderBy(desc(rectificationNotices.issuedOn), desc(rectificationNotices.id))
    .limit(Math.min(f.limit ?? 500, 5000));
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.notice.id);
  const [items, steps, reach] = await Promise.all([
    db.select().from(rectificationItems).where(inArray(rectificationItems.noticeId, ids)).orderBy(asc(rectificationItems.ordinal)),
    db.select().from(rectificationEvents).where(and(inArray(rectificationEvents.noticeId, ids), inArray(rectificationEvents.kind, ['interview', 'bulletin']))).orderBy(asc(rectificationEvents.id)),
    reachOf(db, rows.map((r) => r.notice)),
  ]);
  return rows.map((r) => ({
    ...r,
    items: items.filter((i) => i.noticeId === r.notice.id),
    reach: reach.get(r.notice.id)!,
    overdueDays: overdueDaysOf(r.notice, today),
    officeSteps: steps.filter((s) => s.noticeId === r.notice.id).map((s) => {
      const data = (s.data ?? {}) as { date?: string; people?: string };
      return { kind: s.kind as 'interview' | 'bulletin', date: data.date ?? '', people: data.people ?? '', text: s.text };
    }),
  }));
}
