/**
 * Benchmark child: our real server (web + worker roles) on the PostgreSQL database in DATABASE_URL. Prints its URL.
 * The callback path (verify, decrypt, parse, inbox commit, ack) and the inbox processor run as in production; the
 * chat layer behind it is replaced by a no-op, so the figures are the channel's, not the conversation's.
 */
import { loadConfig } from '../../src/config.ts';
import { startServer } from '../../src/server.ts';

const server = await startServer({ config: loadConfig(), dispatch: async () => {} });
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
process.on('SIGTERM', () => { void server.stop().then(() => process.exit(0)); });
