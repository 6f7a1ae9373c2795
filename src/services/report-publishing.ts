/**
 * What the official-account publisher (channels/official-account/publisher.ts) asks and records while it publishes
 * a report: the article to send (with the images it still has to upload), each step's result (image URLs, the
 * cover's permanent media id, the draft's media id, the publish job id) so a retried attempt resumes where it
 * stopped, and the job's outcome (PUBLISHJOBFINISH or a poll of freepublish/get): published with the article URL,
 * or failed with the reason the office sees. Each outcome is audited as 'system:wechat'.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { offices, reportImages, reports } from '../db/schema/index.ts';
import { imageIdsIn, withImageUrls } from '../domain/report-html.ts';
import { clock } from '../clock.ts';
import { coverImage } from '../../templates/reports/charts.ts';
import { KIND_LABEL } from '../../templates/reports/text.ts';
import { publishStatusText } from '../../templates/reports/publishing.ts';
import { audit } from './audit.ts';
import { enqueue } from './outbox.ts';
import { readPhoto } from './media.ts';
import { PHOTO_EXTENSION } from '../domain/image-type.ts';
import { withoutMetadata } from '../domain/photo-metadata.ts';
import { svgToPng } from './report-charts.ts';
import type { Report } from './report-documents.ts';

const SYSTEM = 'system:wechat';
/** How long after freepublish/submit the first poll of freepublish/get goes (the event usually comes first). */
export const FIRST_POLL_MS = 60_000;

export interface PendingImage {
  id: number;
  bytes: Buffer;
  contentType: string;
  fileName: string;
}

export interface Publication {
  report: Report;
  officeName: string;
  /** Images the body shows that have no uploaded URL yet. */
  toUpload: PendingImage[];
}

/** The report being published, or null when it is no longer meant to be (withdrawn, published, edited back). */
export async function publicationOf(db: DbOrTx, dataDir: string, reportId: number): Promise<Publication | null> {
  const [report] = await db.select().from(reports).where(eq(reports.id, reportId));
  if (!report || report.status !== 'publishing') return null;
  const [office] = await db.select({ name: offices.name }).from(offices).where(eq(offices.id, report.officeId));
  const shown = imageIdsIn(report.bodyHtml);
  const images = shown.length ? await db.select().from(reportImages).where(and(eq(reportImages.reportId, reportId), inArray(reportImages.id, shown))) : [];
  const toUpload: PendingImage[] = [];
  for (const img of images) {
    if (img.wechatUrl || !img.publishable) continue;
    toUpload.push(await imageBytes(db, dataDir, img));
  }
  return { report, officeName: office?.name ?? '', toUpload };
}

export async function imageBytes(db: DbOrTx, dataDir: string, img: typeof reportImages.$inferSelect): Promise<PendingImage> {
  if (img.kind === 'chart' && img.svg) return { id: img.id, bytes: svgToPng(img.svg), contentType: 'image/png', fileName: `chart-${img.id}.png` };
  // The type is what the bytes are (photos are kept only as verified image types).
  const file = await readPhoto(db, dataDir, img.mediaId!);
  // Without what the camera wrote into it (GPS position, time, device).
  return { id: img.id, bytes: withoutMetadata(file.bytes), contentType: file.type, fileName: `photo-${img.id}.${PHOTO_EXTENSION[file.type]}` };
}

/** The cover: the report's title on the office's colours, 900×383 PNG. */
export function coverOf(report: Report, officeName: string): PendingImage {
  return { id: 0, bytes: svgToPng(coverImage({ title: report.title, subtitle: `${officeName} · ${KIND_LABEL[report.kind]}` })), contentType: 'image/png', fileName: `cover-${report.id}.png` };
}

export async function recordImageUrl(db: Db, imageId: number, url: string): Promise<void> {
  await db.update(reportImages).set({ wechatUrl: url }).where(eq(reportImages.id, imageId));
}

export async function recordThumb(db: Db, reportId: number, mediaId: string): Promise<void> {
  await db.update(reports).set({ thumbMediaId: mediaId }).where(eq(reports.id, reportId));
}

export async function recordDraft(db: Db, reportId: number, mediaId: string): Promise<void> {
  await db.update(reports).set({ draftMediaId: mediaId }).where(eq(reports.id, reportId));
}

