/**
 * The outbox: services insert the messages they want sent, in their own transaction. A key that already exists is
 * ignored, never replaced, so a retried use case or a job that runs twice sends nothing twice. The dispatcher
 * (channels/dispatcher.ts) leases and sends the rows.
 */
import type { DbOrTx } from '../db/client.ts';
import { outbox } from '../db/schema/index.ts';
import type { OutboundMessage, OutboxChannel } from '../domain/messages.ts';

export interface OutboxItem {
  /** Unique per message, e.g. `rect:42:due-in-3d` or `reply:<inbox id>:1`. */
  key: string;
  channel: OutboxChannel;
  /** WeCom userid, appchat chatid, robot key, official-account openid, wechaty contact or room. */
  recipient: string;
  message: OutboundMessage;
  /** Earliest send time (defaults to now). */
  notBefore?: Date;
}

/** Inserts the items that are not there yet; returns how many were new. */
export async function enqueue(db: DbOrTx, items: OutboxItem | OutboxItem[]): Promise<number> {
  const list = Array.isArray(items) ? items : [items];
  if (list.length === 0) return 0;
  const rows = await db
    .insert(outbox)
    .values(
      list.map((i) => ({
        idempotencyKey: i.key,
        channel: i.channel,
        recipient: i.recipient,
        segment: `${i.channel}:${i.recipient}`,
        message: i.message,
        ...(i.notBefore ? { nextAttemptAt: i.notBefore } : {}),
      })),
    )
    .onConflictDoNothing({ target: outbox.idempotencyKey })
    .returning({ id: outbox.id });
  return rows.length;
}
