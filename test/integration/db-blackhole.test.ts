/**
 * Connections that go dead without a word (their packets vanish) must not hang the callbacks: the pool's read timeout
 * closes them, new connections take over, and every callback is answered in time meanwhile (stored, or spooled and
 * stored later). PostgreSQL is reached through a TCP proxy that black-holes the connections open at one moment.
 */
import { openDatabase, type Database } from '../../src/db/client.ts';
import type { InboundMessage } from '../../src/domain/messages.ts';
import { WecomCallbackSender } from '../../src/simulators/wecom/callbacks.ts';
import { freshDatabaseUrl } from '../helpers/db.ts';
import { waitFor } from '../helpers/process.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';
import { V3, WECOM_ENV } from '../helpers/wecom.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

let proxy: TcpProxy;
let database: Database;
let server: RunningServer;
let dataDir: string;
const handled: InboundMessage[] = [];

beforeAll(async () => {
  const url = new URL(await freshDatabaseUrl());
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  const viaProxy = new URL(url);
  viaProxy.port = String(proxy.port);
  database = await openDatabase({ databaseUrl: viaProxy.toString(), dataDir: '/nonexistent', poolMax: 4, statementTimeoutMs: 1000, queryTimeoutMs: 1500 });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dudao-blackhole-'));
  const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, DATABASE_URL: viaProxy.toString(), LOG_LEVEL: 'silent', SANDBOX: '0', WECOM_API_BASE: 'http://127.0.0.1:9', ...WECOM_ENV });
  server = await startServer({ config, database, log: createLogger('silent'), roles: { web: true, worker: false }, dispatch: async (msg) => { handled.push(msg); } });
});
afterAll(async () => {
  await server?.stop();
  await database?.close();
  await proxy?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('answers every callback in time while the pool replaces black-holed connections, then stores them directly again', async () => {
  const wecom = new WecomCallbackSender({ baseUrl: server.url!, corpId: V3.corpId, token: V3.token, aesKey: V3.aesKey, agentId: V3.agentId, retries: 0 });
  // Fill the pool: four connections open and idle.
  await Promise.all([1, 2, 3, 4].map(() => database.pool.query('select pg_sleep(0.05)')));
  expect(proxy.blackHoleExisting()).toBeGreaterThanOrEqual(3);

  const timings: number[] = [];
  for (let i = 1; i <= 12; i++) {
    const started = Date.now();
    const res = await wecom.sendText('wangdx', `第${i}条`, { msgId: String(7_600_000_000_000_000_000n + BigInt(i)) });
    expect(res.status).toBe(200);
    timings.push(Date.now() - started);
  }
  // WeCom waits 5 s: every answer came well within it.
  expect(Math.max(...timings)).toBeLessThan(4_600);
  // Once the dead connections were closed, callbacks were stored at once again.
  expect(timings.slice(-4).every((ms) => ms < 1_000)).toBe(true);
  await waitFor(() => handled.length === 12, 20_000, 'all twelve messages to be handled');
  expect(handled.map((m) => m.text)).toEqual(Array.from({ length: 12 }, (_, i) => `第${i + 1}条`));
}, 60_000);
