/**
 * GET /h5/messages/:id?t=… — one message we sent, shown in full: where a template message (which carries only a
 * title and a short excerpt) links when the message has no page of its own. The token is signed for this message
 * and its recipient (services/links.ts messageLink); anything else is a 404 that says nothing about the message.
 */
import Router from '@koa/router';
import type { Db } from '../../db/client.ts';
import type { OutboundMessage } from '../../domain/messages.ts';
import { shanghaiDate } from '../../domain/deadlines.ts';
import { verifySubject } from '../../services/links.ts';
import { outboxRowById } from '../../services/outbox.ts';
import { messageText } from '../../../templates/channels/message-text.ts';
import { h5ErrorPage } from '../../../templates/visit-record.ts';
import { messagePage, messagePageText as t } from '../../../templates/official-account-pages.ts';

export function h5MessageRoutes(db: Db): Router {
  const router = new Router();
  router.get('/h5/messages/:id', async (ctx) => {
    const id = /^\d{1,12}$/.test(ctx.params.id ?? '') ? Number(ctx.params.id) : null;
    const row = id === null ? null : await outboxRowById(db, id);
    const token = typeof ctx.query.t === 'string' ? ctx.query.t : undefined;
    ctx.type = 'html';
    ctx.set('Cache-Control', 'private, no-store');
    if (!row || !verifySubject(`message:${row.id}:${row.recipient}`, token)) {
      ctx.status = 404;
      ctx.body = h5ErrorPage(t.notFound, t.notFoundReason);
      return;
    }
    const text = messageText(row.message as OutboundMessage);
    ctx.body = messagePage(t.title, text, shanghaiDate(row.createdAt));
  });
  return router;
}
