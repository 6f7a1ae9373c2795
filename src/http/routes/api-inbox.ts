/**
 * GET /api/inbox/quarantine: inbound messages that were acknowledged to the platform but could never be stored (a
 * spooled file that could not be read, a message the database refused), set aside so they do not block the messages
 * after them. Only the signed-in office's own, i.e. those sent by its people; `unattributed` counts the others.
 */
import Router from '@koa/router';
import type { Database } from '../../db/client.ts';
import { listQuarantine } from '../../services/inbox-quarantine.ts';
import { adminOf, requireAdmin } from '../middleware/auth.ts';

export function apiInboxRoutes(database: Pick<Database, 'db'>, quarantineDir: string): Router {
  const router = new Router();
  router.get('/api/inbox/quarantine', requireAdmin(database), async (ctx) => {
    const { items, unattributed } = await listQuarantine(database.db, quarantineDir, adminOf(ctx).officeId);
    ctx.body = {
      items: items.map((r) => ({
        file: r.file, quarantined_at: r.at, reason: r.reason,
        channel: r.message?.channel, sender: r.message?.from, kind: r.message?.kind, text: r.message?.text, created_at: r.message?.createdAt,
      })),
      unattributed,
    };
  });
  return router;
}
