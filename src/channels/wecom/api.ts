/**
 * The WeCom server API client (platform-apis §2). Every call has a timeout; the token comes from TokenCache and is
 * refreshed once when WeCom says it is invalid or expired (40014/42001); other non-zero codes become WecomApiError,
 * whose `retryable` and `retryAfterMs` tell the dispatcher what to do. Tokens and robot keys never reach the log.
 */
import { readApiAnswer, type ApiAnswer, type DownloadedMedia } from '../api-answer.ts';
import type { Database } from '../../db/client.ts';
import { redactUrl, type Logger } from '../../log.ts';
import { TokenCache, type FetchedToken } from './token.ts';
import { TOKEN_ERRORS, WecomApiError, WecomTransportError } from './errors.ts';
import type {
  AppchatCreateBody, AppchatSendBody, MessageSendBody, MessageSendResult, RobotBody, UpdateCardBody, UploadedMedia,
  WecomUser,
} from './wire.ts';

export interface WecomApiOptions {
  baseUrl: string;
  corpId: string;
  secret: string;
  agentId: number;
  database: Pick<Database, 'db'>;
  log: Logger;
  /** Per HTTP call; default 10 s. */
  timeoutMs?: number;
}

export type { DownloadedMedia };

interface Call {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** false for the robot webhook, which is authorised by its key. */
  withToken?: boolean;
}

type Answer = ApiAnswer;

export class WecomApi {
  readonly corpId: string;
  readonly agentId: number;
  private readonly baseUrl: string;
  private readonly tokens: TokenCache;

  constructor(private readonly opts: WecomApiOptions) {
    this.corpId = opts.corpId;
    this.agentId = opts.agentId;
    this.baseUrl = opts.baseUrl.replace(/\/$/, '');
    this.tokens = new TokenCache(opts.database.db, `wecom.access_token:${opts.corpId}:${opts.agentId}`, () => this.fetchToken());
  }

  /** The cached access token (for the JS-SDK ticket and other callers inside channels/). */
  accessToken(): Promise<string> {
    return this.tokens.get();
  }

  async sendMessage(body: MessageSendBody): Promise<MessageSendResult> {
    const json = await this.json({ method: 'POST', path: '/cgi-bin/message/send', body });
    return { msgid: json.msgid, response_code: json.response_code, invaliduser: json.invaliduser };
  }

  async updateTemplateCard(body: UpdateCardBody): Promise<{ invaliduser?: unknown }> {
    const json = await this.json({ method: 'POST', path: '/cgi-bin/message/update_template_card', body });
    return { invaliduser: json.invaliduser };
  }

  async appchatCreate(body: AppchatCreateBody): Promise<{ chatid: string }> {
    const json = await this.json({ method: 'POST', path: '/cgi-bin/appchat/create', body });
    return { chatid: json.chatid };
  }

  async appchatSend(body: AppchatSendBody): Promise<void> {
    await this.json({ method: 'POST', path: '/cgi-bin/appchat/send', body });
  }

  /** Group robot webhook (§2.8): authorised by `key`, no access token. */
  async robotSend(key: string, body: RobotBody): Promise<void> {
    await this.json({ method: 'POST', path: '/cgi-bin/webhook/send', query: { key }, body, withToken: false });
  }

  /** Downloads a temporary media file; WeCom reports errors as JSON with HTTP 200, told apart by Content-Type. */
  async mediaGet(mediaId: string): Promise<DownloadedMedia> {
    const answer = await this.call({ method: 'GET', path: '/cgi-bin/media/get', query: { media_id: mediaId } });
    if (answer.kind !== 'bytes') throw new WecomTransportError('/cgi-bin/media/get', 'answered JSON without an error code');
    return answer.media;
  }

  async mediaUpload(type: 'image' | 'voice' | 'video' | 'file', bytes: Uint8Array, fileName: string, contentType = 'application/octet-stream'): Promise<UploadedMedia> {
    const form = new FormData();
    form.append('media', new Blob([new Uint8Array(bytes)], { type: contentType }), fileName);
    const json = await this.json({ method: 'POST', path: '/cgi-bin/media/upload', query: { type }, body: form });
    return { type: json.type, media_id: json.media_id, created_at: json.created_at };
  }

  async userGet(userid: string): Promise<WecomUser> {
    const { errcode: _c, errmsg: _m, ...user } = await this.json({ method: 'GET', path: '/cgi-bin/user/get', query: { userid } });
    return user as WecomUser;
  }

  private async json(call: Call): Promise<Record<string, any>> {
    const answer = await this.call(call);
    if (answer.kind !== 'json') throw new WecomTransportError(call.path, 'answered a file instead of JSON');
    return answer.json;
  }

  /** One API call: token, request, and at most one refresh-and-retry when the token was refused. */
  private async call(call: Call): Promise<Answer> {
    const withToken = call.withToken ?? true;
    let token = withToken ? await this.tokens.get() : undefined;
    for (let retried = false; ; retried = true) {
      const answer = await this.request(call, token ? { access_token: token } : {});
      const errcode = answer.kind === 'json' ? Number(answer.json.errcode ?? 0) : 0;
      if (errcode === 0) return answer;
      if (token && TOKEN_ERRORS.has(errcode) && !retried) {
        this.opts.log.info({ path: call.path, errcode }, 'WeCom refused the access token; refreshing once');
        token = await this.tokens.refresh(token);
        continue;
      }
      const json = (answer as { json: Record<string, any> }).json;
      throw new WecomApiError(call.path, errcode, String(json.errmsg ?? ''));
    }
  }

  private async request(call: Call, auth: Record<string, string>): Promise<Answer> {
    const url = `${this.baseUrl}${call.path}?${new URLSearchParams({ ...auth, ...call.query })}`;
    const started = Date.now();
    let res: Response;
    try {
      res = await fetch(url, {
        method: call.method,
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
        ...(call.body instanceof FormData
          ? { body: call.body }
          : call.body !== undefined
            ? { body: JSON.stringify(call.body), headers: { 'content-type': 'application/json; charset=utf-8' } }
            : {}),
      });
    } catch (err) {
      const reason = (err as Error).name === 'TimeoutError' ? `no answer within ${this.opts.timeoutMs ?? 10_000} ms` : (err as Error).message;
      this.opts.log.warn({ call: redactUrl(url), reason }, 'WeCom call failed');
      throw new WecomTransportError(call.path, reason, err);
    }
    const answer = await readApiAnswer(call.path, res, (path, reason) => new WecomTransportError(path, reason));
    const errcode = answer.kind === 'json' ? answer.json.errcode : 0;
    this.opts.log.debug({ call: redactUrl(url), status: res.status, errcode, ms: Date.now() - started }, 'WeCom call');
    return answer;
  }

  private async fetchToken(): Promise<FetchedToken> {
    const answer = await this.request(
      { method: 'GET', path: '/cgi-bin/gettoken' },
      { corpid: this.opts.corpId, corpsecret: this.opts.secret },
    );
    const json = answer.kind === 'json' ? answer.json : {};
    if (Number(json.errcode ?? 0) !== 0 || typeof json.access_token !== 'string') {
      throw new WecomApiError('/cgi-bin/gettoken', Number(json.errcode ?? -1), String(json.errmsg ?? 'no access_token'));
    }
    this.opts.log.info({ corpId: this.opts.corpId, agentId: this.opts.agentId }, 'WeCom access token refreshed');
    return { value: json.access_token, expiresInS: Number(json.expires_in ?? 7200) };
  }
}
