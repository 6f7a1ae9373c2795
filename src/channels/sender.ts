/** What the dispatcher needs from a channel: how to send one outbox row, and the limits on its recipient. */
import type { OutboxChannel } from '../domain/messages.ts';
import type { OutboxRow, RateLimit } from '../services/outbox.ts';

/** The outcome of one row of a fan-out call. */
export type RowOutcome = { row: OutboxRow; ok: true; response: unknown } | { row: OutboxRow; ok: false; error: unknown };

export interface ChannelSender {
  /** Sends one row and returns the platform's answer to keep; throws (a ChannelError says whether to retry). */
  send(row: OutboxRow): Promise<unknown>;
  /** Limits on the row's segment (its recipient), checked before sending. */
  limits(row: OutboxRow): RateLimit[];
  /**
   * Sends rows of one fan-out (same message, different recipients) in as few calls as the platform allows, and says
   * how each row fared; throws when the whole call failed. Channels without it send fan-out rows one by one.
   */
  sendMany?(rows: OutboxRow[]): Promise<RowOutcome[]>;
  /** Recipients per fan-out call (WeCom message/send: 1000). */
  maxBatch?: number;
}

export type Senders = Partial<Record<OutboxChannel, ChannelSender>>;
