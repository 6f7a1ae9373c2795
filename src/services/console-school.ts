/**
 * A school as the console shows it on one page: the school, its supervisors now (挂牌 active today), its contacts,
 * its visits (one page), how it rated them, and the 整改通知书 it received. Refused (403) outside the viewer's scope.
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { people, rectificationNotices } from '../db/schema/index.ts';
import { shanghaiDate } from '../domain/deadlines.ts';
import type { PageRequest } from '../domain/paging.ts';
import { clock } from '../clock.ts';
import { assignmentsPage, schoolFor } from './console-org.ts';
import type { Viewer } from './console-viewer.ts';
import { ratingsOfSchool, visitsOfSchool } from './console-visits.ts';

export async function schoolPage(db: DbOrTx, v: Viewer, schoolId: number, visitsPage: PageRequest) {
  const school = await schoolFor(db, v, schoolId);
  const today = shanghaiDate(clock.now());
  const supervisors = (await assignmentsPage(db, v, { schoolId, activeOn: today }, { page: 1, size: 20 })).items;
  const contacts = await db.select({ id: people.id, name: people.name, mobile: people.mobile, wecomUserId: people.wecomUserId, wechatOpenId: people.wechatOpenId })
    .from(people).where(and(eq(people.schoolId, schoolId), eq(people.active, true), sql`'school_contact' = any(${people.roles})`)).orderBy(asc(people.id)).limit(20);
  const notices = await db.select({
    id: rectificationNotices.id, number: rectificationNotices.number, problems: rectificationNotices.problems, issuedOn: rectificationNotices.issuedOn,
    dueOn: rectificationNotices.dueOn, status: rectificationNotices.status,
  }).from(rectificationNotices).where(eq(rectificationNotices.schoolId, schoolId)).orderBy(desc(rectificationNotices.issuedOn), desc(rectificationNotices.id)).limit(20);
  return {
    school, today, supervisors, contacts, notices,
    visits: await visitsOfSchool(db, schoolId, visitsPage),
    ratings: await ratingsOfSchool(db, schoolId),
  };
}

export type SchoolPageView = Awaited<ReturnType<typeof schoolPage>>;
