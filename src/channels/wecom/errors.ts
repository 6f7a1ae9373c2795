/**
 * WeCom answers every call with `errcode` (0 = ok). This file decides what a non-zero code means for us
 * (platform-apis §2.1, §2.13): refresh the token, back off, wait for an operator, or give up on the message.
 */
import { ChannelError } from '../channel-error.ts';

/** The token we used is no good: refresh once and retry once. */
export const TOKEN_ERRORS = new Set([40014, 42001]);

/** Back off and try again later; never refresh the token for these. */
const BACKOFF_MS: Record<number, number> = {
  [-1]: 2_000, // 系统繁忙
  45009: 60_000, // 接口调用超过限制
  45033: 5_000, // 接口并发调用超过限制
};

/** The app is misconfigured (secret, corp id, trusted IP, permissions): messages wait for an operator to fix it. */
const CONFIG_ERRORS = new Set([40001, 40013, 40056, 41001, 48002, 60020, 301002]);
const CONFIG_RETRY_MS = 5 * 60_000;

export class WecomApiError extends ChannelError {
  constructor(
    readonly path: string,
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    const config = CONFIG_ERRORS.has(errcode);
    const backoff = BACKOFF_MS[errcode];
    const retryable = backoff !== undefined || config || TOKEN_ERRORS.has(errcode);
    super(`WeCom ${path} errcode ${errcode}: ${errmsg}`, retryable, backoff ?? (config ? CONFIG_RETRY_MS : undefined));
    this.name = 'WecomApiError';
  }

  /** True when the fault is in our configuration rather than in one message. */
  get isConfigError(): boolean {
    return CONFIG_ERRORS.has(this.errcode);
  }
}

/** A call that got no usable answer (network error, timeout, HTTP 5xx, a body that is not JSON): try again later. */
export class WecomTransportError extends ChannelError {
  constructor(readonly path: string, reason: string, cause?: unknown) {
    super(`WeCom ${path}: ${reason}`, true, undefined, { cause });
    this.name = 'WecomTransportError';
  }
}
