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
      const e = err as { status?: number; statusCode?: number; expose?: boolean; message?: string; code?: string; details?: unknown };
      if (isDudaoError(err)) {
        ctx.status = err.status;
        ctx.body = { error: err.code, message: err.message, ...(err.details !== undefined ? { details: err.details } : {}) };
        return;
      }
      const status = e.status ?? e.statusCode ?? 500;
      if (status < 500 && e.expose !== false) {
        ctx.status = status;
        ctx.body = { error: 'bad_request', message: e.message };
        return;
      }
      ctx.status = status >= 500 ? status : 500;
      ctx.body = { error: 'internal', message: '服务器内部错误 (internal error)', requestId: ctx.state.requestId };
      ctx.app.emit('error', err, ctx);
    }
  };
}
