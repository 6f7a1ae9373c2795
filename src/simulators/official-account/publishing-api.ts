/**
 * Publishing on the simulated official account (platform-apis §3.8–3.9): media/uploadimg (JPG/PNG under 1 MB → an
 * mmbiz URL), material/add_material (permanent media), draft/add (field limits, a permanent thumb_media_id, images
 * only from uploadimg — others are filtered out as the platform does), freepublish/submit (a job that runs until it
 * is finished), freepublish/get and freepublish/delete. A job ends when the test or the sandbox calls `finish`
 * (status 0 success, or a failure status 2–6), which also gives the PUBLISHJOBFINISH event XML to deliver;
 * `failNextJob(status)` makes the next job end in failure. Everything published is kept for assertions.
 */
import crypto from 'node:crypto';
import { buildXml } from '../../channels/wecom/xml.ts';
import type { SimRequest } from '../wecom/http.ts';
import type { ApiGroup, Body } from './routes.ts';
import { err, fail, ok, type JsonAnswer, type OfficialAccountState } from './state.ts';

export const MMBIZ = 'http://mmbiz.qpic.cn';
const MAX_UPLOADIMG_BYTES = 1024 * 1024;
const MAX_MATERIAL_BYTES = 10 * 1024 * 1024;

export interface SimDraft {
  mediaId: string;
  articles: Body[];
  createdAt: Date;
  /** <img> whose src was not from uploadimg, dropped from the content as the platform does. */
  filteredImages: number;
}

export interface SimPublishJob {
  publishId: string;
  mediaId: string;
  status: number;
  articleId?: string;
  articleUrl?: string;
  failIdx: number[];
  submittedAt: Date;
}

export interface SimArticle {
  articleId: string;
  url: string;
  title: string;
  content: string;
  deleted: boolean;
}

export class PublishingState {
  readonly images = new Map<string, Buffer>();
  readonly materials = new Map<string, { bytes: Buffer; type: string; url?: string }>();
  readonly drafts = new Map<string, SimDraft>();
  readonly jobs = new Map<string, SimPublishJob>();
  readonly articles = new Map<string, SimArticle>();
  private nextPublishId = 2_247_503_051;
  private failures: number[] = [];
  /** Called when a job is submitted (the sandbox finishes it a moment later). */
  onSubmitted?: (job: SimPublishJob) => void;

  constructor(private readonly now: () => Date, private readonly originalId: () => string) {}

  submit(mediaId: string): SimPublishJob {
    const job: SimPublishJob = { publishId: String(this.nextPublishId++), mediaId, status: 1, failIdx: [], submittedAt: this.now() };
    this.jobs.set(job.publishId, job);
    this.onSubmitted?.(job);
    return job;
  }

  /** The next job ends with this failure status (2 原创失败, 3 常规失败, 4 审核不通过) instead of success. */
  failNextJob(status = 3): void {
    this.failures.push(status);
  }

  /**
   * Ends a running job (success unless a failure was asked for, or `status` says otherwise) and returns the
   * PUBLISHJOBFINISH event the platform pushes to the server.
   */
  finish(publishId: string, status?: number): string {
    const job = this.jobs.get(publishId);
    if (!job) throw new Error(`no publish job ${publishId}`);
    if (job.status === 1) {
      job.status = status ?? this.failures.shift() ?? 0;
      if (job.status === 0) {
        const draft = this.drafts.get(job.mediaId)!;
        const articleId = crypto.randomBytes(12).toString('base64url');
        const url = `https://mp.weixin.qq.com/s/${articleId}`;
        this.articles.set(articleId, { articleId, url, title: String(draft.articles[0]?.title ?? ''), content: String(draft.articles[0]?.content ?? ''), deleted: false });
        job.articleId = articleId;
        job.articleUrl = url;
        this.drafts.delete(job.mediaId);
      } else {
        job.failIdx = [1];
      }
    }
    return this.finishEvent(job);
  }

  finishEvent(job: SimPublishJob): string {
    const info: Record<string, unknown> = { publish_id: BigInt(job.publishId), publish_status: job.status };
    if (job.articleId) {
      info.article_id = job.articleId;
      info.article_detail = { count: 1, item: { idx: 1, article_url: job.articleUrl } };
    } else {
      info.fail_idx = job.failIdx.map((n) => n);
    }
    return buildXml({
      ToUserName: this.originalId(), FromUserName: 'oPublishJobNotice', CreateTime: Math.floor(this.now().getTime() / 1000),
      MsgType: 'event', Event: 'PUBLISHJOBFINISH', PublishEventInfo: info,
    });
  }

  /** The live (published, not deleted) articles. */
  published(): SimArticle[] {
    return [...this.articles.values()].filter((a) => !a.deleted);
  }
}

const states = new WeakMap<OfficialAccountState, PublishingState>();

/** The publishing state of a simulator (`publishingOf(sim.context.state)`). */
export function publishingOf(state: OfficialAccountState, originalId: () => string = () => 'gh_sim_account'): PublishingState {
  let p = states.get(state);
  if (!p) {
    p = new PublishingState(state.now, originalId);
    states.set(state, p);
  }
  return p;
}

