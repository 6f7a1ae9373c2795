/**
 * A simulated official-account server API for tests and the sandbox (platform-apis §3), beside the WeCom one and
 * built the same way: the real request and response shapes and error codes, every request recorded, faults on
 * demand (a code for the next N calls of a path, a late answer), the token expired at will. The account is a 服务号
 * or a 订阅号 (template messages refused with 48001). API groups are files listed in GROUPS (routes.ts says how).
 *
 *   const sim = createOfficialAccountSimulator(SANDBOX_OFFICIAL_ACCOUNT);
 *   const { url } = await sim.listen();                 // tests: WECHAT_API_BASE=url
 *   app.use(sim.middleware('/sim/wechat'));              // sandbox
 */
import type { Middleware } from 'koa';
import { clock } from '../../clock.ts';
import { Faults } from '../wecom/faults.ts';
import { httpAnswer, parseJsonBody } from '../answers.ts';
import { formParts, listen, mount, type Listening, type SimRequest, type SimResponse } from '../wecom/http.ts';
import { normalizePath, type RecordedCall } from '../wecom/journal.ts';
import { mediaApi } from './media-api.ts';
import { menuApi } from './menu-api.ts';
import { publishingApi } from './publishing-api.ts';
import { messageApi } from './message-api.ts';
import type { ApiGroup, Body, SimContext, SimRoutes } from './routes.ts';
import { fail, OfficialAccountState, type AccountKind, type Answer, type Follower } from './state.ts';
import { tokenApi } from './token-api.ts';
import { OfficialAccountTokens } from './tokens.ts';

/** The API groups served. Add a group here (one file each). */
const GROUPS: ApiGroup[] = [tokenApi, messageApi, mediaApi, menuApi, publishingApi];

export interface OfficialAccountSimulatorOptions {
  appId: string;
  secret: string;
  /** 服务号 (default) or 订阅号. */
  kind?: AccountKind;
  /** Template ids the account has registered. */
  templates?: string[];
  tokenTtlS?: number;
  now?: () => Date;
  /** More API groups (e.g. publishing) on top of GROUPS. */
  groups?: ApiGroup[];
}

export type OfficialAccountSimulator = ReturnType<typeof createOfficialAccountSimulator>;
export type { RecordedCall, Follower };

export function createOfficialAccountSimulator(opts: OfficialAccountSimulatorOptions) {
  const now = opts.now ?? (() => clock.now());
  const state = new OfficialAccountState(opts.kind ?? '服务号', now);
  for (const t of opts.templates ?? []) state.templates.add(t);
  const tokens = new OfficialAccountTokens(opts.tokenTtlS ?? 7200, now);
  const faults = new Faults();
  const { journal } = state;
  const context: SimContext = { state, tokens, appId: opts.appId, secret: opts.secret, now };
  const routes: SimRoutes = Object.assign({}, ...[...GROUPS, ...(opts.groups ?? [])].map((group) => group(context)));

  async function handle(given: SimRequest): Promise<SimResponse> {
    // media/upload: one file (media-api.ts answers one over 10 MB with WeChat's 40009), a few fields.
    const req: SimRequest = { ...given, parts: await formParts(given, { fileBytes: 20 * 1024 * 1024, totalBytes: 20 * 1024 * 1024, files: 1, fields: 5, fieldBytes: 1024, parts: 6 }) };
    const path = req.path;
    const route = routes[path];
    if (!route || route.method !== req.method) return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'not found' };
    const late = faults.takeDelay(path);
    if (late) await new Promise((r) => setTimeout(r, late));
    const parsed = parseJsonBody(req);
    const failure = faults.takeFailure(path);
    const tokenCheck = route.token ? tokens.check(req.query.get('access_token')) : { ok: true as const };
    let answer: Answer;
    if (failure !== undefined) answer = { json: fail(failure), to: recipient(parsed) };
    else if (!tokenCheck.ok) answer = { json: fail(tokenCheck.errcode), to: recipient(parsed) };
    else if (parsed === undefined) answer = { json: fail(47001) };
    else answer = runSafely(() => route.run(req, parsed));
    journal.record({
      at: now(), method: req.method, path, query: req.query,
      body: /multipart\/form-data/i.test(req.contentType) ? { upload: req.query.get('type'), size: req.body.length } : parsed ?? req.body.toString('utf8'),
      to: 'json' in answer ? answer.to : req.query.get('media_id') ?? undefined,
      response: 'json' in answer ? answer.json : { contentType: answer.file.contentType, size: answer.file.bytes.length },
      errcode: 'json' in answer ? Number(answer.json.errcode ?? 0) : 0,
      ...('json' in answer && answer.duplicate ? { duplicate: true } : {}),
    });
    return httpAnswer(answer);
  }

  const delivered = (path: string, to: string) => journal.delivered(path).filter((c) => c.to === to).map((c) => c.body as Body);

  return {
    handle,
    /** The context API groups share (for groups added later and their tests). */
    context,
    listen: (port?: number, host?: string): Promise<Listening> => listen(handle, port, host),
    middleware: (prefix = '/sim/wechat'): Middleware => mount(handle, prefix),
    events: journal.events,

    get kind(): AccountKind { return state.kind; },
    setKind: (kind: AccountKind): void => { state.kind = kind; },
    addTemplate: (id: string): void => { state.templates.add(id); },
    /** A follower who has not written yet (no window open). */
    addFollower: (openid: string): Follower => state.follower(openid),
    follower: (openid: string): Follower | undefined => state.followers.get(openid),
    /** The custom menu menu/create last set. */
    menu: (): Record<string, unknown>[] | undefined => state.menu,
    /** What the callback sender tells the platform: the user wrote (48-hour window) or acted (click, follow). */
    userWrote: (openid: string): void => state.userWrote(openid),
    userActed: (openid: string, event: string): void => state.userActed(openid, event),
    /** Registers a file as if a user had sent it; returns its MediaId. */
    addMedia: (bytes: Uint8Array, contentType = 'image/jpeg', fileName = 'photo.jpg'): string => state.addMedia(bytes, contentType, fileName),
    mediaBytes: (mediaId: string): Buffer | undefined => state.media.get(mediaId)?.bytes,

    expireToken: (): void => tokens.expire(),
    tokensIssued: (): number => tokens.issued,
    fail: (path: string, errcode: number, times = 1): void => faults.fail(path, errcode, times),
    rateLimit: (path: string, n = 1): void => faults.fail(path, 45009, n),
    delay: (path: string, ms: number, times = 1): void => faults.delay(path, ms, times),

    sent: (): RecordedCall[] => journal.all(),
    calls: (path: string): RecordedCall[] => journal.byPath(normalizePath(path)),
    /** Customer-service messages delivered to an openid. */
    customMessagesTo: (openid: string): Body[] => delivered('/cgi-bin/message/custom/send', openid),
    /** Template messages delivered to an openid (repeats dropped by client_msg_id left out). */
    templateMessagesTo: (openid: string): Body[] => delivered('/cgi-bin/message/template/send', openid),
    reset: (): void => { journal.clear(); faults.clear(); },
  };
}

function recipient(body: Body | undefined): string | undefined {
  return typeof body?.touser === 'string' ? body.touser : undefined;
}

function runSafely(run: () => Answer): Answer {
  try {
    return run();
  } catch (e) {
    return { json: { errcode: -1, errmsg: `system error: ${(e as Error).message}` } };
  }
}

