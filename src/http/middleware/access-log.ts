import type { Middleware } from 'koa';
import { redactUrl, type Logger } from '../../log.ts';

/** One log line per request, with the query's secrets removed. */
export function accessLog(log: Logger): Middleware {
  return async function accessLogMiddleware(ctx, next) {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      // The line (and the URL redaction) is built only when debug lines are written: this runs on every callback.
      if (log.isLevelEnabled('debug')) {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        log.debug({ reqId: ctx.state.requestId, method: ctx.method, url: redactUrl(ctx.url), status: ctx.status, ms }, 'request');
      }
    }
  };
}
