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
