/**
 * 运维 (office only): GET /admin/ops/messages (undelivered messages of the office, newest first),
 * POST /admin/ops/messages/:id/resend, GET /admin/ops/audit?actor=&entity=&entityId= (the audit log).
 */
import type Router from '@koa/router';
import type { Middleware } from 'koa';
import type { Database } from '../../db/client.ts';
import { pageRequest } from '../../domain/paging.ts';
import { ACTOR_PATTERN, auditActors, auditPage } from '../../services/console-audit.ts';
import { resendUndelivered, undeliveredPage } from '../../services/undelivered.ts';
import { doneText } from '../../../templates/admin/done.ts';
import { auditPage as auditView, messagesPage } from '../../../templates/admin/ops.ts';
import { viewerFrom } from '../middleware/console-session.ts';
import { id } from './admin-org.ts';

export function adminOpsRoutes(router: Router, database: Pick<Database, 'db'>, session: Middleware, kick: () => void): void {
  const { db } = database;
  router.get('/ops', session, (ctx) => ctx.redirect('/admin/ops/messages'));

  router.get('/ops/messages', session, async (ctx) => {
    const v = viewerFrom(ctx);
    const list = await undeliveredPage(db, v, pageRequest(ctx.query.page, 30));
    const text = doneText(ctx.query.done);
    ctx.type = 'html';
    ctx.body = messagesPage(v, list, text ? { kind: 'ok', text } : undefined);
  });

  router.post('/ops/messages/:id/resend', session, async (ctx) => {
    await resendUndelivered(db, viewerFrom(ctx), id(ctx.params.id));
    kick();
    ctx.redirect('/admin/ops/messages?done=resent');
  });

  router.get('/ops/audit', session, async (ctx) => {
    const v = viewerFrom(ctx);
    const q = ctx.query;
    const f = {
      actor: typeof q.actor === 'string' && ACTOR_PATTERN.test(q.actor) ? q.actor : undefined,
      entity: typeof q.entity === 'string' && /^[a-z_]{1,40}$/.test(q.entity) ? q.entity : undefined,
      entityId: typeof q.entityId === 'string' && /^\d{1,12}$/.test(q.entityId) ? q.entityId : undefined,
    };
    const list = await auditPage(db, v, f, pageRequest(q.page, 50));
    ctx.type = 'html';
    ctx.body = auditView(v, list, f, await auditActors(db, v));
  });
}
