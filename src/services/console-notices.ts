/**
 * 整改通知书 as the console shows them, over the rectification services: the list (filters, one page at a time,
 * a zone leader's zone only), one notice with its history, and the office's steps on it. Who may take a step is
 * the rectification services' rule; this file only says who is acting (the office account, or the zone leader as
 * a person) and refuses what a zone leader may not do (约谈, 通报: the office's, domain.md §2.4).
 */
import type { Db, DbOrTx } from '../db/client.ts';
import { people } from '../db/schema/index.ts';
import { eq } from 'drizzle-orm';
import { DudaoError } from '../domain/errors.ts';
import type { PageRequest } from '../domain/paging.ts';
import { assertOfficeRole, assertSees, zoneScope, type Viewer } from './console-viewer.ts';
import { recordOfficeStep, returnNotice, verifyNotice, type By } from './rectification.ts';
import { listNotices, loadNoticeDetail, type NoticeDetail, type NoticeFilter, type NoticeListRow } from './rectification-view.ts';
import { consoleAccessText } from '../../templates/admin/access.ts';

export interface OpenPage<T> {
  items: T[];
  page: number;
  hasNext: boolean;
}

export async function noticesPage(db: DbOrTx, v: Viewer, f: NoticeFilter, p: PageRequest): Promise<OpenPage<NoticeListRow>> {
  const rows = await listNotices(db, v.officeId, { ...f, zoneId: zoneScope(v, f.zoneId), limit: p.size + 1, offset: (p.page - 1) * p.size });
  return { items: rows.slice(0, p.size), page: p.page, hasNext: rows.length > p.size };
}

/** Every notice matching the filters (for the .xlsx export), up to 5000. */
export async function noticesForExport(db: DbOrTx, v: Viewer, f: NoticeFilter): Promise<NoticeListRow[]> {
  return listNotices(db, v.officeId, { ...f, zoneId: zoneScope(v, f.zoneId), limit: 5000 });
}

export async function noticeFor(db: DbOrTx, v: Viewer, id: number): Promise<NoticeDetail> {
  const d = await loadNoticeDetail(db, id);
  if (!d) throw new DudaoError('not_found', consoleAccessText.noNotice(id));
  assertSees(v, { officeId: d.notice.officeId, zoneId: d.school.zoneId });
  return d;
}

async function byOf(db: DbOrTx, v: Viewer): Promise<By> {
  if (v.role === 'office') return { admin: { id: v.adminId, officeId: v.officeId, username: v.username } };
  const [person] = await db.select().from(people).where(eq(people.id, v.personId!));
  return { person };
}

export async function verifyFromConsole(db: Db, v: Viewer, id: number) {
  await noticeFor(db, v, id);
  return verifyNotice(db, { by: await byOf(db, v), noticeId: id, via: '管理台' });
}

export async function returnFromConsole(db: Db, v: Viewer, id: number, reason: string) {
  await noticeFor(db, v, id);
  return returnNotice(db, { by: await byOf(db, v), noticeId: id, reason });
}

export async function officeStepFromConsole(db: Db, v: Viewer, id: number, step: { kind: 'interview' | 'bulletin'; date: string; people: string; text: string }) {
  assertOfficeRole(v);
  await noticeFor(db, v, id);
  return recordOfficeStep(db, { admin: { id: v.adminId, officeId: v.officeId, username: v.username }, noticeId: id, ...step });
}
