/**
 * The sandbox console, put together: the feed follows the simulated WeCom, the routes serve /sandbox, callbacks go
 * to our own /wecom/callback, and a clock jump runs, through Agenda, each job firing it passed over and wakes the
 * dispatcher.
 * server.ts calls this only when config.sandbox is true.
 */
import type Router from '@koa/router';
import type { Agenda } from 'agenda';
import type { Database } from '../db/client.ts';
import type { Logger } from '../log.ts';
import { runJumpedOver } from '../jobs/runner.ts';
import type { WecomSimulator } from '../simulators/wecom/api.ts';
import { WecomCallbackSender } from '../simulators/wecom/callbacks.ts';
import type { WecomCredentials } from '../simulators/wecom/credentials.ts';
import { followerCallbacks, officialAccountPlatform, wecomCallbacks, wecomPlatform } from './adapters.ts';
import type { OfficialAccountSimulator } from '../simulators/official-account/api.ts';
import { OfficialAccountCallbackSender } from '../simulators/official-account/callbacks.ts';
import type { OfficialAccountCredentials } from '../simulators/official-account/credentials.ts';
import { seedSimulatedAccount } from './simulated-account.ts';
import { issueBindCodes } from '../services/bind-codes.ts';
import { personById } from '../services/directory.ts';
import { clock } from '../clock.ts';
import { SandboxFeed } from './feed.ts';
import type { CallbackDelivery, FollowerDelivery, SimulatedRooms } from './platform.ts';
import { sandboxRoutes } from './routes.ts';
import { seedSimulatedCorp } from './simulated-corp.ts';

export interface SandboxConsoleOptions {
  database: Database;
  log: Logger;
  wecom: { simulator: WecomSimulator; app: WecomCredentials };
  /** The personal-WeChat rooms, when wechaty runs on the mock puppet. */
  rooms?: SimulatedRooms;
  /** The simulated official account and the account our server runs with (safe mode when it has an AES key). */
  officialAccount?: { simulator: OfficialAccountSimulator; app: OfficialAccountCredentials };
  /** Our own address (known once the server listens): callbacks are POSTed to <selfUrl>/wecom/callback. */
  selfUrl(): string;
  /** The public address used in card links (known once the server listens when PORT is 0). */
  baseUrl(): string;
  /** Agenda on our database: each job firing a clock jump passes over is run through it, in time order. */
  agenda?(): Agenda | undefined;
  /** Wakes the outbox dispatcher so what the jobs queued goes out now. */
  kickDispatcher?(): void;
}

export interface SandboxConsole {
  router: Router;
  feed: SandboxFeed;
  stop(): void;
}

export async function createSandboxConsole(opts: SandboxConsoleOptions): Promise<SandboxConsole> {
  await seedSimulatedCorp(opts.database.db, opts.wecom.simulator);
  const feed = new SandboxFeed(opts.database.db, { rooms: !!opts.rooms });
  await feed.follow(wecomPlatform(opts.wecom.simulator));
  if (opts.rooms) await feed.followRooms(opts.rooms);
  let callbacks: CallbackDelivery | undefined;
  const lazyCallbacks = (): CallbackDelivery => {
    const { app } = opts.wecom;
    callbacks ??= wecomCallbacks(new WecomCallbackSender({ baseUrl: opts.selfUrl(), ...app, retries: 0 }));
    return callbacks;
  };
  const oa = opts.officialAccount;
  let follower: FollowerDelivery | undefined;
  if (oa) {
    await seedSimulatedAccount(opts.database.db, oa.simulator);
    await feed.follow(officialAccountPlatform(oa.simulator));
  }
  const lazyFollower = (): FollowerDelivery => {
    follower ??= followerCallbacks(new OfficialAccountCallbackSender({
      baseUrl: opts.selfUrl(), ...oa!.app, mode: oa!.app.aesKey ? 'safe' : 'plain', retries: 0, platform: oa!.simulator,
    }));
    return follower;
  };
  const router = sandboxRoutes({
    feed,
    async issueBindCode(personId) {
      const person = await personById(opts.database.db, personId);
      const [issued] = await issueBindCodes(opts.database.db, person!.officeId, 'sandbox', clock.now(), [personId]);
      return issued!.code;
    },
    platform: wecomPlatform(opts.wecom.simulator),
    rooms: opts.rooms,
    officialAccount: oa && {
      platform: officialAccountPlatform(oa.simulator),
      callbacks: {
        sendText: (openid, text) => lazyFollower().sendText(openid, text),
        sendImage: (openid, mediaId) => lazyFollower().sendImage(openid, mediaId),
        click: (openid, key) => lazyFollower().click(openid, key),
      },
    },
    callbacks: {
      sendText: (from, text) => lazyCallbacks().sendText(from, text),
      sendImage: (from, mediaId) => lazyCallbacks().sendImage(from, mediaId),
      sendCardEvent: (from, tap) => lazyCallbacks().sendCardEvent(from, tap),
    },
    async afterClockMove(from, to) {
      const agenda = opts.agenda?.();
      const ran = agenda ? await runJumpedOver(agenda, from, to) : [];
      opts.kickDispatcher?.();
      const failed = ran.filter((r) => !r.ok);
      if (failed.length) opts.log.warn({ failed }, 'sandbox clock: some jobs failed (GET /api/jobs shows them; Agenda retries them)');
      opts.log.info({ from, to, firings: ran.length }, 'sandbox clock moved');
      return [...new Set(ran.map((r) => r.name))];
    },
  });
  return { router, feed, stop: () => feed.stop() };
}
