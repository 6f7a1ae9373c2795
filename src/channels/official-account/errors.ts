/**
 * The official account answers every call with `errcode` (0 = ok). What a non-zero code means for us
 * (platform-apis §3.11): refresh the token, back off, fall back to a template message, or give up on the message.
 */
import { ChannelError } from '../channel-error.ts';

/** The token we used is no good (40001 also when another deployment fetched a newer one): refresh once, retry once. */
export const TOKEN_ERRORS = new Set([40001, 40014, 42001]);

/** The user is outside the 48-hour window (45015) or has used up the replies it allows (45047). */
export const WINDOW_ERRORS = new Set([45015, 45047]);

/** The user cannot be reached now: not a follower of this account (40003), unfollowed (43004), or the account may not send this (48001). */
export const UNREACHABLE_ERRORS = new Set([40003, 43004, 48001]);

const BACKOFF_MS: Record<number, number> = {
  [-1]: 2_000, // 系统繁忙
  45009: 60 * 60_000, // 接口调用超过每日限额: wait, never refresh the token for it
  45011: 5_000, // API 调用太频繁
};

/** Our configuration is wrong (app id, secret, IP whitelist): messages wait for an operator. */
const CONFIG_ERRORS = new Set([40013, 40125, 40164, 41001, 41002, 41004]);
const CONFIG_RETRY_MS = 5 * 60_000;

export class OfficialAccountApiError extends ChannelError {
  constructor(readonly path: string, readonly errcode: number, readonly errmsg: string) {
    const backoff = BACKOFF_MS[errcode];
    const config = CONFIG_ERRORS.has(errcode);
    const retryable = backoff !== undefined || config || TOKEN_ERRORS.has(errcode);
    super(`official account ${path} errcode ${errcode}: ${errmsg}`, retryable, backoff ?? (config ? CONFIG_RETRY_MS : undefined));
    this.name = 'OfficialAccountApiError';
  }
}

/** No usable answer (network error, timeout, HTTP 5xx, a body that is not JSON): try again later. */
export class OfficialAccountTransportError extends ChannelError {
  constructor(readonly path: string, reason: string, cause?: unknown) {
    super(`official account ${path}: ${reason}`, true, undefined, { cause });
    this.name = 'OfficialAccountTransportError';
  }
}

export const errcodeOf = (err: unknown): number | undefined => (err instanceof OfficialAccountApiError ? err.errcode : undefined);
