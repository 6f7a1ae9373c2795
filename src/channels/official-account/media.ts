/** Photos users send to the official account arrive as a MediaId (3 days): stored once, by source 'wechat:<MediaId>'. */
import type { Db } from '../../db/client.ts';
import { findMediaBySource, storeMedia, type MediaRow } from '../../services/media.ts';
import type { OfficialAccountApi } from './api.ts';

export async function downloadOfficialAccountMedia(api: OfficialAccountApi, db: Db, dataDir: string, mediaId: string): Promise<MediaRow> {
  const source = `wechat:${mediaId}`;
  const known = await findMediaBySource(db, source);
  if (known) return known;
  const file = await api.mediaGet(mediaId);
  const mime = file.contentType.split(';')[0].trim() || 'application/octet-stream';
  return storeMedia(db, dataDir, { bytes: file.bytes, mime, fileName: file.fileName, source });
}
