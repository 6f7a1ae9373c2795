/**
 * Acts as the official account's platform towards our server (platform-apis §1.4, §3.2, §3.3): builds the real
 * XML of a user's message or event, and POSTs it to /wechat/callback in the account's mode —
 *   plain:      the XML as it is, with `signature` (sha1 of token, timestamp, nonce) in the query;
 *   compatible: `encrypt_type=aes` and `msg_signature`, the plaintext fields next to <Encrypt>;
 *   safe:       `encrypt_type=aes` and `msg_signature`, only ToUserName and <Encrypt>.
 * Like the platform it waits 5 s and retries three times on a connect failure, a timeout or a non-200, and treats
 * any answer other than `success`, '' or a reply XML as the service failing. Each message or event is also told to
 * the simulated API (`sim.userWrote` / `sim.userActed`), which opens the windows customer-service messages need.
 */
import { deliverCallback, type Answer } from '../callback-delivery.ts';
import { randomBytes } from 'node:crypto';
import { clock } from '../../clock.ts';
import { CallbackCrypto, sortedSignature } from '../../channels/crypto.ts';
import { buildXml } from '../../channels/wecom/xml.ts';

export type CallbackMode = 'plain' | 'compatible' | 'safe';

export interface OfficialAccountCallbackSenderOptions {
  baseUrl: string;
  appId: string;
  token: string;
  aesKey?: string;
  originalId: string;
  mode: CallbackMode;
  path?: string;
  timeoutMs?: number;
  retries?: number;
  retryDelayMs?: number;
  /** Told of each user action, as the platform would know it (the simulator's windows). */
  platform?: { userWrote(openid: string): void; userActed(openid: string, event: string): void };
}

export interface SendOptions {
  msgId?: string;
  createTime?: number;
  /** Deliver the same request this many times (each with its own retries). Default 1. */
  deliveries?: number;
}

export type { Answer };

export interface CallbackResult {
  status: number | null;
  body: string;
  /**
   * What the user would see as "该公众号暂时无法提供服务，请稍后再试": no 200 after the retries, or a 200 whose body is
   * neither `success`, empty, nor a reply XML.
   */
  serviceFailed: boolean;
  answers: Answer[];
  xml: string;
  msgId?: string;
}

export class OfficialAccountCallbackSender {
  private readonly crypto?: CallbackCrypto;

  constructor(private readonly opts: OfficialAccountCallbackSenderOptions) {
    if (opts.mode !== 'plain') {
      if (!opts.aesKey) throw new Error(`${opts.mode} mode needs an EncodingAESKey`);
      this.crypto = new CallbackCrypto({ token: opts.token, encodingAESKey: opts.aesKey, receiveId: opts.appId });
    }
  }

  get mode(): CallbackMode {
    return this.opts.mode;
  }

  sendText(openid: string, text: string, opts: SendOptions = {}): Promise<CallbackResult> {
    return this.sendMessage(openid, 'text', { Content: text }, opts);
  }

  sendImage(openid: string, mediaId: string, opts: SendOptions = {}): Promise<CallbackResult> {
    return this.sendMessage(openid, 'image', { PicUrl: `http://mmbiz.qpic.cn/sim/${mediaId}/0`, MediaId: mediaId }, opts);
  }

  /** subscribe, unsubscribe, CLICK (with its key), VIEW, SCAN… */
  sendEvent(openid: string, event: string, eventKey?: string, opts: SendOptions = {}): Promise<CallbackResult> {
    const createTime = opts.createTime ?? this.nowS();
    this.opts.platform?.userActed(openid, event);
    const xml = buildXml({
      ToUserName: this.opts.originalId, FromUserName: openid, CreateTime: createTime, MsgType: 'event', Event: event,
      ...(eventKey !== undefined ? { EventKey: eventKey } : {}),
    });
    return this.sendXml(xml, { ...opts, createTime });
  }

  /** The platform's report on a template message it accepted: TEMPLATESENDJOBFINISH with `success` or a failure. */
  sendTemplateFinish(openid: string, msgid: number | string, status: 'success' | 'failed:user block' | 'failed: system failed'): Promise<CallbackResult> {
    const createTime = this.nowS();
    return this.sendXml(buildXml({
      ToUserName: this.opts.originalId, FromUserName: openid, CreateTime: createTime, MsgType: 'event', Event: 'TEMPLATESENDJOBFINISH',
      MsgID: BigInt(msgid), Status: status,
    }), { createTime });
  }

  /** Signs (and in compatible/safe mode encrypts) any XML and delivers it with the platform's retries. */
  async sendXml(xml: string, opts: SendOptions = {}): Promise<CallbackResult> {
    const timestamp = String(opts.createTime ?? this.nowS());
    const nonce = String(randomBytes(4).readUInt32BE(0));
    const openid = /<FromUserName><!\[CDATA\[([^\]]*)\]\]><\/FromUserName>/.exec(xml)?.[1];
    const query = new URLSearchParams({ signature: sortedSignature(this.opts.token, timestamp, nonce), timestamp, nonce });
    if (openid) query.set('openid', openid);
    let body = xml;
    if (this.crypto) {
      const encrypted = this.crypto.encrypt(xml);
      query.set('encrypt_type', 'aes');
      query.set('msg_signature', this.crypto.sign(timestamp, nonce, encrypted));
      body = this.opts.mode === 'safe'
        ? buildXml({ ToUserName: this.opts.originalId, Encrypt: encrypted })
        : xml.replace(/<\/xml>\s*$/, `${buildXml({ Encrypt: encrypted }).slice(5, -6)}</xml>`);
    }
    const answers: Answer[] = [];
    for (let i = 0; i < (opts.deliveries ?? 1); i++) answers.push(...(await this.deliver('POST', query, body)));
    const last = answers[answers.length - 1];
    const serviceFailed = last.status !== 200 || !(last.body === '' || last.body === 'success' || /^\s*<xml>[\s\S]*<\/xml>\s*$/.test(last.body));
    return { status: last.status, body: last.body, serviceFailed, answers, xml, msgId: opts.msgId };
  }

  /** The URL check when the server is configured (消息推送 配置): the server must answer with echostr. */
  async verifyUrl(): Promise<{ status: number | null; body: string; expected: string }> {
    const expected = String(randomBytes(8).readBigUInt64BE(0));
    const timestamp = String(this.nowS());
    const nonce = String(randomBytes(4).readUInt32BE(0));
    const query = new URLSearchParams({ signature: sortedSignature(this.opts.token, timestamp, nonce), timestamp, nonce, echostr: expected });
    const [answer] = await this.deliver('GET', query);
    return { status: answer.status, body: answer.body, expected };
  }

  private sendMessage(openid: string, type: string, fields: Record<string, unknown>, opts: SendOptions) {
    const createTime = opts.createTime ?? this.nowS();
    const msgId = opts.msgId ?? String(randomBytes(8).readBigUInt64BE(0) >> 1n);
    this.opts.platform?.userWrote(openid);
    const xml = buildXml({
      ToUserName: this.opts.originalId, FromUserName: openid, CreateTime: createTime, MsgType: type, ...fields, MsgId: BigInt(msgId),
    });
    return this.sendXml(xml, { ...opts, createTime, msgId });
  }

  private async deliver(method: 'GET' | 'POST', query: URLSearchParams, body?: string): Promise<Answer[]> {
    const url = `${this.opts.baseUrl.replace(/\/$/, '')}${this.opts.path ?? '/wechat/callback'}?${query}`;
    return deliverCallback(url, method, body, this.opts);
  }

  private nowS(): number {
    return Math.floor(clock.now().getTime() / 1000);
  }
}
