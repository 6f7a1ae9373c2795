/**
 * The sandbox console, put together: the feed follows the simulated WeCom, the routes serve /sandbox, callbacks go
 * to our own /wecom/callback, and a clock jump runs the scheduled work it passed over and wakes the dispatcher.
 * server.ts calls this only when config.sandbox is true.
 */
import type Router from '@koa/router';
import type { Agenda } from 'agenda';
import type { Database } from '../db/client.ts';
import type { Logger } from '../log.ts';
import { runDueAgendaJobs, runDueWork } from '../jobs/due-work.ts';
import type { WecomSimulator } from '../simulators/wecom/api.ts';
import { WecomCallbackSender } from '../simulators/wecom/callbacks.ts';
import type { WecomCredentials } from '../simulators/wecom/credentials.ts';
import { wecomCallbacks, wecomPlatform } from './adapters.ts';
import { SandboxFeed } from './feed.ts';
import type { CallbackDelivery, SimulatedRooms } from './platform.ts';
import { sandboxRoutes } from './routes.ts';
import { seedSimulatedCorp } from './simulated-corp.ts';

export interface SandboxConsoleOptions {
  database: Database;
  log: Logger;
  wecom: { simulator: WecomSimulator; app: WecomCredentials };
  /** The personal-WeChat rooms, when wechaty runs on the mock puppet. */
  rooms?: SimulatedRooms;
  /** Our own address (known once the server listens): callbacks are POSTed to <selfUrl>/wecom/callback. */
  selfUrl(): string;
  /** The public address used in card links (known once the server listens when PORT is 0). */
  baseUrl(): string;
  /** Present in the worker role: recurring jobs the clock passed are run at once. */
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
  const router = sandboxRoutes({
    feed,
    platform: wecomPlatform(opts.wecom.simulator),
    rooms: opts.rooms,
    callbacks: {
      sendText: (from, text) => lazyCallbacks().sendText(from, text),
      sendImage: (from, mediaId) => lazyCallbacks().sendImage(from, mediaId),
      sendCardEvent: (from, tap) => lazyCallbacks().sendCardEvent(from, tap),
    },
    async afterClockMove(from, to) {
      const ran = await runDueWork({ db: opts.database.db, baseUrl: opts.baseUrl(), log: opts.log }, from, to);
      const agenda = opts.agenda?.();
      if (agenda) ran.push(...(await runDueAgendaJobs(agenda, to)));
      opts.kickDispatcher?.();
      opts.log.info({ from, to, ran }, 'sandbox clock moved');
      return ran;
    },
  });
  return { router, feed, stop: () => feed.stop() };
}
