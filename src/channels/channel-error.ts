/**
 * What a channel throws when a platform call fails. The dispatcher reads only these fields: `retryable` decides
 * between another attempt and a dead message, `retryAfterMs` is the platform's hint for the earliest next try.
 */
export class ChannelError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ChannelError';
  }
}

export const isChannelError = (err: unknown): err is ChannelError => err instanceof ChannelError;

/**
 * The platform cannot deliver the message until the recipient does something (the official account outside its
 * 48-hour window with no template message to fall back on). The dispatcher sets the row aside as 'waiting' with
 * this reason, counting no attempt; the channel offers it again when the recipient writes (services/outbox.ts).
 */
export class WaitingForRecipient extends ChannelError {
  constructor(readonly reason: string) {
    super(reason, true);
    this.name = 'WaitingForRecipient';
  }
}
