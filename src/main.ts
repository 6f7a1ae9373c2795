/**
 * Entry point. `npm start` runs the web and worker roles in one process; `--role=web` or `--role=worker` runs one
 * (the Procfile's web: and worker: lines).
 */
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './log.ts';
import { DataDirLockedError } from './db/dir-lock.ts';
import { startServer, type Roles } from './server.ts';

function parseRoles(argv: string[]): Roles {
  const arg = argv.find((a) => a.startsWith('--role='))?.slice('--role='.length);
  if (!arg || arg === 'all') return { web: true, worker: true };
  if (arg === 'web') return { web: true, worker: false };
  if (arg === 'worker') return { web: false, worker: true };
  throw new ConfigError([`--role must be web, worker or all (got "${arg}")`]);
}

async function main() {
  const config = loadConfig();
  const roles = parseRoles(process.argv.slice(2));
  const log = createLogger(config.LOG_LEVEL);
  const server = await startServer({ config, roles, log });
  const where = config.DATABASE_URL ? 'PostgreSQL' : `embedded PGlite in ${config.DATA_DIR}`;
  log.info({ roles, database: server.database.kind }, `督导通 started on ${where}`);
  if (server.url) {
    console.log(`督导通 is listening on ${config.publicBaseUrl} (port ${config.PORT}); health: ${config.publicBaseUrl}/healthz`);
    if (config.sandbox) console.log(`Sandbox console: ${config.publicBaseUrl}/sandbox`);
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof DataDirLockedError) {
    console.error(err.message);
    process.exit(2);
  }
  console.error('督导通 failed to start:', err);
  process.exit(1);
});
