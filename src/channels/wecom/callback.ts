/**
 * GET/POST /wecom/callback. GET answers WeCom's URL verification with the decrypted echostr. POST does four things —
 * verify (timestamp, signature, receive-id), decrypt, store once in the inbox, ack with an empty 200 — and hands the
 * stored row on after the answer has gone. Every bad input is a 4xx with a reason and writes nothing.
 */
import Router from '@koa/router';
import type { Context } from 'koa';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import type { InboundMessage } from '../../domain/messages.ts';
import type { Logger } from '../../log.ts';
import { CallbackCrypto } from '../crypto.ts';
import { batchedStore } from '../inbox-batch.ts';
import type { InboxSpool } from '../inbox-spool.ts';
import { readRawBody } from '../raw-body.ts';
import { callbackErrors, checkTimestamp, withDeadline } from '../callback-guards.ts';
import { toInboundMessage } from './inbound.ts';
import { MAX_XML_BYTES, parseEnvelope, parseXml } from './xml.ts';

export interface WecomCallbackOptions {
  config: Pick<Config, 'CALLBACK_MAX_SKEW_S'>;
  /** The app whose callbacks these are: the corp id is the receive-id every message must carry. */
  app: { corpId: string; token: string; aesKey: string };
  log: Logger;
  database: Database;
  /** Called (after the 200 has been sent) with each newly stored inbox row. */
  onStored(id: number, msg: InboundMessage): void;
  /** Where a message goes when the database cannot take it in time (it is moved into the inbox later). */
  spool: InboxSpool;
}

export function wecomCallbackRoutes({ config, app, log, database, onStored, spool }: WecomCallbackOptions): Router {
  const crypto = new CallbackCrypto({ token: app.token, encodingAESKey: app.aesKey, receiveId: app.corpId });
  const store = batchedStore(database.db);
  const verified = (ctx: Context, encrypted: string) => {
    const { msg_signature, timestamp, nonce } = callbackQuery(ctx);
    checkTimestamp(timestamp, config.CALLBACK_MAX_SKEW_S);
    crypto.verify(msg_signature, timestamp, nonce, encrypted);
    return crypto.decrypt(encrypted);
  };
  const router = new Router();
  router.use('/wecom/callback', callbackErrors());

  router.get('/wecom/callback', (ctx) => {
    ctx.type = 'text/plain';
    ctx.body = verified(ctx, base64Param(ctx, 'echostr'));
  });

  router.post('/wecom/callback', async (ctx) => {
    const envelope = parseEnvelope(await readRawBody(ctx.req, MAX_XML_BYTES));
    const msg = toInboundMessage(parseXml(verified(ctx, envelope.Encrypt ?? '')));
    ctx.status = 200;
    ctx.body = '';
    if (!msg) return log.info({ reqId: ctx.state.requestId }, 'ignored a WeCom callback of an unknown MsgType');
    const stored = await withDeadline(store(msg), 4000).catch(async (err) => {
      log.warn({ err: (err as Error).message }, 'inbox insert failed; spooling the message');
      await spool.put(msg);
      return undefined;
    });
    if (stored?.isNew) setImmediate(() => onStored(stored.id, msg));
  });
  return router;
}

/** The signed query parameters. Base64 has no spaces, so a '+' that arrived unencoded (read as ' ') is restored. */
function callbackQuery(ctx: Context) {
  return { msg_signature: base64Param(ctx, 'msg_signature'), timestamp: base64Param(ctx, 'timestamp'), nonce: base64Param(ctx, 'nonce') };
}

function base64Param(ctx: Context, name: string): string {
  const value = ctx.query[name];
  if (typeof value !== 'string' || value === '') ctx.throw(400, `the query parameter ${name} is required`);
  return value.replaceAll(' ', '+');
}
