/**
 * Headers every answer carries (koa-helmet): a Content-Security-Policy that runs only our own scripts and lets no
 * other site frame the page (frame-ancestors 'none', X-Frame-Options DENY), nosniff, no Referer (links carry signed
 * tokens), and Strict-Transport-Security when the request came over HTTPS or PUBLIC_BASE_URL is https.
 * Stored media gets MEDIA_CSP on top (http/photo-response.ts): a photo opened on its own is a sandboxed document with no
 * script, so even a file that slipped through could not act as our origin.
 */
import helmet from 'koa-helmet';
import type { Middleware } from 'koa';

/** For served files (photos): nothing may load or run, and the document is sandboxed. */
export const MEDIA_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";

const HSTS = 'max-age=15552000';

export function securityHeaders(opts: { publicBaseUrl?: string } = {}): Middleware {
  const httpsDeployment = opts.publicBaseUrl?.startsWith('https:') ?? false;
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // The record page and the error pages carry their style inline; no page has inline script.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
  }) as Middleware;
  return async function securityHeadersMiddleware(ctx, next) {
    if (httpsDeployment || ctx.secure) ctx.set('Strict-Transport-Security', HSTS);
    return headers(ctx, next);
  };
}
