/**
 * The composition root: opens the database, migrates, builds the services, the bot, the channels and the Koa app,
 * and starts the roles asked for. Only this file (and main.ts) knows every layer.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import type Router from '@koa/router';
import type { Agenda } from 'agenda';
import type { Config } from './config.ts';
import { createLogger, type Logger } from './log.ts';
import { openDatabase, type Database } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { createApp } from './http/app.ts';
import { healthRoutes } from './http/routes/health.ts';
import { seedStandardItems } from './services/standard-items.ts';
import { createAgenda } from './jobs/agenda.ts';

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
}

export interface RunningServer {
  config: Config;
  log: Logger;
  database: Database;
  app: Koa;
  /** http://127.0.0.1:PORT when the web role runs. */
  url?: string;
  agenda?: Agenda;
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

    const routers: Router[] = [healthRoutes(database)];
    const app = createApp({ log, routers });

    let url: string | undefined;
    if (roles.web) {
      const server = http.createServer(app.callback());
      server.keepAliveTimeout = 65_000;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.PORT, '0.0.0.0', () => resolve());
      });
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      stops.push(() => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }));
    }

    let agenda: Agenda | undefined;
    if (roles.worker) {
      agenda = createAgenda(database, log);
      await agenda.start();
      const a = agenda;
      stops.push(async () => { await a.stop(); });
    }

    let stopped = false;
    return {
      config, log, database, app, url, agenda,
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
