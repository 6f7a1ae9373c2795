import { createHash } from 'node:crypto';
import request from 'supertest';
import { clock } from '../../src/clock.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { runCli } from '../helpers/cli.ts';

describe('signing in to the office API', () => {
  let server: TestServer;
  const login = (username: string, password: string) => request(server.url).post('/api/login').send({ username, password });
  const sessionCookie = (res: request.Response) => (res.headers['set-cookie'] as unknown as string[])[0].split(';')[0];

  beforeAll(async () => { server = await startTestServer({}, { web: true, worker: false }); });
  afterAll(async () => { clock.reset(); await server.stop(); });
  afterEach(() => clock.reset());

  it('answers 401 with the reason to a call without a session or token', async () => {
    const res = await request(server.url).get('/api/zones');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="dudao"');
    expect(res.body).toEqual({ error: 'unauthenticated', message: '未登录：请先登录（POST /api/login），或在 Authorization 头中提供 Bearer 令牌' });
  });

  it('answers 401 to a wrong password and to an unknown user with the same reason', async () => {
    for (const res of [await login('admin', 'not-the-password'), await login('nobody', 'dudao-sandbox')]) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: 'unauthenticated', message: '用户名或密码错误' });
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });

  it('signs the sandbox admin in with an HttpOnly, SameSite=Lax session cookie that opens the API', async () => {
    const res = await login('admin', 'dudao-sandbox');
    expect(res.status).toBe(200);
    expect(res.body.admin).toEqual({ id: expect.any(Number), officeId: expect.any(Number), username: 'admin' });
    const setCookie = (res.headers['set-cookie'] as unknown as string[])[0];
    expect(setCookie).toMatch(/^dudao_session=[\w-]{43};/);
    expect(setCookie).toMatch(/httponly/i);
    expect(setCookie).toMatch(/samesite=lax/i);
    const me = await request(server.url).get('/api/me').set('Cookie', sessionCookie(res));
    expect(me.status).toBe(200);
    expect(me.body.admin.username).toBe('admin');
  });

  it('stores only a hash of the session and a scrypt hash of the password', async () => {
    const res = await login('admin', 'dudao-sandbox');
    const secret = sessionCookie(res).split('=')[1];
    const { rows } = await server.database.pool.query(`select secret_hash from admin_credentials where kind = 'session'`);
    expect(rows.map((r) => r.secret_hash)).toContain(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(secret);
    const admins = await server.database.pool.query(`select password_hash from admins where username = 'admin'`);
    expect(admins.rows[0].password_hash).toMatch(/^scrypt\$/);
    expect(admins.rows[0].password_hash).not.toContain('dudao-sandbox');
  });

  it('answers 401 "登录已过期" to a session used after 12 hours', async () => {
    const cookie = sessionCookie(await login('admin', 'dudao-sandbox'));
    clock.advance(11 * 3600_000);
    expect((await request(server.url).get('/api/me').set('Cookie', cookie)).status).toBe(200);
    clock.advance(1 * 3600_000 + 1000);
    const res = await request(server.url).get('/api/me').set('Cookie', cookie);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: 'unauthenticated', message: '登录已过期，请重新登录' });
  });

  it('ends the session on logout, after which the cookie is refused', async () => {
    const cookie = sessionCookie(await login('admin', 'dudao-sandbox'));
    const out = await request(server.url).post('/api/logout').set('Cookie', cookie).set('Origin', server.url);
    expect(out.status).toBe(204);
    const res = await request(server.url).get('/api/me').set('Cookie', cookie);
    expect(res.status).toBe(401);
    expect(res.body.message).toBe('登录凭据无效或已注销，请重新登录');
  });

  it('makes a bearer token for a script, shows it once, and accepts it until it is revoked', async () => {
    const cookie = sessionCookie(await login('admin', 'dudao-sandbox'));
    const made = await request(server.url).post('/api/tokens').set('Cookie', cookie).set('Origin', server.url).send({ label: '名单同步脚本' });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ id: expect.any(Number), token: expect.stringMatching(/^ddt_[\w-]{43}$/), label: '名单同步脚本' });
    // 90 days unless the caller asks for another lifetime.
    expect(new Date(made.body.expiresAt).getTime() - clock.now().getTime()).toBeGreaterThan(90 * 86_400_000 - 60_000);
    expect(new Date(made.body.expiresAt).getTime() - clock.now().getTime()).toBeLessThanOrEqual(90 * 86_400_000);
    const auth = `Bearer ${made.body.token}`;
    const zones = await request(server.url).get('/api/zones').set('Authorization', auth);
    expect(zones.status).toBe(200);
    expect(zones.body.items).toHaveLength(3);
    expect((await request(server.url).delete(`/api/tokens/${made.body.id}`).set('Authorization', auth)).status).toBe(204);
    const after = await request(server.url).get('/api/zones').set('Authorization', auth);
    expect(after.status).toBe(401);
    expect(after.body.message).toBe('登录凭据无效或已注销，请重新登录');
  });

  it('refuses a token past its expiry, a malformed Authorization header, and a session secret sent as a token', async () => {
    const cookie = sessionCookie(await login('admin', 'dudao-sandbox'));
    const { token } = (await request(server.url).post('/api/tokens').set('Cookie', cookie).set('Origin', server.url).send({ expiresInDays: 1 })).body;
    clock.advance(2 * 86_400_000);
    const expired = await request(server.url).get('/api/zones').set('Authorization', `Bearer ${token}`);
    expect(expired.body).toEqual({ error: 'unauthenticated', message: '令牌已过期，请创建新的令牌' });
    clock.reset();
    const basic = await request(server.url).get('/api/zones').set('Authorization', 'Basic YWRtaW46eA==');
    expect(basic.status).toBe(401);
    expect(basic.body.message).toBe('Authorization 头的格式应为“Bearer <令牌>”');
    const swapped = await request(server.url).get('/api/zones').set('Authorization', `Bearer ${cookie.split('=')[1]}`);
    expect(swapped.status).toBe(401);
  });

  it('answers 400 naming the field when the login body is incomplete', async () => {
    const res = await request(server.url).post('/api/login').send({ username: 'admin' });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^password: /);
  });
});

describe('npm run admin:create', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer({}, { web: true, worker: false }); });
  afterAll(async () => { await server.stop(); });
  const env = () => ({ DATABASE_URL: server.config.DATABASE_URL! });

  it('creates an account for an existing office, reading the password from standard input, which can then sign in', async () => {
    const run = await runCli('admin-create.ts', ['--username', 'sunliping', '--office', '大渡口区人民政府教育督导室'], env(), 'long-enough-secret\n');
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('已创建管理员 sunliping（大渡口区人民政府教育督导室）');
    expect(run.code).toBe(0);
    const res = await request(server.url).post('/api/login').send({ username: 'sunliping', password: 'long-enough-secret' });
    expect(res.status).toBe(200);
  });

  it('says which offices exist when the named office does not, and exits 1', async () => {
    const run = await runCli('admin-create.ts', ['--username', 'x-admin', '--office', '不存在的督导室', '--password', 'long-enough-secret'], env());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('督导室「不存在的督导室」不存在。现有督导室：大渡口区人民政府教育督导室');
  });

  it('refuses a weak password with the rule it breaks', async () => {
    const run = await runCli('admin-create.ts', ['--username', 'weak', '--office', '大渡口区人民政府教育督导室', '--password', 'short'], env());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('密码不符合要求：密码至少 10 个字符');
  });
});
