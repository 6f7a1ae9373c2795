/**
 * GET/POST /wechat/callback, the official account's 消息推送 (platform-apis §1.4, §3.2).
 *
 * GET is the URL check: `signature` = sha1 of the sorted token, timestamp and nonce; the answer is `echostr` as it
 * came. POST carries the same plain signature in every mode, and in compatible and safe mode (`encrypt_type=aes`)
 * also `msg_signature` over the ciphertext, which is decrypted and must carry our app id. With an EncodingAESKey
 * configured only encrypted callbacks are taken (a plaintext body is not covered by any signature); without one
 * only plaintext. The message is stored once in the inbox (MsgId, or the event key) and answered `success`, which
 * tells the platform not to retry; replies go out as customer-service messages through the outbox. Every bad input
 * is a 4xx with a reason and writes nothing, as on /wecom/callback.
 */
import Router from '@koa/router';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { DudaoError } from '../../domain/errors.ts';
import type { InboundMessage } from '../../domain/messages.ts';
import type { Logger } from '../../log.ts';
import { CallbackCrypto, CryptoError, signatureMatches, sortedSignature } from '../crypto.ts';
import { batchedStore } from '../inbox-batch.ts';
import type { InboxSpool } from '../inbox-spool.ts';
import { readRawBody } from '../raw-body.ts';
import { callbackError, checkTimestamp, withDeadline } from '../callback-guards.ts';
import { fieldText, MAX_XML_BYTES, parseXml } from '../wecom/xml.ts';
import type { CallbackQuery } from '../wecom/callback.ts';
import { toOfficialAccountMessage } from './inbound.ts';

export const OA_CALLBACK_PATH = '/wechat/callback';

/** What the platform is told when the message is ours: no passive reply, no retry. */
export const ACK = 'success';

export interface OfficialAccountApp {
  appId: string;
  token: string;
  /** The EncodingAESKey; absent = plain mode. */
  aesKey?: string;
}

export interface OfficialAccountCallbackOptions {
  config: Pick<Config, 'CALLBACK_MAX_SKEW_S'>;
  app: OfficialAccountApp;
  log: Logger;
  database: Database;
  /** Called (after the answer has been sent) with each newly stored inbox row. */
  onStored(id: number, msg: InboundMessage): void;
  spool: InboxSpool;
}

export interface OfficialAccountCallback {
  /** GET: the echostr to answer with. Throws a DudaoError for bad input. */
  verifyUrl(query: CallbackQuery): string;
  /** POST: verify, decrypt, store (or spool); resolves to the body to answer with. */
  receive(query: CallbackQuery, body: string, reqId?: string): Promise<string>;
}

export function createOfficialAccountCallback(opts: OfficialAccountCallbackOptions): OfficialAccountCallback {
  const { app, config, log, database, onStored, spool } = opts;
  const crypto = app.aesKey ? new CallbackCrypto({ token: app.token, encodingAESKey: app.aesKey, receiveId: app.appId }) : undefined;
  const store = batchedStore(database.db);

  /** The plain signature every request carries: sha1(sort(token, timestamp, nonce)). */
  const checkSignature = (query: CallbackQuery) => {
    const signature = param(query, 'signature');
    const timestamp = param(query, 'timestamp');
    const nonce = param(query, 'nonce');
    checkTimestamp(timestamp, config.CALLBACK_MAX_SKEW_S);
    if (!signatureMatches(sortedSignature(app.token, timestamp, nonce), signature.toLowerCase())) {
      throw new CryptoError('ValidateSignatureError', 'signature does not match');
    }
    return { timestamp, nonce };
  };

  /** The message's XML: decrypted in compatible and safe mode, as posted in plain mode. */
  const plaintext = (query: CallbackQuery, body: string): string => {
    const { timestamp, nonce } = checkSignature(query);
    const encryptType = typeof query.encrypt_type === 'string' ? query.encrypt_type : 'raw';
    if (encryptType !== 'aes' && encryptType !== 'raw') throw new DudaoError('bad_request', `encrypt_type must be aes or raw (got "${encryptType}")`);
    if (encryptType === 'raw') {
      if (crypto) throw new DudaoError('bad_request', 'this account is in safe mode: plaintext callbacks are not accepted');
      return body;
    }
    if (!crypto) throw new DudaoError('bad_request', 'this account is in plain mode: no EncodingAESKey is configured to decrypt with');
    // Safe mode posts ToUserName and Encrypt; compatible mode also the plaintext fields (nested for some events).
    const encrypted = fieldText(parseXml(body), 'Encrypt');
    if (!encrypted) throw new DudaoError('bad_request', 'the body has no Encrypt element');
    crypto.verify(param(query, 'msg_signature'), timestamp, nonce, encrypted);
    return crypto.decrypt(encrypted);
  };

  return {
    verifyUrl(query) {
      try {
        checkSignature(query);
        return param(query, 'echostr');
      } catch (err) {
        throw callbackError(err);
      }
    },
    async receive(query, body, reqId) {
      let msg: InboundMessage | null;
      try {
        msg = toOfficialAccountMessage(parseXml(plaintext(query, body)));
      } catch (err) {
        throw callbackError(err);
      }
      if (!msg) {
        log.info({ reqId }, 'ignored an official-account callback of an unknown MsgType');
        return ACK;
      }
      const m = msg;
      // The sender's older messages are still in the spool (the database was away): this one queues behind them.
      if (spool.holds(m)) {
        await spool.put(m, 'behind_spooled');
        return ACK;
      }
      const stored = await withDeadline(store(m), 4000).catch(async (err) => {
        log.warn({ err: (err as Error).message }, 'inbox insert failed; spooling the message');
        await spool.put(m);
        return undefined;
      });
      if (stored?.isNew) setImmediate(() => onStored(stored.id, m));
      return ACK;
    },
  };
}

export function officialAccountCallbackRoutes(callback: OfficialAccountCallback): Router {
  const router = new Router();
  router.get(OA_CALLBACK_PATH, (ctx) => {
    ctx.type = 'text/plain';
    ctx.body = callback.verifyUrl(ctx.query);
  });
  router.post(OA_CALLBACK_PATH, async (ctx) => {
    const answer = await callback.receive(ctx.query, await readRawBody(ctx.req, MAX_XML_BYTES), ctx.state.requestId);
    ctx.type = 'text/plain';
    ctx.body = answer;
  });
  return router;
}

function param(query: CallbackQuery, name: string): string {
  const value = query[name];
  if (typeof value !== 'string' || value === '') throw new DudaoError('bad_request', `the query parameter ${name} is required`);
  // Signatures and base64 have no spaces: a '+' that arrived unencoded (read as ' ') is restored.
  return name === 'echostr' ? value : value.replaceAll(' ', '+');
}
