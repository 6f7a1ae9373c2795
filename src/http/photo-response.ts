/**
 * A stored photo as an HTTP answer: only the image type its bytes are (services/media.ts readPhoto verified it),
 * never sniffed, and with MEDIA_CSP so that, opened on its own, it is a sandboxed document that runs nothing.
 * Answers false when the file is gone, so the route can say so in its own words.
 */
import type { Context } from 'koa';
import type { Db } from '../db/client.ts';
import { isDudaoError } from '../domain/errors.ts';
import { readPhoto } from '../services/media.ts';
import { MEDIA_CSP } from './middleware/security-headers.ts';

export async function servePhoto(ctx: Context, db: Db, dataDir: string, mediaId: number): Promise<boolean> {
  try {
    const file = await readPhoto(db, dataDir, mediaId);
    ctx.type = file.type;
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Content-Security-Policy', MEDIA_CSP);
    ctx.set('Content-Disposition', 'inline');
    ctx.set('Cache-Control', 'private, max-age=86400');
    ctx.body = file.bytes;
    return true;
  } catch (err) {
    if (isDudaoError(err) && err.code === 'not_found') return false;
    throw err;
  }
}
