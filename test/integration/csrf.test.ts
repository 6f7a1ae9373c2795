import path from 'node:path';
import request from 'supertest';
import { zones } from '../../src/db/schema/index.ts';
import { DEMO_FOLDER } from '../../src/services/demo.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

describe('changes made with the session cookie must come from our own pages', () => {
  let server: TestServer;
  let cookie: string;
  beforeAll(async () => {
    server = await startTestServer({}, { web: true, worker: false });
    const res = await request(server.url).post('/api/login').send({ username: 'admin', password: 'dudao-sandbox' });
    cookie = (res.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
  });
  afterAll(async () => { await server.stop(); });

  const office = async () => (await request(server.url).get('/api/office').set('Cookie', cookie)).body.office;

  it('refuses a multipart import posted by a page of another site (even on the same host), and imports nothing', async () => {
    const before = await server.database.db.select().from(zones);
    for (const origin of ['https://evil.example', 'http://127.0.0.1:1', 'null']) {
      const res = await request(server.url).post('/api/import').set('Cookie', cookie).set('Origin', origin)
        .attach('file', path.join(DEMO_FOLDER, '责任区.csv'));
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ error: 'forbidden', message: `拒绝来自其他网站（${origin}）的修改请求：请在督导通自己的页面上操作，脚本请使用 Bearer 令牌` });
    }
    expect(await server.database.db.select().from(zones)).toEqual(before);
  });

  it('refuses a change with neither Origin nor a same-origin Sec-Fetch-Site', async () => {
    for (const site of [undefined, 'same-site', 'cross-site']) {
      let req = request(server.url).patch('/api/office').set('Cookie', cookie);
      if (site) req = req.set('Sec-Fetch-Site', site);
      const res = await req.send({ hotline: '023-00000000' });
      expect(res.status).toBe(403);
      expect(res.body.message).toBe('修改请求缺少 Origin 头：请在督导通自己的页面上操作，脚本请使用 Bearer 令牌');
    }
    expect((await office()).hotline).not.toBe('023-00000000');
  });

  it('accepts the change from our own origin, or Sec-Fetch-Site same-origin / none', async () => {
    expect((await request(server.url).patch('/api/office').set('Cookie', cookie).set('Origin', server.url).send({ hotline: '023-11111111' })).status).toBe(200);
    expect((await office()).hotline).toBe('023-11111111');
    for (const [site, hotline] of [['same-origin', '023-22222222'], ['none', '023-33333333']]) {
      const res = await request(server.url).patch('/api/office').set('Cookie', cookie).set('Sec-Fetch-Site', site).send({ hotline });
      expect(res.status).toBe(200);
      expect((await office()).hotline).toBe(hotline);
    }
    // A same-origin form post under Referrer-Policy: no-referrer carries Origin: null; Sec-Fetch-Site tells it apart.
    const nullSame = await request(server.url).patch('/api/office').set('Cookie', cookie).set('Origin', 'null')
      .set('Sec-Fetch-Site', 'same-origin').send({ hotline: '023-44444444' });
    expect(nullSame.status).toBe(200);
    const nullCross = await request(server.url).patch('/api/office').set('Cookie', cookie).set('Origin', 'null')
      .set('Sec-Fetch-Site', 'cross-site').send({ hotline: '023-55555555' });
    expect(nullCross.status).toBe(403);
    expect((await office()).hotline).toBe('023-44444444');
  });

  it('leaves bearer-token scripts alone, whatever their Origin', async () => {
    const { token } = (await request(server.url).post('/api/tokens').set('Cookie', cookie).set('Origin', server.url).send({})).body;
    const res = await request(server.url).patch('/api/office').set('Authorization', `Bearer ${token}`).set('Origin', 'https://elsewhere.example')
      .send({ hotline: '023-44444444' });
    expect(res.status).toBe(200);
    expect((await office()).hotline).toBe('023-44444444');
  });

  it('takes PUBLIC_BASE_URL\'s origin as ours behind a proxy', async () => {
    const proxied = await startTestServer({ PUBLIC_BASE_URL: 'https://dudao.example.cn' }, { web: true, worker: false });
    try {
      const login = await request(proxied.url).post('/api/login').send({ username: 'admin', password: 'dudao-sandbox' });
      const c = (login.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
      const res = await request(proxied.url).patch('/api/office').set('Cookie', c).set('Origin', 'https://dudao.example.cn').send({ hotline: '023-55555555' });
      expect(res.status).toBe(200);
    } finally {
      await proxied.stop();
    }
  });
});
