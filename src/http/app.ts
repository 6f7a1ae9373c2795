/**
 * The Koa application: a readable list of named middleware, then the routers the composition root hands in
 * (this layer does not import channels/; their callback routers arrive as arguments).
 */
import Koa from 'koa';
import type Router from '@koa/router';
import type { Logger } from '../log.ts';
import { requestId } from './middleware/request-id.ts';
import { accessLog } from './middleware/access-log.ts';
import { errors } from './middleware/errors.ts';
import { sameOrigin } from './middleware/same-origin.ts';
import { securityHeaders } from './middleware/security-headers.ts';

export interface AppOptions {
  log: Logger;
  routers: Router[];
  /** PUBLIC_BASE_URL: its origin counts as ours for cookie-authenticated changes (behind a proxy that renames). */
  publicBaseUrl?: string;
}

export function createApp({ log, routers, publicBaseUrl }: AppOptions): Koa {
  // Behind one proxy: ctx.ip is the address that proxy saw (the last X-Forwarded-For entry), which a client cannot
  // choose; the login throttle counts per address by it.
  const app = new Koa({ proxy: true, maxIpsCount: 1 });
  app.use(requestId());
  app.use(securityHeaders({ publicBaseUrl }));
  app.use(accessLog(log));
  app.use(errors());
  app.use(sameOrigin({ publicBaseUrl }));
  for (const router of routers) app.use(router.routes()).use(router.allowedMethods());
  app.on('error', (err, ctx) => {
    log.error({ err, reqId: ctx?.state?.requestId, path: ctx?.path }, 'request failed');
  });
  return app;
}
