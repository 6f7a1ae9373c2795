/**
 * What every platform callback route (WeCom, official account) needs around its four steps: the timestamp window,
 * a deadline inside the platform's 5 s, and one mapping from crypto and XML failures to a 4xx with a reason.
 */
import type { Middleware } from 'koa';
import { clock } from '../clock.ts';
import { DudaoError, type ErrorCode } from '../domain/errors.ts';
import { CryptoError, type CryptoErrorName } from './crypto.ts';
import { XmlError } from './wecom/xml.ts';

/** Refuses a timestamp further than `maxSkewS` seconds from now; 0 turns the check off (replaying recorded callbacks). */
export function checkTimestamp(timestamp: string, maxSkewS: number): void {
  if (!/^\d{1,12}$/.test(timestamp)) throw new DudaoError('bad_request', 'timestamp must be a number of seconds');
  if (maxSkewS === 0) return;
  const skew = Math.abs(clock.now().getTime() / 1000 - Number(timestamp));
  if (skew > maxSkewS) throw new DudaoError('stale_timestamp', `timestamp is ${Math.round(skew)} s from now (at most ${maxSkewS} s allowed)`);
}

/** Rejects with 503 when `work` takes longer than `ms`, so the platform gets an answer (and retries) in time. */
export function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DudaoError('unavailable', `could not store the message within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

const CRYPTO_STATUS: Record<CryptoErrorName, ErrorCode> = {
  ValidateSignatureError: 'invalid_signature',
  ComputeSignatureError: 'invalid_signature',
  ValidateCorpidError: 'forbidden',
  ParseXmlError: 'bad_request',
  IllegalAesKey: 'bad_request',
  EncryptAESError: 'bad_request',
  DecryptAESError: 'bad_request',
  IllegalBuffer: 'bad_request',
  EncodeBase64Error: 'bad_request',
  DecodeBase64Error: 'bad_request',
};

/** Turns CryptoError and XmlError into DudaoError (the errors middleware then answers 4xx with the reason). */
export function callbackErrors(): Middleware {
  return async function callbackErrorsMiddleware(_ctx, next) {
    try {
      await next();
    } catch (err) {
      throw callbackError(err);
    }
  };
}

/** The same mapping for a handler outside Koa: a CryptoError or XmlError as the DudaoError to answer with. */
export function callbackError(err: unknown): unknown {
  if (err instanceof CryptoError) return new DudaoError(CRYPTO_STATUS[err.kind], `${err.message} (${err.code})`);
  if (err instanceof XmlError) return new DudaoError(err.reason === 'too_large' ? 'payload_too_large' : 'bad_request', err.message);
  return err;
}
