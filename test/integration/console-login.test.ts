/**
 * Signing in to the console: the same throttle as POST /api/login (an account that failed too often gets 429 with
 * the wait, even with the right password), sign-out ends the session, and a change posted from another site with
 * the console's cookie is refused (the app's same-origin check), changing nothing.
 */
import request from 'supertest';
import { eq } from 'drizzle-orm';
import { schools } from '../../src/db/schema/index.ts';
import { ACCOUNT_LIMIT } from '../../src/services/login-throttle.ts';
import { DEMO_ADMIN, DEMO_ZONE_LEADER } from '../../src/services/demo.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
beforeAll(async () => { server = await startTestServer({ SANDBOX: '1' }, { web: true, worker: false }); }, 60_000);
afterAll(async () => { await server?.stop(); });

const signIn = (username: string, password: string) =>
  request(server.url).post('/admin/login').set('Origin', server.url).type('form').send({ username, password, next: '/admin/org/schools' }).redirects(0);

describe('signing in to the console', () => {
  it('goes back to the page asked for, and refuses a wrong password with the sign-in page', async () => {
    const ok = await signIn(DEMO_ADMIN.username, DEMO_ADMIN.password);
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe('/admin/org/schools');
    const wrong = await signIn(DEMO_ADMIN.username, 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('用户名或密码不正确');
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('never sends a signed-in clerk to another site after sign-in', async () => {
    const res = await request(server.url).post('/admin/login').set('Origin', server.url).type('form')
      .send({ username: DEMO_ADMIN.username, password: DEMO_ADMIN.password, next: '//evil.example/admin' }).redirects(0);
    expect(res.headers.location).toBe('/admin');
  });

  it('throttles an account that failed too often, with the same counts as the API', async () => {
    for (let i = 0; i < ACCOUNT_LIMIT.failures; i++) await signIn(DEMO_ZONE_LEADER.username, `wrong-${i}-password`);
    const blocked = await signIn(DEMO_ZONE_LEADER.username, DEMO_ZONE_LEADER.password);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.headers['set-cookie']).toBeUndefined();
    const api = await request(server.url).post('/api/login').send({ username: DEMO_ZONE_LEADER.username, password: DEMO_ZONE_LEADER.password });
    expect(api.status).toBe(429);
  });

  it('refuses a change posted from another site with the console cookie, and signs out', async () => {
    const cookie = (await signIn(DEMO_ADMIN.username, DEMO_ADMIN.password)).headers['set-cookie'] as unknown as string[];
    const forged = await request(server.url).post('/admin/org/schools').set('Cookie', cookie[0].split(';')[0]).set('Origin', 'https://evil.example').type('form')
      .send({ 学校名称: '伪造的学校', 类型: '小学', 所属责任区: '第一督学责任区' });
    expect(forged.status).toBe(403);
    expect(await server.database.db.select().from(schools).where(eq(schools.name, '伪造的学校'))).toEqual([]);
    const out = await request(server.url).post('/admin/logout').set('Cookie', cookie[0].split(';')[0]).set('Origin', server.url).redirects(0);
    expect(out.status).toBe(303);
    const after = await request(server.url).get('/admin').set('Cookie', cookie[0].split(';')[0]).redirects(0);
    expect(after.status).toBe(302);
    expect(after.headers.location).toBe('/admin/login?next=%2Fadmin');
  });
});
