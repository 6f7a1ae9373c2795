/**
 * Benchmark child: the npm package `wechat` (node-webot) in its encrypted (safe) mode on a plain node:http server,
 * acknowledging every message with an empty 200 — the same work as our callback minus the database. Prints its URL.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';

type Handler = (req: http.IncomingMessage & { query?: unknown }, res: http.ServerResponse & { reply?: (s: string) => void }, next: (err?: unknown) => void) => void;
const wechat = createRequire(import.meta.url)('wechat') as (config: object, handle: Handler) => Handler;

const middleware = wechat(
  { token: process.env.BENCH_TOKEN, appid: process.env.BENCH_APP_ID, encodingAESKey: process.env.BENCH_AES_KEY },
  (_req, res) => res.reply!(''),
);
const server = http.createServer((req, res) => {
  (req as { query?: unknown }).query = Object.fromEntries(new URL(req.url ?? '/', 'http://localhost').searchParams);
  middleware(req, res, (err) => { res.statusCode = err ? 400 : 404; res.end(err ? String(err) : ''); });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })}\n`);
});
process.on('SIGTERM', () => { server.close(); server.closeAllConnections(); process.exit(0); });
