/** What the dispatcher needs from a channel: how to send one outbox row, and the limits on its recipient. */
import type { OutboxChannel } from '../domain/messages.ts';
import type { OutboxRow, RateLimit } from '../services/outbox.ts';

export interface ChannelSender {
  /** Sends one row and returns the platform's answer to keep; throws (a ChannelError says whether to retry). */
  send(row: OutboxRow): Promise<unknown>;
  /** Limits on the row's segment (its recipient), checked before sending. */
  limits(row: OutboxRow): RateLimit[];
}

export type Senders = Partial<Record<OutboxChannel, ChannelSender>>;
