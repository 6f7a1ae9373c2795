/**
 * The composition root: opens the database, migrates, builds the services, the bot, the channels and the Koa app,
 * and starts the roles asked for. Only this file (and main.ts) knows every layer.
 */
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import type Router from '@koa/router';
import type { Agenda } from 'agenda';
import type { Config } from './config.ts';
import { createLogger, type Logger } from './log.ts';
import { openDatabase, type Database } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { createApp } from './http/app.ts';
import { createHttpServer, type HttpLimits } from './http/http-server.ts';
import { healthRoutes } from './http/routes/health.ts';
import { seedStandardItems } from './services/standard-items.ts';
import { createAgenda } from './jobs/agenda.ts';
import { defineJobs, scheduleJobs } from './jobs/runner.ts';
import { JOBS } from './jobs/index.ts';
import { apiCalendarRoutes } from './http/routes/api-calendar.ts';
import { AGENDA_TABLE } from './db/migrate.ts';
import { h5VisitRoutes } from './http/routes/h5-visits.ts';
import { apiVisitRoutes } from './http/routes/api-visits.ts';
import { h5NoticeRoutes } from './http/routes/h5-notices.ts';
import { apiNoticeRoutes } from './http/routes/api-notices.ts';
import { loadLinkSecret } from './services/links.ts';
import { InboxProcessor, type InboxDispatch } from './channels/inbox-processor.ts';
import { createWecomCallback, wecomCallbackRoutes } from './channels/wecom/callback.ts';
import { wecomCallbackFast, type FastHandler } from './channels/wecom/callback-fast.ts';
import { SANDBOX_WECOM } from './simulators/wecom/credentials.ts';
import { createWecomSimulator, type WecomSimulator } from './simulators/wecom/api.ts';
import { WecomApi } from './channels/wecom/api.ts';
import { wecomSenders } from './channels/wecom/senders.ts';
import { Dispatcher } from './channels/dispatcher.ts';
import { createSandboxConsole } from './sandbox/index.ts';
import { wechatyRooms } from './sandbox/adapters.ts';
import { simulatedDirectory } from './sandbox/simulated-corp.ts';
import { sandboxHostGuard } from './sandbox/host-guard.ts';
import type { WecomCredentials } from './simulators/wecom/credentials.ts';
import { apiAuthRoutes } from './http/routes/api-auth.ts';
import { LoginThrottle } from './services/login-throttle.ts';
import { apiImportRoutes } from './http/routes/api-import.ts';
import { apiOrgRoutes } from './http/routes/api-org.ts';
import { loadDemoIfEmpty } from './services/demo.ts';
import { apiBindCodeRoutes } from './http/routes/api-bind-codes.ts';
import { h5MessageRoutes } from './http/routes/h5-messages.ts';
import { outboxRoutes } from './http/routes/api-outbox.ts';
import { adminRoutes } from './http/routes/admin.ts';
import { apiInboxRoutes } from './http/routes/api-inbox.ts';
import { requireAdmin } from './http/middleware/auth.ts';
import { createBot } from './chat/index.ts';
import { InboxSpool } from './channels/inbox-spool.ts';
import type { InboundMessage, OutboxChannel } from './domain/messages.ts';
import { store as storeInbound } from './services/inbox.ts';
import { personByChannelId } from './services/directory.ts';
import { downloadWecomMedia } from './channels/wecom/media.ts';
import { apiMeetingRoutes } from './http/routes/api-meetings.ts';
import { groupSenders, type GroupChannel } from './channels/groups/group-channel.ts';
import { appchatGroup } from './channels/groups/appchat.ts';
import { robotGroup } from './channels/groups/robot.ts';
import type { WechatyChannel } from './channels/wechaty/wechaty-channel.ts';
import type { WechatyMockWorld } from './simulators/wechaty/mock-world.ts';
import type { Channel } from './channels/channel.ts';
import type { Senders } from './channels/sender.ts';
import { officialAccountChannel } from './channels/official-account/index.ts';
import type { OfficialAccountApi } from './channels/official-account/api.ts';
import { SANDBOX_OFFICIAL_ACCOUNT, type OfficialAccountCredentials } from './simulators/official-account/credentials.ts';
import { createOfficialAccountSimulator, type OfficialAccountSimulator } from './simulators/official-account/api.ts';
import { OfficialAccountCallbackSender } from './simulators/official-account/callbacks.ts';
import { publishingOf } from './simulators/official-account/publishing-api.ts';
import { handlePublishFinish, isPublishFinish, publisherSenders } from './channels/official-account/publisher.ts';
import { apiReportRoutes } from './http/routes/api-reports.ts';
import { publicReportRoutes } from './http/routes/public-reports.ts';

