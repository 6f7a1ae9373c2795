/**
 * A simulated WeCom server API for tests and the sandbox (platform-apis §2): gettoken, message/send,
 * update_template_card, appchat, the group robot webhook, media/get + media/upload, the directory (user/get,
 * user/simplelist, user/list, department/list, department/simplelist), the JS-SDK tickets (get_jsapi_ticket,
 * ticket/get?type=agent_config) and getcallbackip, with WeCom's request and response shapes and error codes; any
 * other path gets WeCom's error shape too. It records every request, and a test (or the sandbox console) can
 * make it expire the token, rate-limit, fail or answer late.
 *
 *   const sim = createWecomSimulator(SANDBOX_WECOM);
 *   const { url } = await sim.listen();              // tests: WECOM_API_BASE=url
 *   app.use(sim.middleware('/sim/wecom'));            // sandbox: WECOM_API_BASE=<base>/sim/wecom
 */
import type { Middleware } from 'koa';
import { clock } from '../../clock.ts';
import { Faults, FAULT_MESSAGES } from './faults.ts';
import { httpAnswer, parseJsonBody, type Answer } from '../answers.ts';
import { formParts, listen, mount, type Listening, type SimRequest, type SimResponse } from './http.ts';
import { MAX_RECORDED_JSON, normalizePath, type RecordedCall } from './journal.ts';
import { appchatCreate, appchatSend, messageSend, robotSend, updateTemplateCard } from './messages.ts';
import { err, ok, SimState, type JsonAnswer, type SimChat, type SimDepartment, type SimDirectory, type SimUser } from './state.ts';
import { departmentList, departmentSimplelist, userGet, userList, userSimplelist } from './directory.ts';
import { callbackIps, SimTickets } from './tickets.ts';
import { SimTokens } from './tokens.ts';

/** WeCom's limits on media/upload: one file of at most 20 MB (a video), a few fields. */
const UPLOAD_LIMITS = { fileBytes: 20 * 1024 * 1024, totalBytes: 20 * 1024 * 1024, files: 1, fields: 5, fieldBytes: 1024, parts: 6 };

export interface WecomSimulatorOptions {
  corpId: string;
  secret: string;
  agentId: number;
  /** Token lifetime in seconds; default 7200. */
  tokenTtlS?: number;
  /** Simulated time; default the shared clock, so a sandbox time jump also ages tokens and media. */
  now?: () => Date;
  /**
   * More members and departments, read on each directory call (the sandbox passes its people and zones). Unlike
   * members added with addUser, they do not make message/send refuse unknown recipients (81013).
   */
  directory?: () => Promise<SimDirectory>;
}

type Body = Record<string, any>;

const MEDIA_TYPES = new Set(['image', 'voice', 'video', 'file']);

export type WecomSimulator = ReturnType<typeof createWecomSimulator>;
export type { RecordedCall, SimUser, SimChat, SimDepartment, SimDirectory };

