import request from 'supertest';
import type { InboundMessage } from '../../src/domain/messages.ts';
import { CallbackCrypto, sortedSignature } from '../../src/channels/crypto.ts';
import { buildXml } from '../../src/channels/wecom/xml.ts';
import { freePort, waitFor } from '../helpers/process.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { WECOM_ENV } from '../helpers/wecom.ts';
import { OA_ENV, OA_SECRET, V6, oaSender, v6Body, v6Path } from '../helpers/official-account.ts';

const dispatched: InboundMessage[] = [];
const record = async (msg: InboundMessage) => { dispatched.push(msg); };

describe('/wechat/callback in safe and compatible mode (an EncodingAESKey is set)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ ...WECOM_ENV, ...OA_ENV, SANDBOX: '0', CALLBACK_MAX_SKEW_S: '0' }, undefined, { dispatch: record });
  });
  afterAll(async () => { await server.stop(); });

  const rows = async (where = 'true') =>
    (await server.database.pool.query(`select id, channel, dedupe_key, sender, payload from inbox where ${where} order by id`)).rows;
  const post = (path: string, body: string) => request(server.url).post(path).set('content-type', 'text/xml').send(body);

  it("takes Tencent's published compat-mode sample (V6) three times: success each time, one row", async () => {
    for (let i = 0; i < 3; i++) {
      const res = await post(v6Path(), v6Body());
      expect(res.status).toBe(200);
      expect(res.text).toBe('success');
    }
    const stored = await rows(`dedupe_key = 'msg:${V6.msgId}'`);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ channel: 'wechat', sender: V6.openid });
    expect(stored[0].payload).toMatchObject({ channel: 'wechat', kind: 'text', from: V6.openid, text: V6.text });
    await waitFor(() => dispatched.some((m) => m.dedupeKey === `msg:${V6.msgId}`), 10_000, 'the sample to reach the chat layer');
    await server.inbox.idle();
    expect(dispatched.filter((m) => m.dedupeKey === `msg:${V6.msgId}`)).toHaveLength(1);
  });

  it('takes a safe-mode message (only ToUserName and Encrypt) and a compatible-mode one from the simulated platform', async () => {
    const safe = await oaSender(server.url, 'safe').sendText('oSafeUser', '你好', { msgId: '7000000000000000001' });
    const compat = await oaSender(server.url, 'compatible').sendText('oCompatUser', '帮助', { msgId: '7000000000000000002' });
    expect([safe.status, safe.body, compat.status, compat.body]).toEqual([200, 'success', 200, 'success']);
    expect([safe.serviceFailed, compat.serviceFailed]).toEqual([false, false]);
    expect((await rows(`dedupe_key = 'msg:7000000000000000001'`))[0].payload).toMatchObject({ from: 'oSafeUser', text: '你好' });
    expect((await rows(`dedupe_key = 'msg:7000000000000000002'`))[0].payload).toMatchObject({ from: 'oCompatUser', text: '帮助' });
  });

  it('stores events once by their key: subscribe, a menu click, and two PUBLISHJOBFINISH in one second', async () => {
    const platform = oaSender(server.url, 'safe');
    await platform.sendEvent('oEventUser', 'subscribe', undefined, { createTime: 1800000000, deliveries: 2 });
    await platform.sendEvent('oEventUser', 'CLICK', 'REPORTS', { createTime: 1800000001 });
    const finish = (publishId: string) => buildXml({
      ToUserName: V6.originalId, FromUserName: 'oPlatform', CreateTime: 1800000002, MsgType: 'event', Event: 'PUBLISHJOBFINISH',
      PublishEventInfo: { publish_id: publishId, publish_status: 0, article_id: 'A1', article_detail: { count: 1, item: { idx: 1, article_url: 'https://mp.weixin.qq.com/s/x' } } },
    });
    await platform.sendXml(finish('2247503051'));
    await platform.sendXml(finish('2247503052'));
    expect(await rows(`sender = 'oEventUser'`)).toHaveLength(2);
    const click = (await rows(`sender = 'oEventUser' and dedupe_key like '%CLICK%'`))[0];
    expect(click.payload).toMatchObject({ kind: 'event', event: { name: 'CLICK', key: 'REPORTS' } });
    const published = await rows(`sender = 'oPlatform'`);
    expect(published).toHaveLength(2);
    expect(published[0].payload.raw.PublishEventInfo).toMatchObject({ publish_id: '2247503051' });
  });

  it('is retried by the platform three times when it cannot be reached, and the user would see the service fail', async () => {
    const nobody = `http://127.0.0.1:${await freePort()}`;
    const res = await oaSender(nobody, 'safe', { retries: 3 }).sendText('oRetry', '在吗');
    expect(res.answers).toHaveLength(4);
    expect(res.answers.every((a) => a.status === null)).toBe(true);
    expect(res.serviceFailed).toBe(true);
    // A bad answer (here a refused signature) is retried too, and is a failure for the user.
    const refused = await oaSender(server.url, 'safe', { token: 'wrong-token', retries: 2 }).sendText('oRetry', '在吗');
    expect(refused.answers.map((a) => a.status)).toEqual([401, 401, 401]);
    expect(refused.serviceFailed).toBe(true);
    expect(await rows(`sender = 'oRetry'`)).toHaveLength(0);
  });

  it('answers the URL check with echostr unchanged', async () => {
    const res = await oaSender(server.url, 'safe').verifyUrl();
    expect(res).toMatchObject({ status: 200, body: res.expected });
  });

  it('refuses bad input with a 4xx and a reason, and stores nothing', async () => {
    const before = (await rows()).length;
    const cases: [string, string, number, RegExp][] = [
      [v6Path({ signature: '0'.repeat(40) }), v6Body(), 401, /signature/],
      [v6Path({ msg_signature: '0'.repeat(40) }), v6Body(), 401, /msg_signature/],
      [v6Path({ encrypt_type: 'rsa' }), v6Body(), 400, /encrypt_type/],
      [v6Path({ encrypt_type: 'raw' }), v6Body(), 400, /safe mode/],
      ['/wechat/callback?timestamp=1&nonce=2', v6Body(), 400, /signature is required/],
      [v6Path(), '<xml><ToUserName>x</ToUserName></xml>', 400, /Encrypt/],
      [v6Path(), '<!DOCTYPE x [<!ENTITY a "b">]><xml><Encrypt>&a;</Encrypt></xml>', 400, /DOCTYPE/],
      [v6Path(), `<xml><Encrypt>${'A'.repeat(70_000)}</Encrypt></xml>`, 413, /larger/],
    ];
    for (const [path, body, status, reason] of cases) {
      const res = await post(path, body);
      expect({ path, status: res.status }).toEqual({ path, status });
      expect(res.body.message).toMatch(reason);
    }
    // Encrypted for another app id: the signature holds, the receive-id does not.
    const other = new CallbackCrypto({ token: V6.token, encodingAESKey: V6.aesKey, receiveId: 'wxsomeoneelse000001' });
    const encrypted = other.encrypt(buildXml({ ToUserName: V6.originalId, FromUserName: 'oX', CreateTime: 1, MsgType: 'text', Content: 'x', MsgId: 1n }));
    const q = new URLSearchParams({ signature: sortedSignature(V6.token, '1', '2'), timestamp: '1', nonce: '2', encrypt_type: 'aes', msg_signature: other.sign('1', '2', encrypted) });
    const forged = await post(`/wechat/callback?${q}`, buildXml({ ToUserName: V6.originalId, Encrypt: encrypted }));
    expect(forged.status).toBe(403);
    const badGet = await request(server.url).get(`/wechat/callback?signature=${'0'.repeat(40)}&timestamp=1&nonce=2&echostr=hello`);
    expect(badGet.status).toBe(401);
    expect((await rows()).length).toBe(before);
  });
});

