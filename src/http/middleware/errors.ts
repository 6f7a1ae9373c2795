import type { Middleware } from 'koa';
import { isDudaoError } from '../../domain/errors.ts';

/**
 * The one error sink for HTTP: a DudaoError or ctx.throw(4xx) becomes that status with its reason; anything else is
 * a 500 whose details stay in the log (app.on('error')).
 */
export function errors(): Middleware {
  return async function errorsMiddleware(ctx, next) {
    try {
      await next();
    } catch (err) {
      const answer = errorAnswer(err, ctx.state.requestId);
      ctx.status = answer.status;
      ctx.body = answer.body;
      if (answer.internal) ctx.app.emit('error', err, ctx);
    }
  };
}

export interface ErrorAnswer {
  status: number;
  body: Record<string, unknown>;
  /** A 5xx whose details belong in the log (the body only says "internal"). */
  internal: boolean;
}

/** What the errors middleware answers for `err`; handlers served outside Koa (callback-fast.ts) answer the same. */
export function errorAnswer(err: unknown, requestId: string | undefined): ErrorAnswer {
  const e = err as { status?: number; statusCode?: number; expose?: boolean; message?: string; code?: string; details?: unknown };
  if (isDudaoError(err)) {
    return { status: err.status, body: { error: err.code, message: err.message, ...(err.details !== undefined ? { details: err.details } : {}) }, internal: false };
  }
  const status = e.status ?? e.statusCode ?? 500;
  if (status < 500 && e.expose !== false) return { status, body: { error: 'bad_request', message: e.message }, internal: false };
  return { status: status >= 500 ? status : 500, body: { error: 'internal', message: '服务器内部错误 (internal error)', requestId }, internal: true };
}
