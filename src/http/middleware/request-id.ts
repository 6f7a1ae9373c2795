import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';

/** Gives every request an id (X-Request-Id, taken from the caller when sane) for logs and error replies. */
export function requestId(): Middleware {
  return async function requestIdMiddleware(ctx, next) {
    const given = ctx.get('X-Request-Id');
    ctx.state.requestId = /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    ctx.set('X-Request-Id', ctx.state.requestId);
    await next();
  };
}
