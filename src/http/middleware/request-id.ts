import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';

/** Gives every request an id (X-Request-Id, taken from the caller when sane) for logs and error replies. */
export function requestId(): Middleware {
  return async function requestIdMiddleware(ctx, next) {
    ctx.state.requestId = requestIdFrom(ctx.get('X-Request-Id'));
    ctx.set('X-Request-Id', ctx.state.requestId);
    await next();
  };
}

/** The caller's X-Request-Id when it is sane, else a fresh one (handlers outside Koa use it too). */
export function requestIdFrom(given: string | string[] | undefined): string {
  return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
}
