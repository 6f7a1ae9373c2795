/**
 * GET /api/outbox?status=dead|pending|sent|parked|waiting[&limit=N]: the office sees what is queued, what went out, what was
 * given up, what waits for a channel that is not connected (parked) and what waits for its recipient to write
 * (waiting), with the last error and the number of
 * attempts. Admins only (`auth`), and only the rows addressed to their own office's people and groups.
 */
import Router from '@koa/router';
import type { Middleware } from 'koa';
import type { Database } from '../../db/client.ts';
import { DudaoError } from '../../domain/errors.ts';
import { adminOf } from '../middleware/auth.ts';
import { listOutbox, type OutboxRow, type OutboxStatus } from '../../services/outbox.ts';

const STATUSES: OutboxStatus[] = ['pending', 'sent', 'dead', 'parked', 'waiting'];

export function outboxRoutes(database: Pick<Database, 'db'>, auth: Middleware): Router {
  const router = new Router();
  router.get('/api/outbox', auth, async (ctx) => {
    const status = ctx.query.status;
    if (status !== undefined && !STATUSES.includes(status as OutboxStatus)) {
      throw new DudaoError('bad_request', `status must be one of ${STATUSES.join(', ')} (got "${String(status)}")`);
    }
    const limit = ctx.query.limit === undefined ? 100 : Number(ctx.query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new DudaoError('bad_request', 'limit must be an integer from 1 to 500');
    const rows = await listOutbox(database.db, adminOf(ctx).officeId, { status: status as OutboxStatus | undefined, limit });
    ctx.body = { items: rows.map(present) };
  });
  return router;
}

function present(row: OutboxRow) {
  return {
    id: row.id,
    key: row.idempotencyKey,
    channel: row.channel,
    // A robot's key is its password: show only enough to tell robots apart.
    recipient: row.channel === 'wecom.robot' ? `${row.recipient.slice(0, 6)}…` : row.recipient,
    status: row.status,
    message: row.message,
    attempts: row.finishedAttempts,
    last_error: row.lastError,
    response: row.response,
    created_at: row.createdAt,
    next_attempt_at: row.status === 'pending' ? row.nextAttemptAt : null,
    sent_at: row.sentAt,
    abandoned_at: row.abandonedAt,
  };
}