export function createWecomSimulator(opts: WecomSimulatorOptions) {
  const now = opts.now ?? (() => clock.now());
  const state = new SimState(opts.agentId, now);
  state.directorySource = opts.directory;
  const tokens = new SimTokens(opts.tokenTtlS ?? 7200, now);
  const tickets = new SimTickets(opts.tokenTtlS ?? 7200, now);
  const faults = new Faults();
  const { journal } = state;

  const routes: Record<string, { method: string; token: boolean; run: (req: SimRequest, body: Body) => Answer | Promise<Answer> }> = {
    '/cgi-bin/gettoken': { method: 'GET', token: false, run: (req) => getToken(req.query) },
    '/cgi-bin/message/send': { method: 'POST', token: true, run: (_, body) => messageSend(state, body) },
    '/cgi-bin/message/update_template_card': { method: 'POST', token: true, run: (_, body) => updateTemplateCard(state, body) },
    '/cgi-bin/appchat/create': { method: 'POST', token: true, run: (_, body) => appchatCreate(state, body) },
    '/cgi-bin/appchat/send': { method: 'POST', token: true, run: (_, body) => appchatSend(state, body) },
    '/cgi-bin/webhook/send': { method: 'POST', token: false, run: (req, body) => robotSend(state, req.query.get('key'), body) },
    '/cgi-bin/media/get': { method: 'GET', token: true, run: (req) => mediaGet(req.query.get('media_id')) },
    '/cgi-bin/media/upload': { method: 'POST', token: true, run: (req) => mediaUpload(req) },
    '/cgi-bin/user/get': { method: 'GET', token: true, run: (req) => userGet(state, req.query.get('userid')) },
    '/cgi-bin/user/simplelist': { method: 'GET', token: true, run: (req) => userSimplelist(state, req.query) },
    '/cgi-bin/user/list': { method: 'GET', token: true, run: (req) => userList(state, req.query) },
    '/cgi-bin/department/list': { method: 'GET', token: true, run: (req) => departmentList(state, req.query.get('id')) },
    '/cgi-bin/department/simplelist': { method: 'GET', token: true, run: (req) => departmentSimplelist(state, req.query.get('id')) },
    '/cgi-bin/get_jsapi_ticket': { method: 'GET', token: true, run: () => tickets.jsapiTicket() },
    '/cgi-bin/ticket/get': { method: 'GET', token: true, run: (req) => tickets.ticketGet(req.query.get('type')) },
    '/cgi-bin/getcallbackip': { method: 'GET', token: true, run: () => callbackIps() },
  };

  function getToken(query: URLSearchParams): JsonAnswer {
    if (query.get('corpid') !== opts.corpId) return { json: err(40013, 'invalid corpid') };
    if (query.get('corpsecret') !== opts.secret) return { json: err(40001, 'invalid credential') };
    return { json: ok(tokens.get()) };
  }

  function mediaGet(id: string | null): Answer {
    const media = state.liveMedia(id);
    return media ? { file: media } : { json: err(40007, 'invalid media_id') };
  }

  function mediaUpload(req: SimRequest): JsonAnswer {
    const type = req.query.get('type') ?? '';
    if (!MEDIA_TYPES.has(type)) return { json: err(40004, 'invalid media type') };
    const part = req.parts?.find((p) => p.name === 'media');
    if (!part) return { json: err(41005, 'media data missing') };
    if (part.data.length <= 5) return { json: err(40005, 'invalid file size') };
    if (type === 'image' && part.data.length > 2 * 1024 * 1024) return { json: err(40009, 'invalid image size') };
    const id = state.addMedia(part.data, part.contentType ?? 'application/octet-stream', part.filename ?? 'media');
    return { json: { errcode: 0, errmsg: '', type, media_id: id, created_at: String(Math.floor(now().getTime() / 1000)) } };
  }

  async function handle(given: SimRequest): Promise<SimResponse> {
    const req: SimRequest = { ...given, parts: await formParts(given, UPLOAD_LIMITS) };
    const path = req.path;
    const route = routes[path];
    // WeCom answers an API it does not have with its own error shape (unverified code: 40066 invalid url, as its
    // sister platforms document), never a bare 404 page.
    if (!route || route.method !== req.method) {
      const answer = err(40066, `invalid url: ${req.method} ${path} is not an API of this simulator`);
      journal.record({ at: now(), method: req.method, path, query: req.query, body: {}, response: answer, errcode: 40066 });
      return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(answer) };
    }
    const late = faults.takeDelay(path);
    if (late) await new Promise((r) => setTimeout(r, late));
    let body: Body = {};
    let answer: Answer;
    const parsed = parseJsonBody(req);
    const failure = faults.takeFailure(path);
    const tokenCheck = route.token ? tokens.check(req.query.get('access_token')) : { ok: true as const };
    if (failure !== undefined) answer = { json: err(failure, FAULT_MESSAGES[failure] ?? 'simulated failure') };
    else if (!tokenCheck.ok) answer = { json: err(tokenCheck.errcode, tokenCheck.errmsg) };
    else if (parsed === undefined) answer = { json: err(47001, 'data format error') };
    else answer = await runSafely(() => route.run(req, (body = parsed)));
    if (path === '/cgi-bin/media/upload') body = describeUpload(req);
    else if (req.body.length > MAX_RECORDED_JSON) body = { size: req.body.length, note: 'body not kept (too large to record)' };
    journal.record({
      at: now(), method: req.method, path, query: req.query, body: parsed === undefined ? req.body.toString('utf8') : body,
      to: 'json' in answer ? answer.to : req.query.get('media_id') ?? undefined,
      response: 'json' in answer ? answer.json : { contentType: answer.file.contentType, size: answer.file.bytes.length },
      errcode: 'json' in answer ? Number(answer.json.errcode) : 0,
      ...('json' in answer && answer.duplicate ? { duplicate: true } : {}),
    });
    return httpAnswer(answer);
  }

  const messages = (path: string, to: string) => journal.delivered(path, to).map((c) => c.body as Body);

  return {
    handle,
    /** Its own HTTP server (tests): WECOM_API_BASE = the returned url. */
    listen: (port?: number, host?: string): Promise<Listening> => listen(handle, port, host),
    /** Koa middleware serving the simulator under `prefix` of our own app (sandbox). */
    middleware: (prefix = '/sim/wecom'): Middleware => mount(handle, prefix),
    /** Every recorded request, as it happens (for the sandbox console). */
    events: journal.events,

    expireToken: (): void => tokens.expire(),
    /** The next `n` calls to `path` answer 45009. */
    rateLimit: (path: string, n = 1): void => faults.fail(path, 45009, n),
    fail: (path: string, errcode: number, times = 1): void => faults.fail(path, errcode, times),
    /** The next `times` calls to `path` answer after `ms` (to make a client time out); they still take effect. */
    delay: (path: string, ms: number, times = 1): void => faults.delay(path, ms, times),
    /** Registers a file as if a member had sent it; `type` is a MIME type or image/voice/video/file. Returns its MediaId. */
    addMedia: (bytes: Uint8Array, type = 'image/jpeg', fileName = 'photo.jpg'): string => state.addMedia(bytes, type, fileName),
    mediaBytes: (mediaId: string): Buffer | undefined => state.media.get(mediaId)?.bytes,
    addUser: (user: SimUser): void => { state.users.set(user.userid, user); },
    addDepartment: (department: SimDepartment): void => { state.departments.set(department.id, department); },
    addChat: (chat: SimChat): void => { state.chats.set(chat.chatid, chat); },
    chat: (chatid: string): SimChat | undefined => state.chats.get(chatid),
    /** A response code as a template_card_event callback would carry it. */
    issueResponseCode: (): string => state.issueResponseCode(),
    tokensIssued: (): number => tokens.issued,

    /** Every recorded request in order (access_token, corpsecret and key left out of `query`). */
    sent: (): RecordedCall[] => journal.all(),
    calls: (path: string): RecordedCall[] => journal.byPath(normalizePath(path)),
    /** Bodies of message/send delivered to a member (failed calls and dropped repeats left out). */
    messagesTo: (userid: string): Body[] => journal
      .delivered('/cgi-bin/message/send')
      .filter((c) => String(c.to ?? '').split('|').includes(userid))
      .map((c) => c.body as Body),
    cardUpdatesFor: (userid: string): Body[] => journal
      .delivered('/cgi-bin/message/update_template_card')
      .filter((c) => String(c.to ?? '').split('|').includes(userid))
      .map((c) => c.body as Body),
    chatMessages: (chatid: string): Body[] => messages('/cgi-bin/appchat/send', chatid),
    robotMessages: (key: string): Body[] => messages('/cgi-bin/webhook/send', key),
    /** Forgets recorded requests and armed faults (state such as users, chats and media stays). */
    reset: (): void => { journal.clear(); faults.clear(); },
  };
}

/** A body shape no check foresaw must not take the simulator down: WeCom answers -1 to what it cannot handle. */
async function runSafely(run: () => Answer | Promise<Answer>): Promise<Answer> {
  try {
    return await run();
  } catch (e) {
    return { json: err(-1, `system error: ${(e as Error).message}`) };
  }
}


function describeUpload(req: SimRequest): Body {
  const part = req.parts?.find((p) => p.name === 'media');
  return { type: req.query.get('type'), fileName: part?.filename, contentType: part?.contentType, size: part?.data.length ?? 0 };
}
