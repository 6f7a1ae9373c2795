/** Boots the real server (web + worker roles) on a fresh PostgreSQL database and a free port. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { startServer, type RunningServer, type Roles, type ServerOptions } from '../../src/server.ts';
import { freshDatabaseUrl } from './db.ts';

export interface TestServer extends RunningServer {
  url: string;
  dataDir: string;
}

/** `options` passes what the environment cannot, e.g. a recording `dispatch` in channel tests. */
export async function startTestServer(
  env: Record<string, string> = {},
  roles?: Roles,
  options: Pick<ServerOptions, 'dispatch' | 'httpLimits' | 'database'> & { databaseUrl?: string } = {},
): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dudao-test-'));
  const config: Config = loadConfig({
    PORT: '0',
    DATA_DIR: dataDir,
    DATABASE_URL: options.databaseUrl ?? (await freshDatabaseUrl()),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // Agenda keeps a timer of half the lock lifetime per job run (its liveness check), which would hold jest open.
    JOB_LOCK_MS: '4000',
    JOB_RETRY_MS: '300',
    ...env,
  });
  const { databaseUrl: _url, ...serverOptions } = options;
  const server = await startServer({ ...serverOptions, config, roles, log: createLogger(config.LOG_LEVEL) });
  const stop = server.stop;
  return {
    ...server,
    url: server.url!,
    dataDir,
    async stop() {
      await stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
