import type { Middleware } from 'koa';
import { redactUrl, type Logger } from '../../log.ts';

/** One log line per request, with the query's secrets removed. */
export function accessLog(log: Logger): Middleware {
  return async function accessLogMiddleware(ctx, next) {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log.debug({ reqId: ctx.state.requestId, method: ctx.method, url: redactUrl(ctx.url), status: ctx.status, ms }, 'request');
    }
  };
}
