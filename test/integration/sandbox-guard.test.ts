/** The sandbox console is on only in sandbox mode, says it is a simulation, and `npm start` prints where it is. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { runMain, waitFor, type Child, freePort } from '../helpers/process.ts';
import { WECOM_ENV } from '../helpers/wecom.ts';

describe('a server with WeCom credentials and no SANDBOX=1', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(WECOM_ENV); });
  afterAll(async () => { await server.stop(); });

  it('serves no sandbox page, API or simulator: every path is a 404', async () => {
    expect(server.config.sandbox).toBe(false);
    for (const p of ['/sandbox', '/sandbox/api/people', '/sandbox/api/state', '/sandbox/api/events']) {
      expect((await request(server.url).get(p)).status).toBe(404);
    }
    expect((await request(server.url).post('/sandbox/api/send').send({ as: 'x', text: '你好' })).status).toBe(404);
    expect((await request(server.url).post('/sandbox/api/clock').send({ advanceMs: 86_400_000 })).status).toBe(404);
    expect((await request(server.url).get('/sim/wecom/cgi-bin/gettoken')).status).toBe(404);
  });
});

describe('a server with WeCom credentials and SANDBOX=1', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer({ ...WECOM_ENV, SANDBOX: '1' }); });
  afterAll(async () => { await server.stop(); });

  it('serves the console, whose banner says every message stays on this machine', async () => {
    const res = await request(server.url).get('/sandbox');
    expect(res.status).toBe(200);
    expect(res.text).toContain('模拟环境');
    expect(res.text).toContain('所有消息只在本机模拟，不会发送到真实企业微信/微信');
  });

  it('refuses to move the clock backwards, with the reason', async () => {
    const res = await request(server.url).post('/sandbox/api/clock').send({ to: '2000-01-01T08:00' });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('时钟只能向前拨');
  });

  it('refuses to act as someone it does not know, naming them', async () => {
    const res = await request(server.url).post('/sandbox/api/send').send({ as: 'person:999999', text: '你好' });
    expect(res.status).toBe(404);
    expect(res.body.message).toContain('person:999999');
  });
});

describe('npm start with no environment', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dudao-sandbox-'));
  let child: Child;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    child = runMain({ DATA_DIR: dataDir, PORT: String(port) });
    await waitFor(() => child.output().includes('/sandbox'), 90_000, 'the server to print the sandbox address');
  }, 120_000);

  afterAll(async () => {
    await child.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the address of the sandbox console, which answers there with the demo district', async () => {
    expect(child.output()).toContain(`Sandbox console: http://localhost:${port}/sandbox`);
    const page = await fetch(`http://127.0.0.1:${port}/sandbox`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('模拟环境');
    const { people } = (await (await fetch(`http://127.0.0.1:${port}/sandbox/api/people`)).json()) as { people: { group: string }[] };
    expect(people.some((p) => p.group === 'supervisor')).toBe(true);
    expect(people.some((p) => p.group === 'school_contact')).toBe(true);
    expect(people.some((p) => p.group === 'zone_group')).toBe(true);
  });

  it('moves its clock on the embedded database and runs the work the jump passed over', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/sandbox/api/clock`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ preset: 'next-morning' }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { now: string; ran: string[] };
    expect(new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(body.now))).toBe('08:00');
    expect(body.ran).toEqual(expect.arrayContaining(['visits.morning-cards', 'visits.stale-drafts']));
  });
});
