/**
 * Console form posts (application/x-www-form-urlencoded), read with a size limit before they are parsed. Repeated
 * fields keep their last value; `formAll` gives every value of one name.
 */
import type { Context } from 'koa';
import { DudaoError } from '../domain/errors.ts';
import { readBytes } from './body.ts';

export const FORM_LIMIT = 64 * 1024;

export async function readForm(ctx: Context): Promise<URLSearchParams> {
  if (!ctx.is('application/x-www-form-urlencoded')) throw new DudaoError('unsupported', '请通过页面上的表单提交');
  return new URLSearchParams((await readBytes(ctx, FORM_LIMIT)).toString('utf8'));
}

/** The fields as a record of trimmed strings (at most `max` characters each; longer is refused). */
export function formFields(form: URLSearchParams, max = 2000): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form) {
    if (v.length > max) throw new DudaoError('bad_request', `「${k}」太长（最多 ${max} 个字符）`);
    out[k] = v.trim();
  }
  return out;
}
