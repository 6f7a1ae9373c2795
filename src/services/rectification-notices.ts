/**
 * Finding 整改通知书 for the people who act on them: a contact sees only their school's notices (another school's
 * number is simply not found), a supervisor or zone leader the notices of their office. Also the problems of a
 * notice (created when it is issued) and who may review it.
 */
import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { people, rectificationItems, rectificationNotices, schools } from '../db/schema/index.ts';
import { clock } from '../clock.ts';
import { shanghaiDate } from '../domain/deadlines.ts';
import { OPEN_STATUSES, UNFINISHED_STATUSES, reviewerRole, splitProblems, type NoticeStatus, type Reviewer } from '../domain/rectification-lifecycle.ts';
import { isAssigned, isContactOf, schoolById, schoolsOfSupervisor, type Person } from './directory.ts';

export type Notice = typeof rectificationNotices.$inferSelect;
export type NoticeItem = typeof rectificationItems.$inferSelect;

/** One row per problem of each new notice (需整改内容 split at its numbering). Called in the issuing transaction. */
export async function createNoticeItems(tx: DbOrTx, notices: Notice[]): Promise<void> {
  const rows = notices.flatMap((n) => splitProblems(n.problems).map((text, i) => ({ noticeId: n.id, ordinal: i + 1, text })));
  if (rows.length) await tx.insert(rectificationItems).values(rows).onConflictDoNothing();
}

export async function itemsOf(db: DbOrTx, noticeId: number): Promise<NoticeItem[]> {
  return db.select().from(rectificationItems).where(eq(rectificationItems.noticeId, noticeId)).orderBy(asc(rectificationItems.ordinal));
}

export async function noticeById(db: DbOrTx, id: number, lock = false): Promise<Notice | null> {
  const q = db.select().from(rectificationNotices).where(eq(rectificationNotices.id, id)).limit(1);
  const [row] = lock ? await q.for('update') : await q;
  return row ?? null;
}

/** The school's notices that still wait for the school (it may report on them), by number. */
export async function openNoticesOfSchool(db: DbOrTx, schoolId: number): Promise<Notice[]> {
  return db.select().from(rectificationNotices)
    .where(and(eq(rectificationNotices.schoolId, schoolId), inArray(rectificationNotices.status, [...OPEN_STATUSES])))
    .orderBy(asc(rectificationNotices.year), asc(rectificationNotices.seq));
}

/** The school's notices not yet finished (open, or submitted and waiting for review). */
export async function unfinishedNoticesOfSchool(db: DbOrTx, schoolId: number): Promise<Notice[]> {
  return db.select().from(rectificationNotices)
    .where(and(eq(rectificationNotices.schoolId, schoolId), inArray(rectificationNotices.status, [...UNFINISHED_STATUSES])))
    .orderBy(asc(rectificationNotices.year), asc(rectificationNotices.seq));
}

/**
 * The unfinished notices a person may see, oldest deadline first (at most `limit`): a contact their school's; a
 * supervisor those of the schools they are assigned to or issued; a zone leader their zone's; the office all.
 */
export async function unfinishedNoticesFor(db: DbOrTx, person: Person, limit = 20): Promise<Notice[]> {
  const unfinished = inArray(rectificationNotices.status, [...UNFINISHED_STATUSES]);
  const scopes = [];
  if (person.roles.includes('office_admin')) scopes.push(eq(rectificationNotices.officeId, person.officeId));
  if (person.roles.includes('school_contact') && person.schoolId) scopes.push(eq(rectificationNotices.schoolId, person.schoolId));
  if (person.roles.includes('zone_leader') && person.zoneId) {
    scopes.push(inArray(rectificationNotices.schoolId, db.select({ id: schools.id }).from(schools).where(eq(schools.zoneId, person.zoneId))));
  }
  if (person.roles.includes('supervisor')) {
    const own = (await schoolsOfSupervisor(db, person.id, shanghaiDate(clock.now()))).map((s) => s.id);
    scopes.push(eq(rectificationNotices.supervisorId, person.id));
    if (own.length) scopes.push(inArray(rectificationNotices.schoolId, own));
  }
  if (scopes.length === 0) return [];
  return db.select().from(rectificationNotices)
    .where(and(eq(rectificationNotices.officeId, person.officeId), unfinished, or(...scopes)))
    .orderBy(asc(rectificationNotices.dueOn), asc(rectificationNotices.seq))
    .limit(limit);
}

export interface NoticeRefInput {
  year?: number;
  seq: number;
}

/** A notice by number among `where`: the given year, else this year's, else the latest with that number. */
async function byNumber(db: DbOrTx, where: ReturnType<typeof eq>, ref: NoticeRefInput): Promise<Notice | null> {
  const year = ref.year;
  const rows = await db.select().from(rectificationNotices)
    .where(and(where, eq(rectificationNotices.seq, ref.seq), year ? eq(rectificationNotices.year, year) : undefined))
    .orderBy(sql`(${rectificationNotices.year} = ${Number(shanghaiDate(clock.now()).slice(0, 4))}) desc`, desc(rectificationNotices.year))
    .limit(1);
  return rows[0] ?? null;
}

/** A contact's own school's notice with that number; null for any other school's (never a hint that it exists). */
export async function noticeForContact(db: DbOrTx, person: Person, ref: NoticeRefInput): Promise<Notice | null> {
  if (!person.schoolId || !isContactOf(person, person.schoolId)) return null;
  return byNumber(db, eq(rectificationNotices.schoolId, person.schoolId), ref);
}

/** A notice of the person's office with that number (supervisors, zone leaders, the office). */
export async function noticeForStaff(db: DbOrTx, person: Person, ref: NoticeRefInput): Promise<Notice | null> {
  return byNumber(db, eq(rectificationNotices.officeId, person.officeId), ref);
}

/** Who the person is for this notice's review (整改到位 / 退回 / 需回访), or null. */
export async function reviewerOf(db: DbOrTx, person: Person, notice: Notice): Promise<Reviewer | null> {
  if (!person.active) return null;
  const school = await schoolById(db, notice.schoolId);
  if (!school) return null;
  const supervisesSchool = person.id === notice.supervisorId || (await isAssigned(db, person.id, school.id, shanghaiDate(clock.now())));
  return reviewerRole({ roles: person.roles, officeId: person.officeId, zoneId: person.zoneId, supervisesSchool }, { officeId: notice.officeId, zoneId: school.zoneId });
}

/** The leaders of the school's zone (组长), active. */
export async function zoneLeadersOf(db: DbOrTx, schoolId: number): Promise<Person[]> {
  const [school] = await db.select({ zoneId: schools.zoneId }).from(schools).where(eq(schools.id, schoolId));
  if (!school) return [];
  return db.select().from(people)
    .where(and(eq(people.zoneId, school.zoneId), eq(people.active, true), sql`'zone_leader' = any(${people.roles})`))
    .orderBy(asc(people.id));
}

/** The office's admins who are people (reachable in chat), active. */
export async function officeAdminsOf(db: DbOrTx, officeId: number): Promise<Person[]> {
  return db.select().from(people)
    .where(and(eq(people.officeId, officeId), eq(people.active, true), sql`'office_admin' = any(${people.roles})`))
    .orderBy(asc(people.id));
}

export const isOpen = (status: NoticeStatus): boolean => OPEN_STATUSES.includes(status);
