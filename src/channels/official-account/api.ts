/**
 * The official-account server API client (platform-apis §3). The access token comes from TokenCache (one row in
 * platform_tokens per app id, refreshed under an advisory lock by one process at a time) and is refreshed once when
 * the platform refuses it (40001/40014/42001). Other non-zero codes become OfficialAccountApiError. Tokens and the
 * secret never reach the log.
 *
 * The message calls used by the senders are named methods; `post`, `get` and `upload` are there for the other API
 * groups (materials, drafts, publishing), which add their own small files on top of this client.
 */
import { readApiAnswer, type ApiAnswer, type DownloadedMedia } from '../api-answer.ts';
import type { Database } from '../../db/client.ts';
import { redactUrl, type Logger } from '../../log.ts';
import { TokenCache, type FetchedToken } from '../wecom/token.ts';
import { OfficialAccountApiError, OfficialAccountTransportError, TOKEN_ERRORS } from './errors.ts';
import type { CustomSendBody, TemplateSendBody } from './wire.ts';

export interface OfficialAccountApiOptions {
  /** The API origin; a function when it is known only once the server listens (the sandbox's own simulator). */
  baseUrl: string | (() => string);
  appId: string;
  secret: string;
  database: Pick<Database, 'db'>;
  log: Logger;
  /** Per HTTP call; default 10 s. */
  timeoutMs?: number;
}

export interface UploadFile {
  bytes: Uint8Array;
  fileName: string;
  contentType: string;
}

type Json = Record<string, any>;
type Answer = ApiAnswer;

export type { DownloadedMedia };

interface Call {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
  body?: unknown;
}

export class OfficialAccountApi {
  readonly appId: string;
  private readonly tokens: TokenCache;

  constructor(private readonly opts: OfficialAccountApiOptions) {
    this.appId = opts.appId;
    this.tokens = new TokenCache(opts.database.db, `wechat.access_token:${opts.appId}`, () => this.fetchToken());
  }

  accessToken(): Promise<string> {
    return this.tokens.get();
  }

  /** 客服消息 (§3.5): only inside the 48-hour window the user's last message opened. */
  async customSend(body: CustomSendBody): Promise<Json> {
    return this.post('/cgi-bin/message/custom/send', body);
  }

  /** 模板消息 (§3.6); `client_msg_id` makes the platform drop a repeat. Returns { msgid }. */
  async templateSend(body: TemplateSendBody): Promise<{ msgid: number | string }> {
    const json = await this.post('/cgi-bin/message/template/send', body);
    return { msgid: json.msgid };
  }

  /** A temporary media file a user sent (3 days). Errors come as JSON, told apart by Content-Type. */
  async mediaGet(mediaId: string): Promise<DownloadedMedia> {
    const answer = await this.call({ method: 'GET', path: '/cgi-bin/media/get', query: { media_id: mediaId } });
    if (answer.kind !== 'bytes') throw new OfficialAccountTransportError('/cgi-bin/media/get', 'answered JSON without an error code');
    return answer.media;
  }

  /** Uploads a temporary media file (for an image customer-service message). */
  async mediaUpload(type: 'image' | 'voice' | 'video' | 'thumb', file: UploadFile): Promise<{ media_id: string }> {
    const json = await this.upload('/cgi-bin/media/upload', file, { type });
    return { media_id: json.media_id };
  }

  async post(path: string, body: unknown, query: Record<string, string> = {}): Promise<Json> {
    return this.json({ method: 'POST', path, query, body });
  }

  async get(path: string, query: Record<string, string> = {}): Promise<Json> {
    return this.json({ method: 'GET', path, query });
  }

  /** multipart/form-data with the file as field `media`, plus any text fields (e.g. a video's description). */
  async upload(path: string, file: UploadFile, query: Record<string, string> = {}, fields: Record<string, string> = {}): Promise<Json> {
    const form = new FormData();
    form.append('media', new Blob([new Uint8Array(file.bytes)], { type: file.contentType }), file.fileName);
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    return this.json({ method: 'POST', path, query, body: form });
  }

  private async json(call: Call): Promise<Json> {
    const answer = await this.call(call);
    if (answer.kind !== 'json') throw new OfficialAccountTransportError(call.path, 'answered a file instead of JSON');
    return answer.json;
  }

  /** One call: token, request, and at most one refresh-and-retry when the token was refused. */
  private async call(call: Call): Promise<Answer> {
    let token = await this.tokens.get();
    for (let retried = false; ; retried = true) {
      const answer = await this.request(call, { access_token: token });
      const errcode = answer.kind === 'json' ? Number(answer.json.errcode ?? 0) : 0;
      if (errcode === 0) return answer;
      if (TOKEN_ERRORS.has(errcode) && !retried) {
        this.opts.log.info({ path: call.path, errcode }, 'the official account refused the access token; refreshing once');
        token = await this.tokens.refresh(token);
        continue;
      }
      const json = (answer as { json: Json }).json;
      throw new OfficialAccountApiError(call.path, errcode, String(json.errmsg ?? ''));
    }
  }

  private async request(call: Call, auth: Record<string, string>): Promise<Answer> {
    const base = typeof this.opts.baseUrl === 'function' ? this.opts.baseUrl() : this.opts.baseUrl;
    const url = `${base.replace(/\/$/, '')}${call.path}?${new URLSearchParams({ ...auth, ...call.query })}`;
    const timeoutMs = this.opts.timeoutMs ?? 10_000;
    const started = Date.now();
    let res: Response;
    try {
      res = await fetch(url, {
        method: call.method,
        signal: AbortSignal.timeout(timeoutMs),
        ...(call.body instanceof FormData
          ? { body: call.body }
          : call.body !== undefined
            ? { body: JSON.stringify(call.body), headers: { 'content-type': 'application/json; charset=utf-8' } }
            : {}),
      });
    } catch (err) {
      const reason = (err as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (err as Error).message;
      this.opts.log.warn({ call: redactUrl(url), reason }, 'official account call failed');
      throw new OfficialAccountTransportError(call.path, reason, err);
    }
    const answer = await readApiAnswer(call.path, res, (path, reason) => new OfficialAccountTransportError(path, reason));
    this.opts.log.debug({ call: redactUrl(url), status: res.status, errcode: answer.kind === 'json' ? answer.json.errcode : 0, ms: Date.now() - started }, 'official account call');
    return answer;
  }

  private async fetchToken(): Promise<FetchedToken> {
    const answer = await this.request(
      { method: 'GET', path: '/cgi-bin/token' },
      { grant_type: 'client_credential', appid: this.opts.appId, secret: this.opts.secret },
    );
    const json = answer.kind === 'json' ? answer.json : {};
    if (Number(json.errcode ?? 0) !== 0 || typeof json.access_token !== 'string') {
      throw new OfficialAccountApiError('/cgi-bin/token', Number(json.errcode ?? -1), String(json.errmsg ?? 'no access_token'));
    }
    this.opts.log.info({ appId: this.opts.appId }, 'official account access token refreshed');
    return { value: json.access_token, expiresInS: Number(json.expires_in ?? 7200) };
  }
}
