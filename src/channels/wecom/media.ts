/**
 * Photos users send in the WeCom app arrive as a MediaId, valid for three days. The chat layer is given
 * `downloadWecomMedia`, which stores the file once (by source 'wecom:<MediaId>') and returns our media row. Only
 * bytes that are an accepted image type by their magic number are kept, stored with that type (never the
 * Content-Type WeCom or a sender claimed); anything else is refused with a reply the sender can act on.
 */
import type { Db } from '../../db/client.ts';
import { DudaoError } from '../../domain/errors.ts';
import { photoTypeOf } from '../../domain/image-type.ts';
import { mediaText } from '../../../templates/media.ts';
import { findMediaBySource, storeMedia, type MediaRow } from '../../services/media.ts';
import type { WecomApi } from './api.ts';

export type MediaDownloader = (mediaId: string) => Promise<MediaRow>;

export function wecomMediaDownloader(api: WecomApi, db: Db, dataDir: string): MediaDownloader {
  return (mediaId) => downloadWecomMedia(api, db, dataDir, mediaId);
}

export async function downloadWecomMedia(api: WecomApi, db: Db, dataDir: string, mediaId: string): Promise<MediaRow> {
  const source = `wecom:${mediaId}`;
  const known = await findMediaBySource(db, source);
  if (known) return known;
  const file = await api.mediaGet(mediaId);
  const mime = photoTypeOf(file.bytes);
  if (!mime) throw new DudaoError('unsupported', mediaText.notAPhoto);
  return storeMedia(db, dataDir, { bytes: file.bytes, mime, fileName: file.fileName, source });
}
