/**
 * The console's error sink: a refusal (DudaoError or a 4xx) becomes an HTML page with its status and reason, in
 * the console's shell; anything else is left to the app-wide errors middleware (a 500, details only in the log).
 */
import type { Middleware } from 'koa';
import { isDudaoError } from '../../domain/errors.ts';
import { errorPage } from '../../../templates/admin/error.ts';

export function consoleErrors(): Middleware {
  return async function consoleErrorsMiddleware(ctx, next) {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        ctx.status = 404;
        ctx.type = 'html';
        ctx.body = errorPage(404, undefined, ctx.state.viewer);
      }
    } catch (err) {
      const e = err as { status?: number; expose?: boolean; message?: string };
      const status = isDudaoError(err) ? err.status : (e.status ?? 500);
      if (status >= 500 || (!isDudaoError(err) && e.expose === false)) throw err;
      ctx.status = status;
      ctx.type = 'html';
      ctx.body = errorPage(status, e.message, ctx.state.viewer);
    }
  };
}
