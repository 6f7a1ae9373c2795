/** Request bodies of the console's API: JSON, or the raw bytes of a photo, with a size limit. */
import type { Context } from 'koa';
import { DudaoError } from '../domain/errors.ts';

export async function readBytes(ctx: Context, limit: number): Promise<Buffer> {
  if (Number(ctx.get('content-length') || 0) > limit) throw new DudaoError('payload_too_large', `the body is larger than ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new DudaoError('payload_too_large', `the body is larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

export async function readJson(ctx: Context): Promise<Record<string, unknown>> {
  const text = (await readBytes(ctx, 64 * 1024)).toString('utf8');
  try {
    const value = JSON.parse(text || '{}');
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch { /* answered below */ }
  throw new DudaoError('bad_request', 'the body must be a JSON object');
}
