/**
 * GET/POST /wecom/callback. GET answers WeCom's URL verification with the decrypted echostr. POST does four things —
 * verify (timestamp, signature, receive-id), decrypt, store once in the inbox, ack with an empty 200 — and hands the
 * stored row on after the answer has gone. Every bad input is a 4xx with a reason and writes nothing.
 *
 * The steps are plain functions (`createWecomCallback`) so that the busy path can be served straight from node:http
 * (callback-fast.ts) and the Koa routes below (a trailing slash, HEAD, other methods) answer the same way.
 */
import Router from '@koa/router';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { DudaoError } from '../../domain/errors.ts';
import type { InboundMessage } from '../../domain/messages.ts';
import type { Logger } from '../../log.ts';
import { CallbackCrypto } from '../crypto.ts';
import { batchedStore } from '../inbox-batch.ts';
import type { InboxSpool } from '../inbox-spool.ts';
import { readRawBody } from '../raw-body.ts';
import { callbackError, checkTimestamp, withDeadline } from '../callback-guards.ts';
import { toInboundMessage } from './inbound.ts';
import { MAX_XML_BYTES, parseEnvelope, parseXml } from './xml.ts';

export const WECOM_CALLBACK_PATH = '/wecom/callback';

export interface WecomCallbackOptions {
  config: Pick<Config, 'CALLBACK_MAX_SKEW_S'>;
  /** The app whose callbacks these are: the corp id is the receive-id every message must carry. */
  app: { corpId: string; token: string; aesKey: string };
  log: Logger;
  database: Database;
  /**
   * Called (after the 200 has been sent) with each newly stored inbox row; `leased` when it was stored leased to this
   * process (`leaseMs`), for its processor to adopt.
   */
  onStored(id: number, msg: InboundMessage, leased?: boolean): void;
  /** Store new rows leased to this process for this long (InboxProcessor.adopt); unset: stored unleased. */
  leaseMs?: number;
  /** Where a message goes when the database cannot take it in time (it is moved into the inbox later). */
  spool: InboxSpool;
}

/** A parsed query string (node:querystring / ctx.query): a repeated parameter is an array. */
export type CallbackQuery = Record<string, string | string[] | undefined>;

export interface WecomCallback {
  /** GET: the decrypted echostr, to be answered as text/plain. Throws a DudaoError for bad input. */
  verifyUrl(query: CallbackQuery): string;
  /**
   * POST: verify, decrypt, and store the message (or spool it): once this resolves the 200 may go. The stored row is
   * handed on with setImmediate, i.e. after the caller has written its answer. Throws a DudaoError for bad input.
   */
  receive(query: CallbackQuery, body: string, reqId?: string): Promise<void>;
}

export function createWecomCallback({ config, app, log, database, onStored, spool, leaseMs }: WecomCallbackOptions): WecomCallback {
  const crypto = new CallbackCrypto({ token: app.token, encodingAESKey: app.aesKey, receiveId: app.corpId });
  const store = batchedStore(database.db, { leaseMs });
  const verified = (query: CallbackQuery, encrypted: string) => {
    const msgSignature = base64Param(query, 'msg_signature');
    const timestamp = base64Param(query, 'timestamp');
    const nonce = base64Param(query, 'nonce');
    checkTimestamp(timestamp, config.CALLBACK_MAX_SKEW_S);
    crypto.verify(msgSignature, timestamp, nonce, encrypted);
    return crypto.decrypt(encrypted);
  };
  return {
    verifyUrl(query) {
      try {
        return verified(query, base64Param(query, 'echostr'));
      } catch (err) {
        throw callbackError(err);
      }
    },
    async receive(query, body, reqId) {
      let msg: InboundMessage | null;
      try {
        const envelope = parseEnvelope(body);
        msg = toInboundMessage(parseXml(verified(query, envelope.Encrypt ?? '')));
      } catch (err) {
        throw callbackError(err);
      }
      if (!msg) return log.info({ reqId }, 'ignored a WeCom callback of an unknown MsgType');
      const m = msg;
      // The sender's older messages are still in the spool (the database was away): this one queues behind them.
      if (spool.holds(m)) return spool.put(m, 'behind_spooled');
      const stored = await withDeadline(store(m), 4000).catch(async (err) => {
        log.warn({ err: (err as Error).message }, 'inbox insert failed; spooling the message');
        await spool.put(m);
        return undefined;
      });
      if (stored?.isNew) setImmediate(() => onStored(stored.id, m, stored.leased));
    },
  };
}

/** The Koa routes: what the fast path in server.ts does not take (HEAD, a trailing slash, other methods) lands here. */
export function wecomCallbackRoutes(callback: WecomCallback): Router {
  const router = new Router();
  router.get(WECOM_CALLBACK_PATH, (ctx) => {
    ctx.type = 'text/plain';
    ctx.body = callback.verifyUrl(ctx.query);
  });
  router.post(WECOM_CALLBACK_PATH, async (ctx) => {
    await callback.receive(ctx.query, await readRawBody(ctx.req, MAX_XML_BYTES), ctx.state.requestId);
    ctx.status = 200;
    ctx.body = '';
  });
  return router;
}

/** A signed query parameter. Base64 has no spaces, so a '+' that arrived unencoded (read as ' ') is restored. */
function base64Param(query: CallbackQuery, name: string): string {
  const value = query[name];
  if (typeof value !== 'string' || value === '') throw new DudaoError('bad_request', `the query parameter ${name} is required`);
  return value.replaceAll(' ', '+');
}
