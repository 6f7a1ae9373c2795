/** The sandbox publishes its admin password, so it keeps to loopback, takes JSON only, and bounds what it holds. */
import net from 'node:net';
import os from 'node:os';
import request from 'supertest';
import { inbox } from '../../src/db/schema/index.ts';
import { createWecomSimulator } from '../../src/simulators/wecom/api.ts';
import { SANDBOX_WECOM } from '../../src/simulators/wecom/credentials.ts';
import { MAX_CALLS } from '../../src/simulators/wecom/journal.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

/** An address of this machine other than loopback (the sandbox must not answer on it). */
const outsideAddress = () => Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

const connects = (host: string, port: number) => new Promise<boolean>((resolve) => {
  const socket = net.connect({ host, port });
  socket.once('connect', () => { socket.destroy(); resolve(true); });
  socket.once('error', () => resolve(false));
});

describe('the sandbox server', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer({}, { web: true, worker: false }); });
  afterAll(async () => { await server.stop(); });
  const port = () => Number(new URL(server.url).port);

  it('listens on 127.0.0.1 only, unless HOST says otherwise', async () => {
    expect(server.config.listenHost).toBe('127.0.0.1');
    expect(await connects('127.0.0.1', port())).toBe(true);
    const outside = outsideAddress();
    expect(outside).toBeDefined();
    expect(await connects(outside!, port())).toBe(false);
    const open = await startTestServer({ HOST: '0.0.0.0' }, { web: true, worker: false });
    try {
      expect(await connects(outside!, Number(new URL(open.url).port))).toBe(true);
    } finally {
      await open.stop();
    }
  });

  it('refuses text/plain (what any web page can post without asking) on /sandbox/api/*, acting as nobody', async () => {
    const body = JSON.stringify({ as: 'wangjianguo', text: '开始督导 实验小学' });
    for (const path of ['/sandbox/api/send', '/sandbox/api/tap', '/sandbox/api/clock']) {
      const res = await request(server.url).post(path).set('Content-Type', 'text/plain').send(body);
      expect([path, res.status, res.body]).toEqual([path, 415, { error: 'unsupported', message: '请求体须为 JSON（Content-Type: application/json）' }]);
    }
    expect(await server.database.db.select().from(inbox)).toEqual([]);
  });

  it('caps request bodies on /sandbox/api/* and /sim/wecom/*, and keeps working after', async () => {
    const big = JSON.stringify({ as: 'wangjianguo', text: 'x'.repeat(200_000) });
    const sandbox = await request(server.url).post('/sandbox/api/send').set('Content-Type', 'application/json').send(big);
    expect(sandbox.status).toBe(413);
    expect(sandbox.body.message).toBe('请求体超过 64 KB 的上限');

    const huge = Buffer.alloc(3 * 1024 * 1024, 0x61);
    const sim = await request(server.url).post('/sim/wecom/cgi-bin/message/send?access_token=x').set('Content-Type', 'application/json').send(huge);
    expect(sim.status).toBe(413);
    expect(sim.body).toEqual({ errcode: 45002, errmsg: 'content size out of limit' });

    // Sent without a Content-Length (chunked): still cut off at the limit.
    const chunked = await new Promise<{ status?: number; body: string }>((resolve, reject) => {
      const req = net.connect({ host: '127.0.0.1', port: port() }, () => {
        req.write('POST /sim/wecom/cgi-bin/message/send HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n');
        const piece = Buffer.alloc(256 * 1024, 0x61);
        for (let i = 0; i < 8; i++) req.write(`${piece.length.toString(16)}\r\n${piece.toString()}\r\n`);
        req.end('0\r\n\r\n');
      });
      let text = '';
      req.on('data', (d) => { text += d; });
      req.on('end', () => resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1]), body: text }));
      req.on('error', reject);
    });
    expect(chunked.status).toBe(413);

    const state = await request(server.url).get('/sandbox/api/state');
    expect(state.status).toBe(200);
    expect(JSON.stringify(state.body).length).toBeLessThan(1_000_000);
  });
});

describe('the sandbox behind a foreign host name (DNS rebinding)', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer({ PUBLIC_BASE_URL: 'https://sandbox.example.cn' }, { web: true, worker: false }); });
  afterAll(async () => { await server.stop(); });

  it('answers the console and the simulator only for an IP address, localhost or PUBLIC_BASE_URL\'s host', async () => {
    for (const path of ['/sandbox', '/sandbox/api/state', '/sim/wecom/cgi-bin/gettoken']) {
      const res = await request(server.url).get(path).set('Host', 'rebind.evil.example');
      expect([path, res.status]).toEqual([path, 403]);
      expect(res.body.message).toBe('模拟环境只接受以 IP 地址、localhost 或 PUBLIC_BASE_URL 的域名访问（收到的 Host：rebind.evil.example）');
    }
    const post = await request(server.url).post('/sandbox/api/send').set('Host', 'rebind.evil.example').send({ as: 'wangjianguo', text: '开始督导 实验小学' });
    expect(post.status).toBe(403);
    for (const host of ['127.0.0.1', 'localhost:3101', 'sandbox.example.cn', '[::1]:3101']) {
      expect([host, (await request(server.url).get('/sandbox/api/people').set('Host', host)).status]).toEqual([host, 200]);
    }
    // Not a sandbox path: the rest of the app is not affected.
    expect((await request(server.url).get('/healthz').set('Host', 'rebind.evil.example')).status).toBe(200);
  });
});

describe('the WeCom simulator\'s journal', () => {
  it('keeps the newest calls only, numbered on', async () => {
    const sim = createWecomSimulator(SANDBOX_WECOM);
    for (let i = 0; i < MAX_CALLS + 150; i++) {
      await sim.handle({ method: 'GET', path: '/cgi-bin/gettoken', query: new URLSearchParams({ corpid: SANDBOX_WECOM.corpId, corpsecret: SANDBOX_WECOM.secret }), contentType: '', body: Buffer.alloc(0) });
    }
    const calls = sim.sent();
    expect(calls).toHaveLength(MAX_CALLS);
    expect(calls[0].seq).toBe(151);
    expect(calls.at(-1)!.seq).toBe(MAX_CALLS + 150);
  });
});
