/**
 * DNS rebinding: a page on another site can point its own host name at 127.0.0.1 and then read and post to the
 * sandbox as if it were same-origin. The console and the simulator therefore answer only requests whose Host is an
 * IP address, localhost, or PUBLIC_BASE_URL's host — names a rebinding page cannot use. Everything else under
 * /sandbox and /sim is 403 with the reason.
 */
import { isIP } from 'node:net';
import type { Middleware } from 'koa';
import { DudaoError } from '../domain/errors.ts';
import { sandboxText } from '../../templates/sandbox/text.ts';

const GUARDED = /^\/(sandbox|sim)(\/|$)/;

export function sandboxHostGuard(opts: { publicBaseUrl?: string } = {}): Middleware {
  const known = new Set(['localhost', ...(opts.publicBaseUrl ? [new URL(opts.publicBaseUrl).hostname.toLowerCase()] : [])]);
  return async function sandboxHostGuardMiddleware(ctx, next) {
    if (!GUARDED.test(ctx.path)) return next();
    // With proxy trust, ctx.hostname may come from X-Forwarded-Host; the browser's Host header is what a rebinding page controls.
    const host = hostnameOf(ctx.get('Host'));
    if (host && (isIP(host) !== 0 || known.has(host) || host.endsWith('.localhost'))) return next();
    throw new DudaoError('forbidden', sandboxText.foreignHost(host));
  };
}

function hostnameOf(header: string): string {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']'));
  return h.replace(/:\d+$/, '');
}