export interface Roles {
  web: boolean;
  worker: boolean;
}

export interface ServerOptions {
  config: Config;
  roles?: Roles;
  log?: Logger;
  /** An already open database (tests pass their own); otherwise one is opened from the config. */
  database?: Database;
  /** Handles each stored inbound message; the default is the chat layer's bot.dispatch. */
  dispatch?: InboxDispatch;
  /** Request/header timeouts and the connection cap of the HTTP server (tests shorten them); see http/http-server.ts. */
  httpLimits?: Partial<HttpLimits>;
}

export interface RunningServer {
  config: Config;
  log: Logger;
  database: Database;
  app: Koa;
  /** http://127.0.0.1:PORT when the web role runs. */
  url?: string;
  agenda?: Agenda;
  /** Hands stored inbound messages to dispatch, in order per sender. */
  inbox: InboxProcessor;
  /** The WeCom API client, when WeCom is configured or simulated. */
  wecomApi?: WecomApi;
  /** Sends the outbox; `kick()` sends a fresh chat reply at once instead of at the next poll. */
  dispatcher?: Dispatcher;
  /** The simulated WeCom API mounted at /sim/wecom in sandbox mode. */
  wecomSimulator?: WecomSimulator;
  /** The personal-WeChat channel, when WECHATY_PUPPET is set (or the sandbox runs its mock), in the worker role. */
  wechaty?: WechatyChannel;
  /** The mock personal-WeChat world behind it when the puppet is wechaty-puppet-mock. */
  wechatyWorld?: WechatyMockWorld;
  /** The official-account API client, when the account is configured or simulated. */
  officialAccountApi?: OfficialAccountApi;
  /** The simulated official-account API mounted at /sim/wechat in sandbox mode. */
  officialAccountSimulator?: OfficialAccountSimulator;
  /** The channels besides WeCom (the official account …), as composed here. */
  channels: Channel[];
  stop(): Promise<void>;
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const { config } = opts;
  const roles = opts.roles ?? { web: true, worker: true };
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const database = opts.database ?? (await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR }));
  const stops: (() => Promise<void>)[] = [];
  try {
    await migrate(database);
    await seedStandardItems(database.db);
    await loadLinkSecret(database.db, config.LINK_SECRET);
    if (config.sandbox) {
      const demo = await database.withLock(DEMO_LOCK, () => loadDemoIfEmpty(database.db));
      if (demo) log.info({ office: demo.office.name, sheets: demo.sheets }, 'sandbox: demo district loaded (console login admin / dudao-sandbox)');
    }

    // Filled in as the roles start; the closures below read them when they are called, not now.
    let url: string | undefined;
    let agenda: Agenda | undefined;
    let dispatcher: Dispatcher | undefined;
    /** Links in messages: PUBLIC_BASE_URL, or (a sandbox without it) the address we actually listen on. */
    const baseUrl = () => (config.PUBLIC_BASE_URL ? config.publicBaseUrl : url ?? config.publicBaseUrl);
    // The WeCom API client needs the web server's own address in the sandbox; the bot asks for it only when a photo comes.
    let wecomApi: WecomApi | undefined;
    // The channels other than WeCom; each brings its callback routes, its senders and its steps around the bot.
    const channels: Channel[] = [];
    const channelOf = (name: InboundMessage['channel']) => channels.find((c) => c.name === name);
    const bot = createBot({
      db: database.db,
      get baseUrl() { return baseUrl(); },
      log,
      resolvePerson: (channel, platformId) => personByChannelId(database.db, channel, platformId),
      fetchMedia: async (channel, mediaId) => {
        const other = channelOf(channel);
        if (other?.fetchMedia) return other.fetchMedia(mediaId);
        if (channel !== 'wecom' || !wecomApi) throw new Error(`no media download for channel ${channel}`);
        return (await downloadWecomMedia(wecomApi, database.db, config.DATA_DIR, mediaId)).id;
      },
    });
    const handle: InboxDispatch = opts.dispatch ?? ((msg, ctx) => bot.dispatch(msg, ctx));
    const dispatchInbound: InboxDispatch = async (msg, ctx) => {
      // PUBLISHJOBFINISH is the platform's notice about a report being published, not a person's message.
      if (isPublishFinish(msg)) return handlePublishFinish(database.db, msg);
      await channelOf(msg.channel)?.beforeDispatch?.(msg);
      await handle(msg, ctx);
    };
    // Handled messages have queued their replies: send them now rather than at the next poll (one kick per step).
    const inbox = new InboxProcessor({ database, log, dispatch: dispatchInbound, onHandled: () => dispatcher?.kick() });
    stops.push(() => inbox.stop());
    // Personal-WeChat groups: one logged-in account, so only the worker runs it. Its texts go to the inbox.
    const wechatyPuppet = config.WECHATY_PUPPET ?? (config.sandbox ? MOCK_PUPPET : undefined);
    let wechaty: WechatyChannel | undefined;
    let wechatyWorld: WechatyMockWorld | undefined;
    if (roles.worker && wechatyPuppet) {
      const { WechatyChannel: Channel } = await import('./channels/wechaty/wechaty-channel.ts');
      if (wechatyPuppet === MOCK_PUPPET) {
        const { WechatyMockWorld: World } = await import('./simulators/wechaty/mock-world.ts');
        const { seedWechatyWorld } = await import('./simulators/wechaty/seed.ts');
        wechatyWorld = new World();
        await seedWechatyWorld(database.db, wechatyWorld);
      }
      wechaty = new Channel({
        puppet: wechatyWorld ? wechatyWorld.puppet : wechatyPuppet,
        token: config.WECHATY_PUPPET_SERVICE_TOKEN,
        log,
        receive: async (msg) => {
          const stored = await storeInbound(database.db, msg);
          if (stored.isNew) inbox.kick(msg.from);
        },
      });
      try {
        await wechaty.start();
        if (wechatyWorld) await wechatyWorld.login();
        const w = wechaty;
        stops.push(() => w.stop());
      } catch (err) {
        // An unofficial puppet that cannot start must not take the server down: its rooms' messages wait.
        log.error({ err: (err as Error).message, puppet: wechatyPuppet }, 'wechaty did not start; personal-WeChat groups are off');
        await wechaty.stop();
        wechaty = undefined;
      }
    }
    const routers: Router[] = [healthRoutes(database)];
    routers.push(h5VisitRoutes({ db: database.db, dataDir: config.DATA_DIR }), apiVisitRoutes(database));
    routers.push(h5NoticeRoutes({ db: database.db, dataDir: config.DATA_DIR }), apiNoticeRoutes(database));
    // One throttle for both sign-in doors (POST /api/login and the console's form): the same counts apply.
    const loginThrottle = new LoginThrottle(database.pool);
    routers.push(apiAuthRoutes(database, loginThrottle), apiImportRoutes(database), apiOrgRoutes(database));
    routers.push(outboxRoutes(database, requireAdmin(database)), apiMeetingRoutes(database));
    routers.push(apiReportRoutes(database, config.DATA_DIR), publicReportRoutes({ db: database.db, dataDir: config.DATA_DIR }));
    routers.push(apiCalendarRoutes({ database, jobs: JOBS, agendaTable: AGENDA_TABLE }));
    routers.push(apiBindCodeRoutes(database), h5MessageRoutes(database.db));
    routers.push(adminRoutes({ database, loginThrottle, kickDispatcher: () => dispatcher?.kick(), dataDir: config.DATA_DIR, jobs: JOBS, agendaTable: AGENDA_TABLE }));
    const wecom = wecomCallbackApp(config);
    // Callbacks that arrive while the database is away wait here (DATA_DIR/spool) and are moved into the inbox later.
    // A row the callback stored leased to this process is adopted by its processor (no lease written for it).
    const onStored = (id: number, msg: InboundMessage, leased?: boolean) => (leased ? inbox.adopt(id, msg) : inbox.kick(msg.from));
    const quarantineDir = path.join(config.DATA_DIR, 'spool', 'quarantine');
    const spool = new InboxSpool({ dir: path.join(config.DATA_DIR, 'spool', 'inbox'), quarantineDir, log, store: (msg) => storeInbound(database.db, msg), onStored });
    routers.push(apiInboxRoutes(database, quarantineDir));
    spool.start();
    stops.push(() => spool.stop());
    const wecomCallback = wecom ? createWecomCallback({ config, app: wecom, log, database, spool, onStored, leaseMs: inbox.leaseMs }) : undefined;
    if (wecomCallback) routers.push(wecomCallbackRoutes(wecomCallback));
    const account = officialAccountApp(config);
    const officialAccount = account
      ? officialAccountChannel({ config, app: account, database, log, spool, onStored, baseUrl, apiBase: officialAccountApiBase(config, () => url) })
      : undefined;
    if (officialAccount) channels.push(officialAccount);
    for (const channel of channels) routers.push(...channel.routers);
    // GET/POST /wecom/callback, the busiest path, is answered outside Koa's middleware stack (same answers).
    const fast: FastHandler | undefined = wecomCallback ? wecomCallbackFast(wecomCallback, log) : undefined;
    const app = createApp({ log, routers, publicBaseUrl: config.PUBLIC_BASE_URL });
    // The simulated corp's directory (user/get, department/list …) is our own people and zones.
    const wecomSimulator = config.sandbox ? createWecomSimulator({ ...wecomCredentials(config)!, directory: () => simulatedDirectory(database.db) }) : undefined;
    // Only for names a rebinding page cannot use: an IP address, localhost, PUBLIC_BASE_URL's host.
    if (config.sandbox) app.use(sandboxHostGuard({ publicBaseUrl: config.PUBLIC_BASE_URL }));
    if (wecomSimulator) app.use(wecomSimulator.middleware(WECOM_SIM_PREFIX));
    const officialAccountSimulator = config.sandbox && account
      ? createOfficialAccountSimulator({ appId: account.appId, secret: account.secret })
      : undefined;
    if (officialAccountSimulator) app.use(officialAccountSimulator.middleware(OA_SIM_PREFIX));
    if (officialAccountSimulator && account?.aesKey) {
      // The sandbox's platform finishes each publish job a moment after it is submitted and pushes PUBLISHJOBFINISH.
      const publishing = publishingOf(officialAccountSimulator.context.state, () => account.originalId);
      publishing.onSubmitted = (job) => {
        const timer = setTimeout(() => {
          if (!url) return;
          const events = new OfficialAccountCallbackSender({
            baseUrl: url, appId: account.appId, token: account.token, aesKey: account.aesKey, originalId: account.originalId, mode: 'safe',
          });
          void events.sendXml(publishing.finish(job.publishId)).catch((err) => log.warn({ err }, 'sandbox: PUBLISHJOBFINISH not delivered'));
        }, SANDBOX_PUBLISH_MS);
        timer.unref();
      };
    }
    // The sandbox console (/sandbox): acts as people through the simulator; mounted only in sandbox mode.
    const sandbox = wecomSimulator
      ? await createSandboxConsole({
        database, log, wecom: { simulator: wecomSimulator, app: sandboxWecomApp(config) },
        rooms: wechatyWorld ? wechatyRooms(wechatyWorld) : undefined,
        officialAccount: officialAccountSimulator && account ? { simulator: officialAccountSimulator, app: account } : undefined,
        selfUrl: () => url ?? config.publicBaseUrl,
        baseUrl,
        agenda: () => agenda,
        kickDispatcher: () => dispatcher?.kick(),
      })
      : undefined;
    if (sandbox) {
      app.use(sandbox.router.routes()).use(sandbox.router.allowedMethods());
      stops.push(async () => sandbox.stop());
    }

    if (roles.web) {
      const koa = app.callback();
      const server = createHttpServer(fast ? (req, res) => { if (!fast(req, res)) void koa(req, res); } : koa, opts.httpLimits);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.PORT, config.listenHost, () => resolve());
      });
      url = `http://${selfHost(config.listenHost)}:${(server.address() as AddressInfo).port}`;
      stops.push(() => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }));
    }

    wecomApi = wecomApiFor(config, database, log, url);
    // The zone groups: WeCom app group chats and group robots (with WeCom), and personal-WeChat rooms (wechaty).
    const groups: GroupChannel[] = wechaty ? [wechaty] : [];
    if (wecomApi) {
      const wecomOpts = { api: wecomApi, db: database.db, dataDir: config.DATA_DIR };
      groups.push(appchatGroup(wecomOpts), robotGroup(wecomOpts));
    }
    const oaApi = channels.flatMap((c) => ('api' in c ? [c.api as OfficialAccountApi] : []))[0];
    const senders: Senders = Object.assign(
      wecomApi ? wecomSenders({ api: wecomApi, db: database.db, dataDir: config.DATA_DIR }) : {},
      groupSenders(groups),
      ...channels.map((c) => c.senders),
      // Reports published on the official account ('wechat.publish').
      oaApi ? publisherSenders({ api: oaApi, db: database.db, dataDir: config.DATA_DIR, baseUrl }) : {},
    );
    if (Object.keys(senders).length > 0) {
      // The worker polls; a web-only process sends only when kicked (a chat reply), the worker retries the rest.
      // A web-only process leaves the personal-WeChat rows to the worker, which runs that channel.
      const sentElsewhere: OutboxChannel[] = !roles.worker && wechatyPuppet ? ['wechaty'] : [];
      dispatcher = new Dispatcher({ database, senders, log, pollMs: roles.worker ? 500 : Infinity, leaseMs: config.OUTBOX_LEASE_MS, sentElsewhere });
      dispatcher.start();
      const d = dispatcher;
      stops.push(() => d.stop());
    }

    if (roles.worker || sandbox) {
      // The worker runs the jobs (JOBS, by their cron); a web-only sandbox uses Agenda only to ask a worker to run the
      // firings its clock jumps over.
      const a = createAgenda(database, log, { lockLifetimeMs: config.JOB_LOCK_MS });
      agenda = a;
      if (roles.worker) {
        defineJobs(a, { db: database.db, log, baseUrl, retryMs: config.JOB_RETRY_MS });
        await a.start();
        await scheduleJobs(a);
        inbox.startSweep();
      }
      stops.push(async () => { await a.stop(); });
    }

    let stopped = false;
    return {
      config, log, database, app, url, agenda, inbox, wecomApi, dispatcher, wecomSimulator, officialAccountSimulator, channels,
      officialAccountApi: officialAccount?.api, wechaty, wechatyWorld,
      async stop() {
        if (stopped) return;
        stopped = true;
        for (const stop of stops.reverse()) await stop().catch((err) => log.warn({ err }, 'stop step failed'));
        if (!opts.database) await database.close();
      },
    };
  } catch (err) {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    if (!opts.database) await database.close().catch(() => {});
    throw err;
  }
}

