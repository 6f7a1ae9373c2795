/**
 * The official account's publishing calls (platform-apis §3.8–3.9), on top of the API client: images inside an
 * article (media/uploadimg → an mmbiz URL), a permanent cover (material/add_material type=image → media_id),
 * draft/add, freepublish/submit, freepublish/get and freepublish/delete.
 */
import type { OfficialAccountApi, UploadFile } from './api.ts';

export interface DraftArticle {
  article_type: string;
  title: string;
  author: string;
  digest: string;
  content: string;
  content_source_url: string;
  thumb_media_id: string;
  need_open_comment: 0 | 1;
  only_fans_can_comment: 0 | 1;
}

export interface PublishJob {
  publish_id: string;
  publish_status: number;
  article_id?: string;
  article_detail?: { count: number; item: { idx: number; article_url: string }[] };
  fail_idx?: number[];
}

export class PublishingApi {
  constructor(private readonly api: OfficialAccountApi) {}

  /** An image for the article body (JPG/PNG under 1 MB); returns its URL. */
  async uploadImage(file: UploadFile): Promise<string> {
    const json = await this.api.upload('/cgi-bin/media/uploadimg', file);
    return String(json.url);
  }

  /** A permanent image (the cover's thumb_media_id). */
  async addImageMaterial(file: UploadFile): Promise<{ mediaId: string; url?: string }> {
    const json = await this.api.upload('/cgi-bin/material/add_material', file, { type: 'image' });
    return { mediaId: String(json.media_id), url: json.url };
  }

  async addDraft(articles: DraftArticle[]): Promise<string> {
    const json = await this.api.post('/cgi-bin/draft/add', { articles });
    return String(json.media_id);
  }

  /** errcode 0 only means the job was accepted; the outcome comes by PUBLISHJOBFINISH or freepublish/get. */
  async submit(mediaId: string): Promise<{ publishId: string; msgDataId?: string }> {
    const json = await this.api.post('/cgi-bin/freepublish/submit', { media_id: mediaId });
    return { publishId: String(json.publish_id), msgDataId: json.msg_data_id === undefined ? undefined : String(json.msg_data_id) };
  }

  async get(publishId: string): Promise<PublishJob> {
    return (await this.api.post('/cgi-bin/freepublish/get', { publish_id: publishId })) as PublishJob;
  }

  /** Deletes a published article (index 0 = every article of it). */
  async delete(articleId: string): Promise<void> {
    await this.api.post('/cgi-bin/freepublish/delete', { article_id: articleId, index: 0 });
  }
}