/** The draft/add article: title ≤ 32, author ≤ 16, digest ≤ 128 characters; images by their uploaded URLs. */
export async function articleOf(db: DbOrTx, report: Report, officeName: string, baseUrl: string) {
  const images = await db.select({ id: reportImages.id, url: reportImages.wechatUrl, publishable: reportImages.publishable })
    .from(reportImages).where(eq(reportImages.reportId, report.id));
  const url = new Map(images.filter((i) => i.publishable && i.url).map((i) => [i.id, i.url!]));
  return {
    article_type: 'news',
    title: [...report.title].slice(0, 32).join(''),
    author: [...officeName].slice(0, 16).join(''),
    digest: [...(report.digest ?? '')].slice(0, 128).join(''),
    content: withImageUrls(report.bodyHtml, (id) => url.get(id) ?? null),
    content_source_url: `${baseUrl.replace(/\/$/, '')}/reports/${report.id}`,
    thumb_media_id: report.thumbMediaId!,
    need_open_comment: 0 as const,
    only_fans_can_comment: 0 as const,
  };
}

/** freepublish/submit accepted the draft: keep the job id and queue a poll in case the finish event never comes. */
export async function recordSubmitted(db: Db, reportId: number, publishId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [report] = await tx.update(reports).set({ publishId, publishError: null, updatedAt: clock.now() }).where(eq(reports.id, reportId)).returning();
    await enqueue(tx, {
      key: `report:${reportId}:poll:${publishId}`, channel: 'wechat.publish', recipient: `report:${reportId}:poll:${publishId}`, officeId: report?.officeId,
      message: { type: 'report.poll', reportId, publishId }, notBefore: new Date(clock.now().getTime() + FIRST_POLL_MS),
    });
  });
}

/** The last error of an attempt, for the office to see while the outbox retries (final: the attempt is over). */
export async function recordPublishError(db: Db, reportId: number, error: string, final: boolean): Promise<void> {
  await db.transaction(async (tx) => {
    const [report] = await tx.select().from(reports).where(eq(reports.id, reportId)).for('update');
    if (!report || report.status !== 'publishing') return;
    await tx.update(reports).set({ publishError: error, ...(final ? { status: 'publish_failed' as const } : {}), updatedAt: clock.now() }).where(eq(reports.id, reportId));
    if (final) {
      await audit(tx, { actor: SYSTEM, officeId: report.officeId, action: 'report.publish_failed', entity: 'report', entityId: reportId, before: { status: report.status }, after: { status: 'publish_failed', error } });
    }
  });
}

export interface PublishOutcome {
  publishId: string;
  /** freepublish/get's publish_status: 0 成功, 1 发布中, 2–6 failures. */
  status: number;
  articleId?: string;
  articleUrl?: string;
  failIdx?: number[];
}

/**
 * Records what the platform says of a publish job. Returns 'pending' while it is still running (status 1), else the
 * report's new status; a job of an earlier attempt, or one already recorded, changes nothing.
 */
export async function recordPublishOutcome(db: Db, outcome: PublishOutcome): Promise<'pending' | 'published' | 'publish_failed' | 'ignored'> {
  return db.transaction(async (tx) => {
    const [report] = await tx.select().from(reports).where(eq(reports.publishId, outcome.publishId)).for('update');
    if (!report || report.status !== 'publishing') return 'ignored';
    if (outcome.status === 1) return 'pending';
    const now = clock.now();
    if (outcome.status === 0 && outcome.articleUrl) {
      await tx.update(reports).set({ status: 'published', articleId: outcome.articleId ?? null, articleUrl: outcome.articleUrl, publishedAt: now, publishError: null, updatedAt: now })
        .where(eq(reports.id, report.id));
      await audit(tx, { actor: SYSTEM, officeId: report.officeId, action: 'report.published', entity: 'report', entityId: report.id, before: { status: report.status }, after: { status: 'published', articleUrl: outcome.articleUrl, publishId: outcome.publishId } });
      return 'published';
    }
    const error = publishStatusText(outcome.status, outcome.failIdx ?? []);
    await tx.update(reports).set({ status: 'publish_failed', publishError: error, updatedAt: now }).where(eq(reports.id, report.id));
    await audit(tx, { actor: SYSTEM, officeId: report.officeId, action: 'report.publish_failed', entity: 'report', entityId: report.id, before: { status: report.status }, after: { status: 'publish_failed', error, publishId: outcome.publishId } });
    return 'publish_failed';
  });
}

/** What freepublish/delete needs for a withdrawn report (null: nothing on the platform to delete). */
export async function withdrawalOf(db: DbOrTx, reportId: number): Promise<{ articleId: string } | null> {
  const [report] = await db.select().from(reports).where(eq(reports.id, reportId));
  return report?.status === 'withdrawn' && report.articleId ? { articleId: report.articleId } : null;
}

export async function recordWithdrawnOnPlatform(db: Db, reportId: number): Promise<void> {
  await db.transaction(async (tx) => {
    const [report] = await tx.select().from(reports).where(eq(reports.id, reportId));
    if (!report) return;
    await audit(tx, { actor: SYSTEM, officeId: report.officeId, action: 'report.withdrawn_on_platform', entity: 'report', entityId: reportId, after: { articleId: report.articleId } });
  });
}
