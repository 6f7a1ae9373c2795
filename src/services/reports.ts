/**
 * Reports for the office (the API and, later, the console): list and read them, edit a draft, mark photos
 * publishable, accept a flag with a reason, and move a report through its life (domain/report-lifecycle.ts).
 * Each step is one transaction with its audit entry; publishing and withdrawing queue an outbox row for the
 * official account ('wechat.publish') in the same transaction. Every read is scoped to the actor's office.
 */
import { and, desc, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { reportFlags, reportImages, reports } from '../db/schema/index.ts';
import { DudaoError } from '../domain/errors.ts';
import { NEXT, refusal, statusAfterEdit, type ReportStatus, type ReportStep } from '../domain/report-lifecycle.ts';
import { sanitizeReportHtml } from '../domain/report-html.ts';
import { clock } from '../clock.ts';
import { reportText } from '../../templates/reports/text.ts';
import { audit } from './audit.ts';
import { enqueue } from './outbox.ts';
import type { ReportActor } from './report-actor.ts';
import { actorName, exemplaryWithOpinion, type Report } from './report-documents.ts';
import { openFlagCount, syncFlags, type ReportFlag } from './report-redaction.ts';
import { imageBytes, type PendingImage } from './report-publishing.ts';

export type { Report };
export type ReportImage = typeof reportImages.$inferSelect;

export interface ReportDetail {
  report: Report;
  images: ReportImage[];
  flags: ReportFlag[];
}

export async function listReports(db: DbOrTx, officeId: number, opts: { status?: ReportStatus; limit?: number } = {}): Promise<Report[]> {
  return db.select().from(reports)
    .where(and(eq(reports.officeId, officeId), opts.status ? eq(reports.status, opts.status) : undefined))
    .orderBy(desc(reports.id)).limit(Math.min(opts.limit ?? 100, 500));
}

/** The report of this office (404 for an unknown id or another office's report). */
export async function reportOf(db: DbOrTx, officeId: number, id: number, lock = false): Promise<Report> {
  const q = db.select().from(reports).where(eq(reports.id, id));
  const [row] = lock ? await q.for('update') : await q;
  if (!row || row.officeId !== officeId) throw new DudaoError('not_found', reportText.notFound(id));
  return row;
}

export async function reportDetail(db: DbOrTx, officeId: number, id: number): Promise<ReportDetail> {
  const report = await reportOf(db, officeId, id);
  const [images, flags] = await Promise.all([
    db.select().from(reportImages).where(eq(reportImages.reportId, id)).orderBy(reportImages.id),
    db.select().from(reportFlags).where(eq(reportFlags.reportId, id)).orderBy(reportFlags.id),
  ]);
  return { report, images, flags };
}

/** One image of one of the office's reports (draft or not), as the office previews it. */
export async function reportImage(db: DbOrTx, dataDir: string, officeId: number, id: number, imageId: number): Promise<PendingImage> {
  await reportOf(db, officeId, id);
  const [img] = await db.select().from(reportImages).where(and(eq(reportImages.id, imageId), eq(reportImages.reportId, id)));
  if (!img) throw new DudaoError('not_found', reportText.imageNotFound(imageId));
  return imageBytes(db, dataDir, img);
}

function assertMay(step: ReportStep, report: Report, actor: ReportActor, openFlags = 0): void {
  const r = refusal(step, report, actor, openFlags);
  // Supervisors and zone leaders work on the drafts they started; the office on any of its reports.
  if (!r && (step === 'edit' || step === 'submit') && !actor.roles.includes('office_admin') && report.createdBy !== actor.actor) {
    throw new DudaoError('forbidden', reportText.notYours);
  }
  if (!r) return;
  throw new DudaoError(r.reason === 'role' || r.reason === 'zone' ? 'forbidden' : 'invalid_state', reportText.refused(step, r),
    r.reason === 'open_flags' ? { openFlags: r.count } : undefined);
}

async function moved(tx: DbOrTx, actor: ReportActor, report: Report, step: ReportStep, set: Partial<Report>, extra: Record<string, unknown> = {}): Promise<Report> {
  const now = clock.now();
  const status = NEXT[step] ?? report.status;
  const [row] = await tx.update(reports).set({ ...set, status, updatedAt: now }).where(eq(reports.id, report.id)).returning();
  await audit(tx, {
    actor: actor.actor, officeId: report.officeId, action: `report.${step}`, entity: 'report', entityId: report.id,
    before: { status: report.status }, after: { status, ...extra },
  });
  return row;
}

/** A new title, digest or body (sanitized); the gate runs again on the new body. */
export async function editReport(db: Db, actor: ReportActor, id: number, input: { title?: string; digest?: string; html?: string }): Promise<ReportDetail> {
  await db.transaction(async (tx) => {
    const report = await reportOf(tx, actor.officeId, id, true);
    assertMay('edit', report, actor);
    const set: Partial<Report> = { updatedAt: clock.now(), status: statusAfterEdit(report.status) };
    if (input.title !== undefined) set.title = input.title;
    if (input.digest !== undefined) set.digest = input.digest;
    if (input.html !== undefined) set.bodyHtml = sanitizeReportHtml(input.html);
    const [row] = await tx.update(reports).set(set).where(eq(reports.id, id)).returning();
    await syncFlags(tx, row, actor.actor);
    await audit(tx, {
      actor: actor.actor, officeId: report.officeId, action: 'report.edit', entity: 'report', entityId: id,
      before: { title: report.title, digest: report.digest, bodyLength: report.bodyHtml.length, status: report.status },
      after: { title: row.title, digest: row.digest, bodyLength: row.bodyHtml.length, status: row.status },
    });
  });
  return reportDetail(db, actor.officeId, id);
}

/** Marks a photo of the report publishable (or not); its photo flag follows. */
export async function setImagePublishable(db: Db, actor: ReportActor, id: number, imageId: number, publishable: boolean): Promise<ReportDetail> {
  await db.transaction(async (tx) => {
    const report = await reportOf(tx, actor.officeId, id, true);
    assertMay('edit', report, actor);
    const [img] = await tx.update(reportImages).set({ publishable })
      .where(and(eq(reportImages.id, imageId), eq(reportImages.reportId, id))).returning();
    if (!img) throw new DudaoError('not_found', reportText.imageNotFound(imageId));
    await syncFlags(tx, report, actor.actor);
    await audit(tx, { actor: actor.actor, officeId: report.officeId, action: 'report.image', entity: 'report', entityId: id, after: { imageId, publishable } });
  });
  return reportDetail(db, actor.officeId, id);
}

/** Keeps a flagged passage as it is, with the reason recorded (e.g. 该姓名为获奖公示，已征得本人同意). */
export async function acceptFlag(db: Db, actor: ReportActor, id: number, flagId: number, reason: string): Promise<ReportDetail> {
  if (!reason.trim()) throw new DudaoError('bad_request', reportText.reasonRequired);
  await db.transaction(async (tx) => {
    const report = await reportOf(tx, actor.officeId, id, true);
    assertMay('edit', report, actor);
    const [flag] = await tx.update(reportFlags).set({ status: 'accepted', reason: reason.trim(), resolvedBy: actor.actor, resolvedAt: clock.now() })
      .where(and(eq(reportFlags.id, flagId), eq(reportFlags.reportId, id))).returning();
    if (!flag) throw new DudaoError('not_found', reportText.flagNotFound(flagId));
    await audit(tx, { actor: actor.actor, officeId: report.officeId, action: 'report.flag.accept', entity: 'report', entityId: id, after: { flagId, kind: flag.kind, matched: flag.matched, reason: flag.reason } });
  });
  return reportDetail(db, actor.officeId, id);
}

export async function submitReport(db: Db, actor: ReportActor, id: number): Promise<Report> {
  return db.transaction(async (tx) => {
    const report = await reportOf(tx, actor.officeId, id, true);
    assertMay('submit', report, actor);
    return moved(tx, actor, report, 'submit', { submittedAt: clock.now() });
  });
}

/** The zone leader's approval of a recommendation (附件7 责任区意见). */
export async function zoneApproveReport(db: Db, actor: ReportActor, id: number, opinion: string): Promise<Report> {
  return db.transaction(async (tx) => {
    const report = await reportOf(tx, actor.officeId, id, true);
    assertMay('zone_approve', report, actor);
    const next = exemplaryWithOpinion(report, 'zone', opinion, await actorName(tx, actor));
    const row = await moved(tx, actor, report, 'zone_approve', { ...next, zoneApprovedBy: actor.actor, zoneApprovedAt: clock.now() }, { opinion });
    await syncFlags(tx, row, actor.actor);
    return row;
  });
}

/** The office's approval: refused while any flag is open (fix the text, mark the photo, or accept with a reason). */
export async function approveReport(db: Db, actor: ReportActor, id: number, opinion?: string): Promise<Report> {
  return db.transaction(async (tx) => {
    const report = await reportOf(tx, actor.officeId, id, true);
    assertMay('approve', report, actor);
    await syncFlags(tx, report, actor.actor);
    assertMay('approve', report, actor, await openFlagCount(tx, id));
    const set: Partial<Report> = { approvedBy: actor.actor, approvedAt: clock.now() };
    if (report.kind === 'exemplary' && opinion) Object.assign(set, exemplaryWithOpinion(report, 'office', opinion, await actorName(tx, actor)));
    return moved(tx, actor, report, 'approve', set, opinion ? { opinion } : {});
  });
}

/**
 * Publishes an approved report (or one whose publication failed) on the official account: queues the publication
 * (images, cover, draft/add, freepublish/submit) in the outbox; the finish event or a poll records the outcome.
 */
export async function publishReport(db: Db, actor: ReportActor, id: number): Promise<Report> {
  return db.transaction(async (tx) => {
    const report = await reportOf(tx, actor.officeId, id, true);
    assertMay('publish', report, actor);
    const attempt = report.publishAttempt + 1;
    // A new attempt makes a new draft (images already uploaded keep their URLs).
    const row = await moved(tx, actor, report, 'publish', {
      publishAttempt: attempt, publishError: null, draftMediaId: null, publishId: null, articleId: null, articleUrl: null,
    }, { attempt });
    await enqueue(tx, { key: `report:${id}:publish:${attempt}`, channel: 'wechat.publish', recipient: `report:${id}`, officeId: report.officeId, message: { type: 'report.publish', reportId: id } });
    return row;
  });
}

/** Takes a published report down: at once from the public pages, and from the official account through the outbox. */
export async function withdrawReport(db: Db, actor: ReportActor, id: number): Promise<Report> {
  return db.transaction(async (tx) => {
    const report = await reportOf(tx, actor.officeId, id, true);
    assertMay('withdraw', report, actor);
    const row = await moved(tx, actor, report, 'withdraw', { withdrawnAt: clock.now() });
    if (report.articleId) {
      await enqueue(tx, { key: `report:${id}:withdraw:${report.publishAttempt}`, channel: 'wechat.publish', recipient: `report:${id}`, officeId: report.officeId, message: { type: 'report.withdraw', reportId: id } });
    }
    return row;
  });
}

