/**
 * Reports as the console shows them, over the reports services: the list (one page at a time; a zone leader sees
 * their zone's), one report with its flags and images, and the steps. Who may take which step is
 * domain/report-lifecycle.ts, asked through the reports services with the account's ReportActor; this file only
 * finds the actor, scopes the reads, and turns "fix this flag" into an edit of the text (the gate runs again).
 */
import { and, count, desc, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { people, reports, schools, visits } from '../db/schema/index.ts';
import { DudaoError } from '../domain/errors.ts';
import { offsetOf, paged, type PageRequest } from '../domain/paging.ts';
import { refusal, type ReportStatus, type ReportStep } from '../domain/report-lifecycle.ts';
import { consoleAccessText } from '../../templates/admin/access.ts';
import { assertSees, type Viewer } from './console-viewer.ts';
import { reportActorOf, type ReportActor } from './report-actor.ts';
import { compilePeriod, createVisitReport } from './report-documents.ts';
import { imageBytes } from './report-publishing.ts';
import {
  acceptFlag, approveReport, editReport, publishReport, reportDetail, setImagePublishable, submitReport, withdrawReport,
  zoneApproveReport, type ReportDetail,
} from './reports.ts';

export const actorFor = (db: DbOrTx, v: Viewer): Promise<ReportActor> => reportActorOf(db, { id: v.adminId, officeId: v.officeId, username: v.username });

export async function reportsPage(db: DbOrTx, v: Viewer, f: { status?: ReportStatus; statuses?: ReportStatus[] }, p: PageRequest) {
  const zone = v.role === 'zone' ? or(eq(reports.zoneId, v.zoneId!), inArray(reports.schoolId, db.select({ id: schools.id }).from(schools).where(eq(schools.zoneId, v.zoneId!)))) : undefined;
  const where = and(eq(reports.officeId, v.officeId), f.status ? eq(reports.status, f.status) : undefined, f.statuses ? inArray(reports.status, f.statuses) : undefined, zone);
  const [{ n }] = await db.select({ n: count() }).from(reports).where(where);
  const rows = await db.select({
    id: reports.id, kind: reports.kind, title: reports.title, period: reports.period, status: reports.status, createdAt: reports.createdAt,
    updatedAt: reports.updatedAt, publishError: reports.publishError, articleUrl: reports.articleUrl,
  }).from(reports).where(where).orderBy(desc(reports.updatedAt), desc(reports.id)).limit(p.size).offset(offsetOf(p));
  return paged(rows, n, p);
}

/** The report: 403 for another office's, or outside a zone leader's zone; 404 for an unknown id. */
export async function reportFor(db: DbOrTx, v: Viewer, id: number): Promise<ReportDetail> {
  const [owner] = await db.select({ officeId: reports.officeId }).from(reports).where(eq(reports.id, id));
  if (owner) assertSees(v, { officeId: owner.officeId });
  const d = await reportDetail(db, v.officeId, id);
  if (v.role === 'zone') {
    let zoneId = d.report.zoneId;
    if (zoneId === null && d.report.schoolId) [{ zoneId }] = await db.select({ zoneId: schools.zoneId }).from(schools).where(eq(schools.id, d.report.schoolId));
    if (zoneId === null) throw new DudaoError('forbidden', consoleAccessText.otherZone);
    assertSees(v, { officeId: d.report.officeId, zoneId });
  }
  return d;
}

/** Which steps this viewer may take on the report now (the lifecycle's answer, without open flags counted). */
export async function stepsFor(db: DbOrTx, v: Viewer, d: ReportDetail): Promise<ReportStep[]> {
  const actor = await actorFor(db, v);
  const steps: ReportStep[] = ['edit', 'submit', 'zone_approve', 'approve', 'publish', 'withdraw'];
  return steps.filter((s) => refusal(s, d.report, actor) === null);
}

type Step = 'submit' | 'zone_approve' | 'approve' | 'publish' | 'withdraw';

export async function takeReportStep(db: Db, v: Viewer, id: number, step: Step, opinion?: string) {
  await reportFor(db, v, id);
  const actor = await actorFor(db, v);
  switch (step) {
    case 'submit': return submitReport(db, actor, id);
    case 'zone_approve': return zoneApproveReport(db, actor, id, opinion ?? '');
    case 'approve': return approveReport(db, actor, id, opinion || undefined);
    case 'publish': return publishReport(db, actor, id);
    case 'withdraw': return withdrawReport(db, actor, id);
  }
}

export async function acceptFromConsole(db: Db, v: Viewer, id: number, flagId: number, reason: string) {
  await reportFor(db, v, id);
  return acceptFlag(db, await actorFor(db, v), id, flagId, reason);
}

/** Fixes a flag by replacing the flagged text everywhere in the body (e.g. a pupil's name → 某同学). */
export async function fixFlagFromConsole(db: Db, v: Viewer, id: number, flagId: number, replacement: string) {
  const d = await reportFor(db, v, id);
  const flag = d.flags.find((f) => f.id === flagId);
  if (!flag) throw new DudaoError('not_found', consoleAccessText.noFlag(flagId));
  const escaped = replacement.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = replaceInText(d.report.bodyHtml, flag.matched, escaped);
  return editReport(db, await actorFor(db, v), id, { html });
}

export async function editFromConsole(db: Db, v: Viewer, id: number, input: { title?: string; digest?: string }) {
  await reportFor(db, v, id);
  return editReport(db, await actorFor(db, v), id, input);
}

export async function imageFromConsole(db: Db, v: Viewer, id: number, imageId: number, publishable: boolean) {
  await reportFor(db, v, id);
  return setImagePublishable(db, await actorFor(db, v), id, imageId, publishable);
}

export async function compileFromConsole(db: Db, v: Viewer, period: string) {
  const actor = await actorFor(db, v);
  if (!actor.roles.includes('office_admin')) throw new DudaoError('forbidden', consoleAccessText.officeOnly);
  return compilePeriod(db, { officeId: v.officeId, period, actor: actor.actor });
}

/** An image of the report, for the console's preview (any image of a report the viewer may see). */
export async function reportImageFor(db: DbOrTx, v: Viewer, dataDir: string, id: number, imageId: number) {
  const d = await reportFor(db, v, id);
  const img = d.images.find((i) => i.id === imageId);
  if (!img) throw new DudaoError('not_found', consoleAccessText.noImage(imageId));
  return imageBytes(db, dataDir, img);
}

/** Replaces `find` in the text between tags only (never inside a tag or attribute). */
export function replaceInText(html: string, find: string, by: string): string {
  if (!find) return html;
  return html.split(/(<[^>]*>)/).map((part) => (part.startsWith('<') ? part : part.split(find).join(by))).join('');
}

/** Recorded visits that have no report yet (the newest 30 the viewer may see), to make a visit report from. */
export async function visitsWithoutReport(db: DbOrTx, v: Viewer) {
  return db.select({ id: visits.id, school: schools.name, supervisor: people.name, submittedAt: visits.submittedAt })
    .from(visits).innerJoin(schools, eq(schools.id, visits.schoolId)).innerJoin(people, eq(people.id, visits.supervisorId))
    .leftJoin(reports, eq(reports.visitId, visits.id))
    .where(and(eq(visits.officeId, v.officeId), eq(visits.status, 'recorded'), isNull(reports.id), v.role === 'zone' ? eq(schools.zoneId, v.zoneId!) : undefined))
    .orderBy(desc(visits.submittedAt)).limit(30);
}

export async function visitReportFromConsole(db: Db, v: Viewer, visitId: number) {
  const allowed = await visitsWithoutReport(db, v);
  if (!allowed.some((x) => x.id === visitId)) throw new DudaoError('not_found', consoleAccessText.noVisit(visitId));
  return createVisitReport(db, await actorFor(db, v), visitId);
}