/** The WeCom app whose callbacks we accept: the configured one, or the sandbox's fixed one. */
function wecomCallbackApp(config: Config): { corpId: string; token: string; aesKey: string } | undefined {
  if (config.wecomConfigured) return { corpId: config.WECOM_CORP_ID!, token: config.WECOM_TOKEN!, aesKey: config.WECOM_AES_KEY! };
  return config.sandbox ? SANDBOX_WECOM : undefined;
}

/** How this process reaches itself: loopback when listening on every address, else the address it listens on. */
function selfHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

const WECOM_SIM_PREFIX = '/sim/wecom';
/** The in-memory puppet the sandbox and the tests run personal-WeChat groups on. */
const MOCK_PUPPET = 'wechaty-puppet-mock';
const OA_SIM_PREFIX = '/sim/wechat';
/** How long the sandbox's platform takes to finish a publish job. */
const SANDBOX_PUBLISH_MS = 1_500;
const OA_DEFAULT_API_BASE = 'https://api.weixin.qq.com';

/** The official account: the configured one (no WECHAT_AES_KEY = plain mode), or in the sandbox the simulated one. */
function officialAccountApp(config: Config): (OfficialAccountCredentials & { aesKey?: string }) | undefined {
  if (config.wechatConfigured) {
    return { appId: config.WECHAT_APP_ID!, secret: config.WECHAT_APP_SECRET!, token: config.WECHAT_TOKEN!, aesKey: config.WECHAT_AES_KEY, originalId: '' };
  }
  return config.sandbox ? SANDBOX_OFFICIAL_ACCOUNT : undefined;
}

