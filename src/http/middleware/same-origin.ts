/**
 * Cross-site request forgery: a request that changes something (any method but GET, HEAD, OPTIONS) and is
 * authenticated by the session cookie must come from one of our own pages: its `Origin` is this server's origin (as
 * the request reached it, or PUBLIC_BASE_URL's), or, from a browser that sends no Origin, `Sec-Fetch-Site` is
 * same-origin or none (typed by the user). Otherwise 403 with the reason. Requests with an Authorization header
 * (scripts with a bearer token) and requests without the cookie are not affected: a page on another site cannot
 * add the header, and without the cookie it acts as nobody.
 */
import type { Middleware } from 'koa';
import { DudaoError } from '../../domain/errors.ts';
import { authText } from '../../../templates/auth.ts';
import { SESSION_COOKIE } from './auth.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sameOrigin(opts: { publicBaseUrl?: string } = {}): Middleware {
  const publicOrigin = opts.publicBaseUrl ? new URL(opts.publicBaseUrl).origin : undefined;
  return async function sameOriginMiddleware(ctx, next) {
    if (SAFE.has(ctx.method) || ctx.get('Authorization') || !ctx.cookies.get(SESSION_COOKIE)) return next();
    const origin = ctx.get('Origin');
    const site = ctx.get('Sec-Fetch-Site');
    // A browser sends `Origin: null` with a form post from a page whose Referrer-Policy is no-referrer (the H5 pages
    // keep their signed links out of referrers); its Sec-Fetch-Site, which no page can set, still says same-origin.
    if (origin === 'null' && site === 'same-origin') return next();
    if (origin) {
      // Koa 3's ctx.origin echoes the Origin header: our own origin is built from the protocol and Host we were reached by.
      if (origin === `${ctx.protocol}://${ctx.host}` || origin === publicOrigin) return next();
      throw new DudaoError('forbidden', authText.crossSite(origin));
    }
    if (site === 'same-origin' || site === 'none') return next();
    throw new DudaoError('forbidden', authText.noOrigin);
  };
}
