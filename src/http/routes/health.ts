import Router from '@koa/router';
import type { Database } from '../../db/client.ts';

/** GET /healthz: 200 when the database answers, 503 with the reason when it does not. */
export function healthRoutes(database: Database): Router {
  const router = new Router();
  router.get('/healthz', async (ctx) => {
    try {
      await withTimeout(database.ping(), 2000);
      ctx.body = { status: 'ok', database: database.kind };
    } catch (err) {
      ctx.status = 503;
      ctx.body = { status: 'unavailable', database: database.kind, reason: `database unreachable: ${(err as Error).message}` };
    }
  });
  return router;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms); }),
  ]);
}
