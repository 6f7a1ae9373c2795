/** Benchmark child: our real server (web + worker roles) on the PostgreSQL database in DATABASE_URL. Prints its URL. */
import { loadConfig } from '../../src/config.ts';
import { startServer } from '../../src/server.ts';

const server = await startServer({ config: loadConfig() });
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
process.on('SIGTERM', () => { void server.stop().then(() => process.exit(0)); });