describe('/wechat/callback in plain mode (no EncodingAESKey)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ ...WECOM_ENV, WECHAT_APP_ID: V6.appId, WECHAT_APP_SECRET: OA_SECRET, WECHAT_TOKEN: 'AAAAA', SANDBOX: '0', CALLBACK_MAX_SKEW_S: '0' }, undefined, { dispatch: record });
  });
  afterAll(async () => { await server.stop(); });

  it('answers the official doc example URL check (V7) with its echostr', async () => {
    const res = await request(server.url).get('/wechat/callback?signature=899cf89e464efb63f54ddac96b0a0a235f53aa78&timestamp=1714037059&nonce=486452656&echostr=4812379012');
    expect(res.status).toBe(200);
    expect(res.text).toBe('4812379012');
    const wrong = await request(server.url).get('/wechat/callback?signature=899cf89e464efb63f54ddac96b0a0a235f53aa78&timestamp=1714037059&nonce=486452657&echostr=4812379012');
    expect(wrong.status).toBe(401);
  });

  it('stores a plaintext message and refuses an encrypted one it has no key for', async () => {
    const plain = await oaSender(server.url, 'plain', { token: 'AAAAA' }).sendText('oPlainUser', '绑定 123456', { msgId: '7000000000000000003' });
    expect([plain.status, plain.body]).toEqual([200, 'success']);
    const [row] = (await server.database.pool.query(`select payload from inbox where dedupe_key = 'msg:7000000000000000003'`)).rows;
    expect(row.payload).toMatchObject({ channel: 'wechat', from: 'oPlainUser', text: '绑定 123456' });
    const encrypted = await oaSender(server.url, 'safe', { token: 'AAAAA', retries: 0 }).sendText('oPlainUser', 'x');
    expect(encrypted.status).toBe(400);
    expect(encrypted.body).toMatch(/plain mode/);
  });
});
