/**
 * Request bodies of the console's API: JSON, or the raw bytes of a photo, with a size limit. JSON must say so
 * (Content-Type: application/json): a page on another site can post text/plain without asking, but not JSON, so
 * no other page can act as a person through the console.
 */
import type { Context } from 'koa';
import { DudaoError } from '../domain/errors.ts';
import { sandboxText } from '../../templates/sandbox/text.ts';

export const JSON_LIMIT = 64 * 1024;

export async function readBytes(ctx: Context, limit: number): Promise<Buffer> {
  if (Number(ctx.get('content-length') || 0) > limit) {
    ctx.req.resume();
    throw new DudaoError('payload_too_large', sandboxText.tooLarge(limit));
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      ctx.req.resume();
      throw new DudaoError('payload_too_large', sandboxText.tooLarge(limit));
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

export async function readJson(ctx: Context): Promise<Record<string, unknown>> {
  if (!ctx.is('application/json')) {
    ctx.req.resume();
    throw new DudaoError('unsupported', sandboxText.jsonOnly);
  }
  const text = (await readBytes(ctx, JSON_LIMIT)).toString('utf8');
  try {
    const value = JSON.parse(text || '{}');
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch { /* answered below */ }
  throw new DudaoError('bad_request', sandboxText.notJsonObject);
}
