/**
 * The 'wechat.publish' outbox channel: publishes a report on the official account and takes it down again. One
 * outbox row per step that must happen:
 *   report.publish  — uploads the body's images (uploadimg), the cover (add_material), adds the draft and submits it
 *                     (freepublish/submit); each result is stored, so a retried attempt resumes where it stopped.
 *   report.poll     — asks freepublish/get for the job's outcome (queued with the submit, in case the
 *                     PUBLISHJOBFINISH event is lost); "still publishing" is a retry with backoff.
 *   report.withdraw — freepublish/delete of the article.
 * Failures are retried by the dispatcher; the report keeps the last error for the office, and becomes
 * publish_failed when the attempt is given up or the job fails. The PUBLISHJOBFINISH event itself comes in through
 * /wechat/callback and the inbox and is handled by `handlePublishFinish`.
 */
import type { Db } from '../../db/client.ts';
import type { InboundMessage, OutboundMessage } from '../../domain/messages.ts';
import type { OutboxRow, RateLimit } from '../../services/outbox.ts';
import {
  articleOf, coverOf, publicationOf, recordDraft, recordImageUrl, recordPublishError, recordPublishOutcome, recordSubmitted,
  recordThumb, recordWithdrawnOnPlatform, withdrawalOf, type PublishOutcome,
} from '../../services/report-publishing.ts';
import { publishErrorText, publishGaveUpText } from '../../../templates/reports/publishing.ts';
import { ChannelError, isChannelError } from '../channel-error.ts';
import type { Senders } from '../sender.ts';
import type { OfficialAccountApi } from './api.ts';
import { PublishingApi, type PublishJob } from './publishing.ts';
import { list, type XmlFields, fieldText } from '../wecom/xml.ts';

/** The dispatcher's default: after this many attempts a row is dead. */
const MAX_ATTEMPTS = 8;
/** draft/add and freepublish calls are few; the platform's own limits are far above this. */
const PUBLISH_LIMITS: RateLimit[] = [{ windowMs: 60_000, max: 30 }];

export interface PublisherOptions {
  api: OfficialAccountApi;
  db: Db;
  dataDir: string;
  baseUrl(): string;
}

export function publisherSenders(opts: PublisherOptions): Senders {
  const api = new PublishingApi(opts.api);
  return {
    'wechat.publish': {
      limits: () => PUBLISH_LIMITS,
      send: async (row) => {
        const message = row.message as OutboundMessage;
        switch (message.type) {
          case 'report.publish': return withErrors(opts, row, message.reportId, () => publish(opts, api, message.reportId));
          case 'report.poll': return poll(opts, api, message.publishId);
          case 'report.withdraw': return withdraw(opts, api, message.reportId);
          default: throw new ChannelError(`wechat.publish cannot send ${message.type}`, false);
        }
      },
    },
  };
}

async function withErrors(opts: PublisherOptions, row: OutboxRow, reportId: number, run: () => Promise<unknown>): Promise<unknown> {
  try {
    return await run();
  } catch (err) {
    const retryable = isChannelError(err) ? err.retryable : true;
    const final = !retryable || row.finishedAttempts + 1 >= MAX_ATTEMPTS;
    const detail = err instanceof Error ? err.message : String(err);
    await recordPublishError(opts.db, reportId, final ? publishGaveUpText(detail) : publishErrorText(detail), final);
    throw err;
  }
}

async function publish(opts: PublisherOptions, api: PublishingApi, reportId: number): Promise<unknown> {
  const pub = await publicationOf(opts.db, opts.dataDir, reportId);
  if (!pub) return { skipped: 'the report is no longer waiting to be published' };
  for (const img of pub.toUpload) {
    const url = await api.uploadImage(img);
    await recordImageUrl(opts.db, img.id, url);
  }
  let { report } = pub;
  if (!report.thumbMediaId) {
    const cover = await api.addImageMaterial(coverOf(report, pub.officeName));
    await recordThumb(opts.db, reportId, cover.mediaId);
    report = { ...report, thumbMediaId: cover.mediaId };
  }
  if (!report.draftMediaId) {
    const mediaId = await api.addDraft([await articleOf(opts.db, report, pub.officeName, opts.baseUrl())]);
    await recordDraft(opts.db, reportId, mediaId);
    report = { ...report, draftMediaId: mediaId };
  }
  const { publishId } = await api.submit(report.draftMediaId!);
  await recordSubmitted(opts.db, reportId, publishId);
  return { publishId, draftMediaId: report.draftMediaId };
}

async function poll(opts: PublisherOptions, api: PublishingApi, publishId: string): Promise<unknown> {
  const job = await api.get(publishId);
  const result = await recordPublishOutcome(opts.db, outcomeOfJob(job, publishId));
  if (result === 'pending') throw new ChannelError(`publish job ${publishId} is still running`, true);
  return { publishId, result };
}

async function withdraw(opts: PublisherOptions, api: PublishingApi, reportId: number): Promise<unknown> {
  const w = await withdrawalOf(opts.db, reportId);
  if (!w) return { skipped: 'nothing to delete on the official account' };
  await api.delete(w.articleId);
  await recordWithdrawnOnPlatform(opts.db, reportId);
  return { deleted: w.articleId };
}

function outcomeOfJob(job: PublishJob, publishId: string): PublishOutcome {
  return {
    publishId,
    status: Number(job.publish_status),
    articleId: job.article_id,
    articleUrl: job.article_detail?.item?.[0]?.article_url,
    failIdx: job.fail_idx ?? [],
  };
}

/** True for the PUBLISHJOBFINISH event (a platform notice, not a person's message). */
export function isPublishFinish(msg: InboundMessage): boolean {
  return msg.channel === 'wechat' && msg.kind === 'event' && msg.event?.name === 'PUBLISHJOBFINISH';
}

/** Records the outcome the PUBLISHJOBFINISH event carries (platform-apis §3.9). */
export async function handlePublishFinish(db: Db, msg: InboundMessage): Promise<void> {
  const info = (msg.raw as XmlFields | undefined)?.PublishEventInfo;
  if (!info || typeof info !== 'object' || Array.isArray(info)) return;
  const detail = info.article_detail;
  const items = detail && typeof detail === 'object' && !Array.isArray(detail) ? list(detail.item) : [];
  const first = items[0];
  const failIdx = list(info.fail_idx).map((v) => Number(v)).filter((n) => Number.isFinite(n));
  await recordPublishOutcome(db, {
    publishId: fieldText(info, 'publish_id'),
    status: Number(fieldText(info, 'publish_status')),
    articleId: fieldText(info, 'article_id') || undefined,
    articleUrl: first && typeof first === 'object' && !Array.isArray(first) ? fieldText(first, 'article_url') || undefined : undefined,
    failIdx,
  });
}