function imageUpload(req: SimRequest, max: number): { bytes: Buffer; ext: string } | JsonAnswer {
  const part = req.parts?.find((p) => p.name === 'media');
  if (!part) return { json: fail(41005) };
  const png = part.data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const jpg = part.data[0] === 0xff && part.data[1] === 0xd8;
  if (!png && !jpg) return { json: err(40005, 'invalid file type') };
  if (part.data.length > max) return { json: err(40009, 'invalid image size') };
  return { bytes: part.data, ext: png ? 'png' : 'jpeg' };
}

const LIMITS: [field: string, max: number, errcode: number, errmsg: string][] = [
  ['title', 32, 45003, 'title size out of limit'],
  ['author', 16, 45110, 'author size out of limit'],
  ['digest', 128, 45004, 'description size out of limit'],
  ['content_source_url', 1024, 45005, 'url size out of limit'],
];

export const publishingApi: ApiGroup = ({ state }) => {
  const pub = publishingOf(state);
  const id = () => crypto.randomBytes(24).toString('base64url');
  return {
    '/cgi-bin/media/uploadimg': {
      method: 'POST',
      token: true,
      run(req): JsonAnswer {
        const file = imageUpload(req, MAX_UPLOADIMG_BYTES);
        if ('json' in file) return file;
        const key = id();
        pub.images.set(key, file.bytes);
        return { json: { url: `${MMBIZ}/sz_mmbiz_${file.ext}/${key}/0?wx_fmt=${file.ext}` } };
      },
    },
    '/cgi-bin/material/add_material': {
      method: 'POST',
      token: true,
      run(req): JsonAnswer {
        const type = req.query.get('type') ?? '';
        if (!['image', 'thumb', 'voice', 'video'].includes(type)) return { json: fail(40004) };
        if (type !== 'image' && type !== 'thumb') return { json: fail(40004) };
        const file = imageUpload(req, type === 'thumb' ? 64 * 1024 : MAX_MATERIAL_BYTES);
        if ('json' in file) return file;
        const mediaId = id();
        const url = type === 'image' ? `${MMBIZ}/mmbiz_${file.ext}/${mediaId}/0?wx_fmt=${file.ext}` : undefined;
        pub.materials.set(mediaId, { bytes: file.bytes, type, url });
        return { json: { media_id: mediaId, ...(url ? { url } : {}) } };
      },
    },
    '/cgi-bin/draft/add': {
      method: 'POST',
      token: true,
      run(_req, body): JsonAnswer {
        const articles = body.articles;
        if (!Array.isArray(articles) || articles.length === 0) return { json: fail(44003) };
        if (articles.length > 8) return { json: err(45008, 'article size out of limit') };
        let filtered = 0;
        const kept: Body[] = [];
        for (const a of articles as Body[]) {
          if (typeof a.title !== 'string' || a.title === '') return { json: err(44004, 'empty content') };
          if (typeof a.content !== 'string' || a.content === '') return { json: err(44004, 'empty content') };
          for (const [field, max, code, msg] of LIMITS) {
            if (typeof a[field] === 'string' && [...a[field]].length > max) return { json: err(code, msg) };
          }
          if ([...a.content].length >= 20_000 || Buffer.byteLength(a.content) >= 1024 * 1024) return { json: fail(45002) };
          if ((a.article_type ?? 'news') === 'news' && !pub.materials.has(String(a.thumb_media_id ?? ''))) return { json: fail(40007) };
          // The platform strips scripts and any image that did not come from uploadimg.
          const content = a.content
            .replace(/<script\b[\s\S]*?<\/script>/gi, '')
            .replace(/<img\b[^>]*>/gi, (tag: string) => {
              const src = /\bsrc="([^"]*)"/.exec(tag)?.[1] ?? '';
              if (src.startsWith(`${MMBIZ}/`)) return tag;
              filtered++;
              return '';
            });
          kept.push({ ...a, content });
        }
        const mediaId = id();
        pub.drafts.set(mediaId, { mediaId, articles: kept, createdAt: state.now(), filteredImages: filtered });
        return { json: { media_id: mediaId } };
      },
    },
    '/cgi-bin/freepublish/submit': {
      method: 'POST',
      token: true,
      run(_req, body): JsonAnswer {
        const mediaId = String(body.media_id ?? '');
        if (!pub.drafts.has(mediaId)) return { json: fail(40007) };
        if ([...pub.jobs.values()].some((j) => j.mediaId === mediaId && j.status === 1)) return { json: err(53503, '该草稿未通过发布检查') };
        const job = pub.submit(mediaId);
        return { json: ok({ publish_id: job.publishId, msg_data_id: String(Number(job.publishId) + 1_000) }) };
      },
    },
    '/cgi-bin/freepublish/get': {
      method: 'POST',
      token: true,
      run(_req, body): JsonAnswer {
        const job = pub.jobs.get(String(body.publish_id ?? ''));
        if (!job) return { json: err(53600, 'Article ID 无效') };
        return {
          json: {
            publish_id: job.publishId,
            publish_status: job.status,
            ...(job.articleId ? { article_id: job.articleId, article_detail: { count: 1, item: [{ idx: 1, article_url: job.articleUrl }] } } : {}),
            fail_idx: job.failIdx,
          },
        };
      },
    },
    '/cgi-bin/freepublish/delete': {
      method: 'POST',
      token: true,
      run(_req, body): JsonAnswer {
        const article = pub.articles.get(String(body.article_id ?? ''));
        if (!article || article.deleted) return { json: err(53600, 'Article ID 无效') };
        article.deleted = true;
        return { json: ok() };
      },
    },
  };
};
