/**
 * What the public sees (seed 003 (七): 督导报告向社会公开, 整改情况向社会公布): published reports only — a report
 * being drafted, approved but not yet published, or withdrawn does not exist here — a school's published reports
 * with the rectification outcomes the office chose to publish, and the images a published report shows (charts and
 * photos marked publishable). Also the answers of the public chat on the official account.
 */
import { and, desc, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { offices, publishedRectifications, rectificationNotices, reportImages, reports, schools } from '../db/schema/index.ts';
import { DudaoError } from '../domain/errors.ts';
import { imageIdsIn } from '../domain/report-html.ts';
import { localDay } from '../domain/local-day.ts';
import { clock } from '../clock.ts';
import { reportText } from '../../templates/reports/text.ts';
import { audit } from './audit.ts';
import { findSchools, type School } from './directory.ts';
import { imageBytes, type PendingImage } from './report-publishing.ts';
import type { Report } from './report-documents.ts';
import type { ReportActor } from './report-actor.ts';
import { checkContent } from './report-redaction.ts';

export interface PublicRectification {
  noticeNumber: string;
  problems: string;
  issuedOn: string;
  summary: string;
  publishedOn: string;
}

export async function publishedReports(db: DbOrTx, opts: { limit?: number; schoolId?: number } = {}): Promise<Report[]> {
  return db.select().from(reports)
    .where(and(eq(reports.status, 'published'), opts.schoolId ? eq(reports.schoolId, opts.schoolId) : undefined))
    .orderBy(desc(reports.publishedAt), desc(reports.id)).limit(Math.min(opts.limit ?? 50, 200));
}

/**
 * A published report with its office's name and the ids of the images the public may see, or null (unknown,
 * unpublished or withdrawn: the same to the public).
 */
export async function publishedReport(db: DbOrTx, id: number): Promise<{ report: Report; officeName: string; school: School | null; publicImageIds: number[] } | null> {
  const [report] = await db.select().from(reports).where(eq(reports.id, id));
  if (!report || report.status !== 'published') return null;
  const [office] = await db.select({ name: offices.name }).from(offices).where(eq(offices.id, report.officeId));
  const [school] = report.schoolId ? await db.select().from(schools).where(eq(schools.id, report.schoolId)) : [];
  const images = await db.select({ id: reportImages.id }).from(reportImages).where(and(eq(reportImages.reportId, id), eq(reportImages.publishable, true)));
  return { report, officeName: office?.name ?? '', school: school ?? null, publicImageIds: images.map((i) => i.id) };
}

/** An image of a published report that the public may load (a chart, or a photo marked publishable and shown). */
export async function publicImage(db: DbOrTx, dataDir: string, reportId: number, imageId: number): Promise<PendingImage | null> {
  const found = await publishedReport(db, reportId);
  if (!found || !imageIdsIn(found.report.bodyHtml).includes(imageId)) return null;
  const [img] = await db.select().from(reportImages).where(and(eq(reportImages.id, imageId), eq(reportImages.reportId, reportId)));
  if (!img?.publishable) return null;
  return imageBytes(db, dataDir, img);
}

/** A school's public page: its published reports and the rectification outcomes the office published. */
export async function schoolPublicPage(db: DbOrTx, schoolId: number) {
  const [school] = await db.select().from(schools).where(eq(schools.id, schoolId));
  if (!school) return null;
  const [list, outcomes] = await Promise.all([
    publishedReports(db, { schoolId }),
    db.select({ p: publishedRectifications, n: rectificationNotices }).from(publishedRectifications)
      .innerJoin(rectificationNotices, eq(rectificationNotices.id, publishedRectifications.noticeId))
      .where(eq(publishedRectifications.schoolId, schoolId)).orderBy(desc(publishedRectifications.publishedAt)),
  ]);
  const rectifications: PublicRectification[] = outcomes.map(({ p, n }) => ({
    noticeNumber: n.number, problems: n.problems, issuedOn: n.issuedOn, summary: p.summary, publishedOn: localDay(p.publishedAt),
  }));
  return { school, reports: list, rectifications };
}

/**
 * The office publishes a rectification outcome on the school's page, in its own words. The summary passes the
 * redaction gate first (refused with the flags while it holds personal data).
 */
export async function publishRectification(db: Db, actor: ReportActor, noticeId: number, summary: string): Promise<PublicRectification> {
  if (!actor.roles.includes('office_admin')) throw new DudaoError('forbidden', reportText.refused('publish', { reason: 'role', need: ['office_admin'] }));
  const flags = await checkContent(db, actor.officeId, { text: summary });
  if (flags.length) throw new DudaoError('invalid_state', reportText.refused('approve', { reason: 'open_flags', count: flags.length }), { flags });
  return db.transaction(async (tx) => {
    const [notice] = await tx.select().from(rectificationNotices).where(eq(rectificationNotices.id, noticeId));
    if (!notice || notice.officeId !== actor.officeId) throw new DudaoError('not_found', reportText.noticeNotFound(noticeId));
    const now = clock.now();
    const values = { noticeId, officeId: notice.officeId, schoolId: notice.schoolId, summary, publishedBy: actor.actor, publishedAt: now };
    await tx.insert(publishedRectifications).values(values)
      .onConflictDoUpdate({ target: publishedRectifications.noticeId, set: { summary, publishedBy: actor.actor, publishedAt: now } });
    await audit(tx, { actor: actor.actor, officeId: notice.officeId, action: 'rectification.publish', entity: 'rectification_notice', entityId: noticeId, after: { summary, status: notice.status } });
    return { noticeNumber: notice.number, problems: notice.problems, issuedOn: notice.issuedOn, summary, publishedOn: localDay(now) };
  });
}

/** The public chat: the five latest published reports. */
export async function latestReports(db: DbOrTx, limit = 5): Promise<Report[]> {
  return publishedReports(db, { limit });
}

/**
 * The public chat: a school named (full name or 简称) → its latest published report; `school` null when no school
 * goes by that name, `report` null when it has none published.
 */
export async function latestForSchool(db: DbOrTx, query: string): Promise<{ school: School | null; report: Report | null }> {
  const all = await db.select({ id: offices.id }).from(offices).orderBy(offices.id);
  for (const office of all) {
    const hits = await findSchools(db, office.id, query);
    if (hits.length === 0) continue;
    // A unique hit, or an exact name among several.
    const exact = hits.find((s) => s.name === query.trim() || s.aliases.includes(query.trim()));
    const school = exact ?? (hits.length === 1 ? hits[0] : null);
    if (!school) continue;
    const [report] = await publishedReports(db, { schoolId: school.id, limit: 1 });
    return { school, report: report ?? null };
  }
  return { school: null, report: null };
}

