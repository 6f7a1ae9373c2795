/**
 * WeCom callbacks for tests, encrypted and signed with the published wechatpy vector (platform-apis §1.6 V3): the
 * server under test runs with WECOM_ENV, so these payloads are exactly what WeCom would post to it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { CallbackCrypto } from '../../src/channels/crypto.ts';
import { callbackEnvelope } from '../../src/channels/wecom/xml.ts';
import { clock } from '../../src/clock.ts';
import { WecomCallbackSender } from '../../src/simulators/wecom/callbacks.ts';

export const V3 = { corpId: 'wx49f0ab532d5d035a', token: '123456', aesKey: 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR', agentId: 1 };

export const WECOM_ENV: Record<string, string> = {
  WECOM_CORP_ID: V3.corpId,
  WECOM_AGENT_ID: String(V3.agentId),
  WECOM_SECRET: 'test-secret',
  WECOM_TOKEN: V3.token,
  WECOM_AES_KEY: V3.aesKey,
};

const crypto = new CallbackCrypto({ token: V3.token, encodingAESKey: V3.aesKey, receiveId: V3.corpId });

/** A recorded inner payload from test/fixtures/wecom/. */
export function fixture(name: string): string {
  return fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/wecom', `${name}.xml`), 'utf8');
}

/** The same payload with another MsgId (so one fixture can be posted as several messages). */
export function withMsgId(xml: string, msgId: string): string {
  return xml.replace(/<MsgId>[^<]*<\/MsgId>/, `<MsgId>${msgId}</MsgId>`);
}

export interface EncryptedCallback {
  /** `/wecom/callback?msg_signature=…&timestamp=…&nonce=…` */
  path: string;
  query: { msg_signature: string; timestamp: string; nonce: string };
  body: string;
  encrypted: string;
}

/** Encrypts `xml` as WeCom would for the V3 app; `opts` lets a test make one part wrong. */
export function encryptedCallback(xml: string, opts: { timestamp?: number; receiveId?: string; encrypted?: string } = {}): EncryptedCallback {
  const timestamp = String(opts.timestamp ?? Math.floor(clock.now().getTime() / 1000));
  const nonce = String(randomBytes(4).readUInt32BE(0));
  const other = opts.receiveId === undefined ? crypto : new CallbackCrypto({ token: V3.token, encodingAESKey: V3.aesKey, receiveId: opts.receiveId });
  const encrypted = opts.encrypted ?? other.encrypt(xml);
  const query = { msg_signature: crypto.sign(timestamp, nonce, encrypted), timestamp, nonce };
  return { path: `/wecom/callback?${new URLSearchParams(query)}`, query, body: callbackEnvelope(V3.corpId, encrypted, V3.agentId), encrypted };
}

/** A WeCom simulator pointed at a test server (no retry pause). */
export function wecomSender(baseUrl: string, opts: { retries?: number } = {}): WecomCallbackSender {
  return new WecomCallbackSender({ baseUrl, ...V3, retryDelayMs: 10, ...opts });
}
