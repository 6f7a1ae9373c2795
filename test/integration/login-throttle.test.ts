import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { clock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createLogger } from '../../src/log.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { LoginThrottle } from '../../src/services/login-throttle.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const RIGHT = { username: 'admin', password: 'dudao-sandbox' };
const cookieOf = (res: request.Response) => (res.headers['set-cookie'] as unknown as string[])[0].split(';')[0];

describe('signing in is throttled per account and per address, in the database', () => {
  let server: TestServer;
  let second: RunningServer;

  beforeAll(async () => {
    server = await startTestServer({}, { web: true, worker: false });
    // A second process on the same database (another web dyno): the counts are shared.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dudao-second-'));
    second = await startServer({
      config: loadConfig({ PORT: '0', DATA_DIR: dataDir, DATABASE_URL: server.config.DATABASE_URL, LOG_LEVEL: 'silent' }),
      roles: { web: true, worker: false }, log: createLogger('silent'),
    });
  });
  afterAll(async () => { await second.stop(); await server.stop(); });

  const login = (url: string, body: object, from = '198.51.100.1') =>
    request(url).post('/api/login').set('X-Forwarded-For', from).send(body);

  it('refuses even the right password with 429 and Retry-After after ten wrong ones, on every process', async () => {
    for (let i = 0; i < 10; i++) {
      const res = await login(i % 2 ? server.url : second.url!, { username: 'admin', password: `wrong-${i}` }, `198.51.100.${i + 10}`);
      expect(res.status).toBe(401);
    }
    for (const url of [server.url, second.url!]) {
      const res = await login(url, RIGHT, '198.51.100.99');
      expect(res.status).toBe(429);
      const wait = Number(res.headers['retry-after']);
      expect(res.body).toEqual({ error: 'too_many_requests', message: '登录失败次数过多，请 15 分钟后再试', details: { retryAfterS: wait } });
      expect(wait).toBeGreaterThan(800);
      expect(wait).toBeLessThanOrEqual(900);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    // Once the window has passed (the limiter keeps wall-clock time: here its row is dropped), the right password works.
    await server.database.pool.query(`delete from login_throttle where key = 'account:admin'`);
    expect((await login(server.url, RIGHT, '198.51.100.99')).status).toBe(200);
  });

  it('counts guesses sent in parallel too: no more than ten get their password checked', async () => {
    const answers = await Promise.all(Array.from({ length: 25 }, (_, i) => login(i % 2 ? server.url : second.url!, { username: 'parallel-user', password: `guess-${i}` }, `198.51.100.${100 + i}`)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((st) => st === 401)).toHaveLength(10);
    expect(statuses.filter((st) => st === 429)).toHaveLength(15);
  });

  it('refuses every account from an address that failed thirty times, and only from that address', async () => {
    for (let i = 0; i < 30; i++) {
      expect((await login(second.url!, { username: `guess-${i}`, password: 'not-it-at-all' }, '203.0.113.7')).status).toBe(401);
    }
    const blocked = await login(server.url, RIGHT, '203.0.113.7');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    const other = await login(server.url, RIGHT, '203.0.113.8');
    expect([other.status, other.text]).toEqual([200, expect.any(String)]);
  });

  it('clears the account\'s count when the right password comes in time', async () => {
    for (let i = 0; i < 9; i++) await login(server.url, { ...RIGHT, password: 'wrong-password' }, '192.0.2.1');
    expect((await login(server.url, RIGHT, '192.0.2.1')).status).toBe(200);
    for (let i = 0; i < 9; i++) await login(server.url, { ...RIGHT, password: 'wrong-password' }, '192.0.2.2');
    expect((await login(server.url, RIGHT, '192.0.2.2')).status).toBe(200);
  });
});

describe('the throttle on embedded PGlite', () => {
  it('counts, refuses and clears through the PGlite pool adapter', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dudao-pglite-throttle-'));
    const database = await openDatabase({ dataDir });
    try {
      await migrate(database);
      const throttle = new LoginThrottle(database.pool, { account: { failures: 3, windowS: 60 } });
      for (let i = 0; i < 3; i++) await throttle.attempt('sun', '127.0.0.1');
      await expect(throttle.attempt('sun', '127.0.0.1')).rejects.toMatchObject({ code: 'too_many_requests', details: { retryAfterS: expect.any(Number) } });
      await expect(throttle.attempt('li', '127.0.0.1')).resolves.toBeUndefined();
      await throttle.succeeded('sun', '127.0.0.1');
      await expect(throttle.attempt('sun', '127.0.0.1')).resolves.toBeUndefined();
    } finally {
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('bearer tokens', () => {
  let server: TestServer;
  let cookie: string;
  beforeAll(async () => {
    server = await startTestServer({}, { web: true, worker: false });
    cookie = cookieOf(await request(server.url).post('/api/login').send(RIGHT));
  });
  afterAll(async () => { clock.reset(); await server.stop(); });
  const withSession = (req: request.Test) => req.set('Cookie', cookie).set('Origin', server.url);

  it('are made only from a signed-in session, never by another token', async () => {
    const made = await withSession(request(server.url).post('/api/tokens')).send({ label: '脚本' });
    expect(made.status).toBe(201);
    const res = await request(server.url).post('/api/tokens').set('Authorization', `Bearer ${made.body.token}`).send({ label: '子令牌' });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: 'forbidden', message: '令牌只能在登录后创建：不能用令牌创建新的令牌' });
    const list = await request(server.url).get('/api/tokens').set('Authorization', `Bearer ${made.body.token}`);
    expect(list.body.items.map((t: { label: string }) => t.label)).toEqual(['脚本']);
  });

  it('are listed without their secrets, and expire after 90 days by default', async () => {
    const made = await withSession(request(server.url).post('/api/tokens')).send({ label: '九十天' });
    const list = await withSession(request(server.url).get('/api/tokens'));
    expect(list.status).toBe(200);
    const item = list.body.items.find((t: { id: number }) => t.id === made.body.id);
    expect(Object.keys(item).sort()).toEqual(['createdAt', 'expiresAt', 'id', 'label', 'lastUsedAt']);
    expect(JSON.stringify(list.body)).not.toContain(made.body.token);

    const auth = `Bearer ${made.body.token}`;
    clock.advance(89 * 86_400_000);
    expect((await request(server.url).get('/api/me').set('Authorization', auth)).status).toBe(200);
    clock.advance(86_400_000 + 1000);
    const expired = await request(server.url).get('/api/me').set('Authorization', auth);
    expect(expired.status).toBe(401);
    expect(expired.body.message).toBe('令牌已过期，请创建新的令牌');
    clock.reset();
  });

  it('are revoked all at once, leaving the session signed in', async () => {
    const tokens = [];
    for (const label of ['一', '二', '三']) tokens.push((await withSession(request(server.url).post('/api/tokens')).send({ label })).body.token);
    const res = await withSession(request(server.url).delete('/api/tokens'));
    expect(res.status).toBe(200);
    expect(res.body.revoked).toBeGreaterThanOrEqual(3);
    for (const token of tokens) expect((await request(server.url).get('/api/me').set('Authorization', `Bearer ${token}`)).status).toBe(401);
    expect((await withSession(request(server.url).get('/api/tokens'))).body.items).toEqual([]);
    expect((await withSession(request(server.url).get('/api/me'))).status).toBe(200);
  });
});
