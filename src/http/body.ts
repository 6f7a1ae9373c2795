/**
 * Request bodies for the JSON API and uploads: read as bytes with a size limit (413 beyond it), JSON validated
 * with a zod schema (400 naming each bad field).
 */
import type { Context } from 'koa';
import type { z } from 'zod';
import { DudaoError } from '../domain/errors.ts';

export const JSON_LIMIT = 1024 * 1024;

export async function readBytes(ctx: Context, limit: number): Promise<Buffer> {
  const declared = Number(ctx.get('Content-Length') || 0);
  if (declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      ctx.req.resume();
      throw tooLarge(limit);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/** Parses a JSON body (an empty body counts as {}) and validates it. */
export async function readJson<S extends z.ZodType>(ctx: Context, schema: S): Promise<z.infer<S>> {
  const bytes = await readBytes(ctx, JSON_LIMIT);
  let value: unknown = {};
  if (bytes.length > 0) {
    if (!ctx.is('application/json')) throw new DudaoError('unsupported', '请求体须为 JSON（Content-Type: application/json）');
    try {
      value = JSON.parse(bytes.toString('utf8'));
    } catch {
      throw new DudaoError('bad_request', '请求体不是有效的 JSON');
    }
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new DudaoError('bad_request', parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '));
  }
  return parsed.data;
}

const tooLarge = (limit: number) => new DudaoError('payload_too_large', `请求体超过 ${Math.round(limit / 1024)} KB 的上限`);
