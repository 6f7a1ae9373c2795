/**
 * What the simulated official account holds: its followers and the reply windows their actions opened
 * (platform-apis §3.5: a message → 5 customer-service messages within 48 h; a menu click or a follow → 3 within a
 * minute), registered templates, temporary media, and the client_msg_ids of template messages already sent.
 */
import crypto from 'node:crypto';
import { Journal } from '../wecom/journal.ts';
export type { SimMedia, JsonAnswer, FileAnswer, Answer } from '../answers.ts';
import type { SimMedia } from '../answers.ts';

export type AccountKind = '服务号' | '订阅号';

export interface Follower {
  openid: string;
  subscribed: boolean;
  /** The user's last message and the customer-service messages it still allows. */
  lastMessageAt?: Date;
  messageRepliesLeft: number;
  /** The last click or follow and what it still allows. */
  lastEventAt?: Date;
  eventRepliesLeft: number;
}



export const MESSAGE_WINDOW_MS = 48 * 3600_000;
export const MESSAGE_WINDOW_REPLIES = 5;
export const EVENT_WINDOW_MS = 60_000;
export const EVENT_WINDOW_REPLIES = 3;
export const MEDIA_TTL_MS = 3 * 24 * 3600_000;

export class OfficialAccountState {
  readonly journal = new Journal();
  readonly followers = new Map<string, Follower>();
  readonly templates = new Set<string>();
  readonly media = new Map<string, SimMedia>();
  /** The custom menu as menu/create last set it. */
  menu?: Record<string, unknown>[];
  /** client_msg_id → the msgid it was sent as. */
  readonly templateSends = new Map<string, number>();
  private nextMsgId = 200_228_332;

  constructor(public kind: AccountKind, readonly now: () => Date) {}

  follower(openid: string): Follower {
    let f = this.followers.get(openid);
    if (!f) {
      f = { openid, subscribed: true, messageRepliesLeft: 0, eventRepliesLeft: 0 };
      this.followers.set(openid, f);
    }
    return f;
  }

  /** The user sent a message: a fresh 48-hour window. */
  userWrote(openid: string): void {
    const f = this.follower(openid);
    f.subscribed = true;
    f.lastMessageAt = this.now();
    f.messageRepliesLeft = MESSAGE_WINDOW_REPLIES;
  }

  /** A menu click or a follow: a one-minute window. */
  userActed(openid: string, event: string): void {
    const f = this.follower(openid);
    if (event === 'unsubscribe') {
      f.subscribed = false;
      return;
    }
    if (event === 'subscribe') f.subscribed = true;
    f.lastEventAt = this.now();
    f.eventRepliesLeft = EVENT_WINDOW_REPLIES;
  }

  /** Takes one customer-service reply from the user's open windows; the errcode when there is none. */
  takeReply(openid: string): 0 | 40003 | 43004 | 45015 | 45047 {
    const f = this.followers.get(openid);
    if (!f) return 40003;
    if (!f.subscribed) return 43004;
    const now = this.now().getTime();
    const inMessageWindow = f.lastMessageAt !== undefined && now - f.lastMessageAt.getTime() < MESSAGE_WINDOW_MS;
    const inEventWindow = f.lastEventAt !== undefined && now - f.lastEventAt.getTime() < EVENT_WINDOW_MS;
    if (inMessageWindow && f.messageRepliesLeft > 0) {
      f.messageRepliesLeft -= 1;
      return 0;
    }
    if (inEventWindow && f.eventRepliesLeft > 0) {
      f.eventRepliesLeft -= 1;
      return 0;
    }
    return inMessageWindow || inEventWindow ? 45047 : 45015;
  }

  issueMsgId(): number {
    return this.nextMsgId++;
  }

  addMedia(bytes: Uint8Array, contentType: string, fileName: string): string {
    const id = crypto.randomBytes(32).toString('base64url');
    this.media.set(id, { bytes: Buffer.from(bytes), contentType, fileName, createdAt: this.now() });
    return id;
  }

  liveMedia(id: unknown): SimMedia | undefined {
    const m = typeof id === 'string' ? this.media.get(id) : undefined;
    return m && this.now().getTime() - m.createdAt.getTime() < MEDIA_TTL_MS ? m : undefined;
  }
}

export const ok = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ errcode: 0, errmsg: 'ok', ...extra });
export const err = (errcode: number, errmsg: string): Record<string, unknown> => ({ errcode, errmsg });

/** The official account's wording of the codes the simulator answers (platform-apis §3.11). */
export const ERRMSG: Record<number, string> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40003: 'invalid openid',
  40004: 'invalid media type',
  40007: 'invalid media_id',
  40008: 'invalid message type',
  40013: 'invalid appid',
  40014: 'invalid access_token',
  40037: 'invalid template_id',
  41001: 'access_token missing',
  41005: 'media data missing',
  42001: 'access_token expired',
  43004: 'require subscribe',
  44002: 'empty post data',
  44003: 'empty news data',
  45002: 'content size out of limit',
  45008: 'article size out of limit',
  45009: 'reach max api daily quota limit',
  45015: 'response out of time limit',
  45047: 'out of response count limit',
  47001: 'data format error',
  48001: 'api unauthorized',
};

export const fail = (errcode: number): Record<string, unknown> => err(errcode, ERRMSG[errcode] ?? 'simulated failure');
