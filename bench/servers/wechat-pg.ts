/**
 * Benchmark child: the peer a user would actually write — `wechat` (node-webot) in encrypted mode on node:http, and
 * before each reply one INSERT of the message into PostgreSQL (a pg.Pool of 10, synchronous commit, ON CONFLICT
 * (msg_id) DO NOTHING), then an empty 200. No processing after it. Prints its URL.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import pg from 'pg';

type Message = { MsgId?: string; FromUserName?: string; CreateTime?: string; Content?: string };
type Handler = (req: http.IncomingMessage & { query?: unknown; weixin?: Message }, res: http.ServerResponse & { reply?: (s: string) => void }, next: (err?: unknown) => void) => void;
const wechat = createRequire(import.meta.url)('wechat') as (config: object, handle: Handler) => Handler;

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
await pool.query(`create table if not exists peer_inbox (
  msg_id text primary key, sender text not null, created_at bigint not null, content text, received_at timestamptz not null default now())`);

const middleware = wechat(
  { token: process.env.BENCH_TOKEN, appid: process.env.BENCH_APP_ID, encodingAESKey: process.env.BENCH_AES_KEY },
  (req, res) => {
    const m = req.weixin ?? {};
    pool.query('insert into peer_inbox (msg_id, sender, created_at, content) values ($1, $2, $3, $4) on conflict (msg_id) do nothing',
      [m.MsgId, m.FromUserName, Number(m.CreateTime), m.Content])
      .then(() => res.reply!(''), () => { res.statusCode = 500; res.end(); });
  },
);
const server = http.createServer((req, res) => {
  (req as { query?: unknown }).query = Object.fromEntries(new URL(req.url ?? '/', 'http://localhost').searchParams);
  middleware(req, res, (err) => { res.statusCode = err ? 400 : 404; res.end(err ? String(err) : ''); });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })}\n`);
});
process.on('SIGTERM', () => { server.close(); server.closeAllConnections(); void pool.end().then(() => process.exit(0)); });