/** In the sandbox, unless WECHAT_API_BASE names another server, the API is the simulator mounted on our own app. */
function officialAccountApiBase(config: Config, url: () => string | undefined): string | (() => string) {
  const simulated = config.sandbox && config.WECHAT_API_BASE.replace(/\/$/, '') === OA_DEFAULT_API_BASE;
  return simulated ? () => `${url() ?? config.publicBaseUrl}${OA_SIM_PREFIX}` : config.WECHAT_API_BASE;
}
/** Advisory-lock key so two sandbox processes starting together load the demo district once. */
const DEMO_LOCK = 7_220_612;
const WECOM_DEFAULT_API_BASE = 'https://qyapi.weixin.qq.com';

/** The WeCom app we send as: the configured one, or in the sandbox the simulated one. */
function wecomCredentials(config: Config): { corpId: string; agentId: number; secret: string } | undefined {
  if (config.wecomConfigured) return { corpId: config.WECOM_CORP_ID!, agentId: config.WECOM_AGENT_ID!, secret: config.WECOM_SECRET! };
  return config.sandbox ? SANDBOX_WECOM : undefined;
}

/** In the sandbox, unless WECOM_API_BASE names another server, the API is the simulator mounted on our own app. */
function wecomApiFor(config: Config, database: Database, log: Logger, url?: string): WecomApi | undefined {
  const credentials = wecomCredentials(config);
  if (!credentials) return undefined;
  const simulated = config.sandbox && config.WECOM_API_BASE.replace(/\/$/, '') === WECOM_DEFAULT_API_BASE;
  const baseUrl = simulated ? `${url ?? config.publicBaseUrl}${WECOM_SIM_PREFIX}` : config.WECOM_API_BASE;
  return new WecomApi({ ...credentials, baseUrl, database, log });
}

/** The WeCom app the sandbox console acts towards: the configured one (SANDBOX=1 with credentials), or the sandbox's. */
function sandboxWecomApp(config: Config): WecomCredentials {
  if (!config.wecomConfigured) return SANDBOX_WECOM;
  return { corpId: config.WECOM_CORP_ID!, agentId: config.WECOM_AGENT_ID!, secret: config.WECOM_SECRET!, token: config.WECOM_TOKEN!, aesKey: config.WECOM_AES_KEY! };
}

