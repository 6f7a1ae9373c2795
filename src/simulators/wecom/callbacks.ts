/**
 * Acts as WeCom towards our server: builds the real inner XML of a message or event (platform-apis §2.3), encrypts
 * and signs it with the app's Token and EncodingAESKey, and POSTs it to /wecom/callback the way WeCom does — the same
 * envelope again on a connect failure, a timeout over 5 s or any non-200, up to 3 retries. `deliveries` forces the
 * same envelope to be delivered several times (what WeCom does when our 200 gets lost).
 */
import { deliverCallback, type Answer } from '../callback-delivery.ts';
import { randomBytes } from 'node:crypto';
import { clock } from '../../clock.ts';
import { CallbackCrypto } from '../../channels/crypto.ts';
import { buildXml, callbackEnvelope } from '../../channels/wecom/xml.ts';

export interface WecomCallbackSenderOptions {
  baseUrl: string;
  corpId: string;
  token: string;
  aesKey: string;
  agentId: number;
  path?: string;
  /** WeCom waits 5 s for an answer. */
  timeoutMs?: number;
  /** WeCom retries 3 times. */
  retries?: number;
  retryDelayMs?: number;
}

export interface SendOptions {
  msgId?: string;
  /** Seconds since the epoch; defaults to clock.now(). */
  createTime?: number;
  /** The query timestamp (defaults to createTime). */
  timestamp?: number;
  /** Deliver the same envelope this many times (each with its own retries). Default 1. */
  deliveries?: number;
}

export type { Answer };

export interface CallbackResult {
  /** The last answer's status and body. */
  status: number | null;
  body: string;
  /** Every answer in order, retries and forced duplicates included. */
  answers: Answer[];
  /** The plaintext XML that was encrypted. */
  xml: string;
  msgId?: string;
}

export interface CardEvent {
  event?: string;
  eventKey: string;
  taskId?: string;
  responseCode?: string;
  cardType?: string;
  selected?: { questionKey: string; optionIds: string[] }[];
}

export class WecomCallbackSender {
  private readonly crypto: CallbackCrypto;

  constructor(private readonly opts: WecomCallbackSenderOptions) {
    this.crypto = new CallbackCrypto({ token: opts.token, encodingAESKey: opts.aesKey, receiveId: opts.corpId });
  }

  sendText(from: string, text: string, opts: SendOptions = {}): Promise<CallbackResult> {
    return this.sendMessage(from, 'text', { Content: text }, opts);
  }

  sendImage(from: string, mediaId: string, opts: SendOptions & { picUrl?: string } = {}): Promise<CallbackResult> {
    return this.sendMessage(from, 'image', { PicUrl: opts.picUrl ?? `https://wework.qpic.cn/sim/${mediaId}/0`, MediaId: mediaId }, opts);
  }

  sendLocation(from: string, at: { lat: number; lng: number; label?: string; scale?: number }, opts: SendOptions = {}): Promise<CallbackResult> {
    return this.sendMessage(from, 'location', {
      Location_X: at.lat, Location_Y: at.lng, Scale: at.scale ?? 15, Label: at.label ?? '', }, opts, { AppType: 'wxwork' });
  }

  /** A card tap (template_card_event by default), with the selected options of vote / multi-select cards. */
  sendEvent(from: string, ev: CardEvent, opts: SendOptions = {}): Promise<CallbackResult> {
    const createTime = opts.createTime ?? this.nowS();
    const xml = buildXml({
      ToUserName: this.opts.corpId, FromUserName: from, CreateTime: createTime, MsgType: 'event',
      Event: ev.event ?? 'template_card_event', EventKey: ev.eventKey, TaskId: ev.taskId, CardType: ev.cardType,
      ResponseCode: ev.responseCode, AgentID: this.opts.agentId,
      SelectedItems: ev.selected && { SelectedItem: ev.selected.map((s) => ({ QuestionKey: s.questionKey, OptionIds: { OptionId: s.optionIds } })) },
    });
    return this.sendXml(xml, { ...opts, createTime });
  }

  /** Encrypts, signs and delivers any inner XML (recorded fixtures, hand-made payloads). */
  async sendXml(xml: string, opts: SendOptions = {}): Promise<CallbackResult> {
    const timestamp = String(opts.timestamp ?? opts.createTime ?? this.nowS());
    const nonce = String(randomBytes(4).readUInt32BE(0));
    const encrypted = this.crypto.encrypt(xml);
    const query = new URLSearchParams({ msg_signature: this.crypto.sign(timestamp, nonce, encrypted), timestamp, nonce });
    const body = callbackEnvelope(this.opts.corpId, encrypted, this.opts.agentId);
    const answers: Answer[] = [];
    for (let i = 0; i < (opts.deliveries ?? 1); i++) answers.push(...(await this.deliver('POST', query, body)));
    const last = answers[answers.length - 1];
    return { status: last.status, body: last.body, answers, xml, msgId: opts.msgId };
  }

  /** WeCom's URL check: a signed, encrypted echostr; the server must answer with its plaintext. */
  async verifyUrl(): Promise<{ status: number | null; body: string; expected: string }> {
    const expected = String(randomBytes(8).readBigUInt64BE(0));
    const timestamp = String(this.nowS());
    const nonce = String(randomBytes(4).readUInt32BE(0));
    const echostr = this.crypto.encrypt(expected);
    const query = new URLSearchParams({ msg_signature: this.crypto.sign(timestamp, nonce, echostr), timestamp, nonce, echostr });
    const [answer] = await this.deliver('GET', query);
    return { status: answer.status, body: answer.body, expected };
  }

  private sendMessage(from: string, type: string, fields: Record<string, unknown>, opts: SendOptions, tail: Record<string, unknown> = {}) {
    const createTime = opts.createTime ?? this.nowS();
    const msgId = opts.msgId ?? String(randomBytes(8).readBigUInt64BE(0) >> 1n);
    const xml = buildXml({
      ToUserName: this.opts.corpId, FromUserName: from, CreateTime: createTime, MsgType: type, ...fields,
      MsgId: BigInt(msgId), AgentID: this.opts.agentId, ...tail,
    });
    return this.sendXml(xml, { ...opts, createTime, msgId });
  }

  /** One delivery with WeCom's retries; returns every answer. */
  private async deliver(method: 'GET' | 'POST', query: URLSearchParams, body?: string): Promise<Answer[]> {
    const url = `${this.opts.baseUrl.replace(/\/$/, '')}${this.opts.path ?? '/wecom/callback'}?${query}`;
    return deliverCallback(url, method, body, this.opts);
  }

  private nowS(): number {
    return Math.floor(clock.now().getTime() / 1000);
  }
}
