/**
 * Headers of the console's pages. `Referrer-Policy: same-origin` instead of the app-wide no-referrer: under
 * no-referrer a browser sends `Origin: null` with a same-origin form post, which the CSRF check (same-origin.ts)
 * rightly refuses; same-origin still sends no Referer to any other site, and console URLs carry no secrets.
 * `Cache-Control: no-store`: the pages show the office's people and records.
 */
import type { Middleware } from 'koa';

export function consoleHeaders(): Middleware {
  return async function consoleHeadersMiddleware(ctx, next) {
    await next();
    ctx.set('Referrer-Policy', 'same-origin');
    if (!ctx.response.get('Cache-Control')) ctx.set('Cache-Control', 'no-store');
  };
}
