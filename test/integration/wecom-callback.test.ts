import request from 'supertest';
import type { InboundMessage } from '../../src/domain/messages.ts';
import { waitFor } from '../helpers/process.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { V3, WECOM_ENV, encryptedCallback, fixture, wecomSender, withMsgId } from '../helpers/wecom.ts';

interface Dispatched { inboxId: number; msg: InboundMessage; started: number; ended: number }

/** The chat layer's place: records what it is handed; a text of 'boom' throws. */
function recordingDispatch(log: Dispatched[]) {
  let clockTick = 0;
  return async (msg: InboundMessage, { inboxId }: { inboxId: number }) => {
    const started = ++clockTick;
    await new Promise((r) => setTimeout(r, 30));
    if (msg.text === 'boom') throw new Error('the chat layer could not handle boom');
    log.push({ inboxId, msg, started, ended: ++clockTick });
  };
}

describe('POST and GET /wecom/callback on PostgreSQL', () => {
  let server: TestServer;
  const dispatched: Dispatched[] = [];
  beforeAll(async () => { server = await startTestServer(WECOM_ENV, undefined, { dispatch: recordingDispatch(dispatched) }); });
  afterAll(async () => { await server.stop(); });

  const rows = async (where = 'true') =>
    (await server.database.pool.query(`select id, dedupe_key, sender, payload, status, attempts, last_error from inbox where ${where} order by id`)).rows;
  const inboxCount = async () => (await rows()).length;
  const post = (cb: { path: string; body: string }) => request(server.url).post(cb.path).set('content-type', 'text/xml').send(cb.body);

  it('answers the URL verification with exactly the decrypted echostr as plain text', async () => {
    const res = await wecomSender(server.url).verifyUrl();
    expect(res.status).toBe(200);
    expect(res.body).toBe(res.expected);
  });

  it('acknowledges a text message with an empty 200 and stores it once with the parsed payload', async () => {
    const res = await post(encryptedCallback(fixture('text')));
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const [row] = await rows(`dedupe_key = 'msg:7360123456789012345'`);
    expect(row).toMatchObject({ sender: 'zhangwei' });
    expect(row.payload).toMatchObject({ channel: 'wecom', kind: 'text', from: 'zhangwei', text: '开始督导 实验小学' });
    await waitFor(() => dispatched.some((d) => d.inboxId === Number(row.id)), 10_000, 'the text to be dispatched');
  });

  it('handles the same MsgId delivered three times once: three 200s, one row, one dispatch', async () => {
    const res = await wecomSender(server.url).sendText('wangfang', '已整改', { msgId: '7360000000000000001', deliveries: 3 });
    expect(res.answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const stored = await rows(`dedupe_key = 'msg:7360000000000000001'`);
    expect(stored).toHaveLength(1);
    await waitFor(async () => (await rows(`id = ${stored[0].id} and status = 'done'`)).length === 1, 10_000, 'the row to be handled');
    await server.inbox.idle();
    expect(dispatched.filter((d) => d.msg.dedupeKey === 'msg:7360000000000000001')).toHaveLength(1);
  });

  it('stores a card tap with its event key, task, response code and selected options', async () => {
    const res = await post(encryptedCallback(fixture('template_card_event')));
    expect(res.status).toBe(200);
    const [row] = await rows(`dedupe_key like 'ev:zhangwei|1714037240|template_card_event|%'`);
    expect(row.payload.event).toEqual({
      name: 'template_card_event', key: 'visit.submit', taskId: 'visit-42-items', cardType: 'multiple_interaction',
      responseCode: 'allow_0Y5m0Xc_2lS3mJ2Z5ZQ9rJ7iVQd',
      selected: [{ questionKey: 'items', optionIds: ['1', '7'] }, { questionKey: 'rating', optionIds: ['good'] }],
    });
  });

  it('stores photos and locations sent through the simulated WeCom', async () => {
    const sender = wecomSender(server.url);
    expect((await sender.sendImage('zhaolei', 'MEDIA_1')).status).toBe(200);
    expect((await sender.sendLocation('zhaolei', { lat: 30.27, lng: 120.15, label: '实验小学' })).status).toBe(200);
    const stored = (await rows(`sender = 'zhaolei'`)).map((r) => r.payload);
    expect(stored).toEqual([
      expect.objectContaining({ kind: 'image', mediaId: 'MEDIA_1' }),
      expect.objectContaining({ kind: 'location', location: { lat: 30.27, lng: 120.15, label: '实验小学' } }),
    ]);
  });

  describe('bad input gets a 4xx with a reason and writes nothing', () => {
    const text = (id: string) => withMsgId(fixture('text'), id);
    const forged = (id: string) => { const cb = encryptedCallback(text(id)); return { ...cb, path: cb.path.replace(/msg_signature=[0-9a-f]/, 'msg_signature=x') }; };
    const wrongKey = (id: string) => encryptedCallback(text(id), { receiveId: 'wwanothercorp' });
    const notBase64 = () => encryptedCallback('', { encrypted: 'this is not base64!' });
    const badPadding = (id: string) => {
      const bytes = Buffer.from(encryptedCallback(text(id)).encrypted, 'base64');
      bytes[bytes.length - 17] ^= 0x55;
      return encryptedCallback('', { encrypted: bytes.toString('base64') });
    };
    const cases: [string, () => { path: string; body: string }, number, RegExp][] = [
      ['a wrong signature', () => forged('1001'), 401, /msg_signature does not match/],
      ['a message for another corp id', () => wrongKey('1002'), 403, /receive-id does not match/],
      ['ciphertext that is not base64', notBase64, 400, /not base64/],
      ['ciphertext with bad padding', () => badPadding('1003'), 400, /padding/],
      ['a malformed envelope', () => ({ ...encryptedCallback(text('1004')), body: '<xml><Encrypt>abc</xml>' }), 400, /malformed/],
      ['malformed inner XML', () => encryptedCallback('<xml><MsgType>text</MsgType'), 400, /malformed/],
      ['a DOCTYPE in the envelope', () => { const cb = encryptedCallback(text('1005')); return { ...cb, body: `<!DOCTYPE xml [<!ENTITY e "x">]>${cb.body}` }; }, 400, /DOCTYPE/],
      ['an entity declaration in the inner XML', () => encryptedCallback(`<!DOCTYPE xml [<!ENTITY e "x">]>${text('1006')}`), 400, /DOCTYPE/],
      ['an oversized body', () => ({ ...encryptedCallback(text('1007')), body: `<xml>${' '.repeat(70_000)}</xml>` }), 413, /larger than/],
      ['a message without a sender', () => encryptedCallback('<xml><CreateTime>1</CreateTime><MsgType>text</MsgType><MsgId>9</MsgId></xml>'), 400, /FromUserName/],
      ['XML nested 5,500 deep', () => encryptedCallback(`<xml><FromUserName>li</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType>${'<a>'.repeat(5500)}x${'</a>'.repeat(5500)}</xml>`), 400, /nested deeper than 16 levels/],
      ['a missing signature', () => ({ path: '/wecom/callback?timestamp=1&nonce=2', body: encryptedCallback(text('1009')).body }), 400, /msg_signature/],
    ];

    it.each(cases)('refuses %s', async (_what, make, status, reason) => {
      const before = await inboxCount();
      const res = await post(make());
      expect(res.status).toBe(status);
      expect(res.body.message).toMatch(reason);
      expect(await inboxCount()).toBe(before);
    });

    it('ignores an unknown message type with a 200 and no row', async () => {
      const before = await inboxCount();
      const res = await post(encryptedCallback('<xml><FromUserName>li</FromUserName><CreateTime>1</CreateTime><MsgType>miniprogram_notice</MsgType><MsgId>77</MsgId></xml>'));
      expect(res.status).toBe(200);
      expect(await inboxCount()).toBe(before);
    });

    it('refuses a timestamp ten minutes old', async () => {
      const before = await inboxCount();
      const res = await post(encryptedCallback(text('1010'), { timestamp: Math.floor(Date.now() / 1000) - 600 }));
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: 'stale_timestamp', message: expect.stringMatching(/at most 300 s allowed/) });
      expect(await inboxCount()).toBe(before);
    });

    it('refuses a URL verification with a wrong signature', async () => {
      const res = await request(server.url).get(`/wecom/callback?msg_signature=00&timestamp=${Math.floor(Date.now() / 1000)}&nonce=2&echostr=abcd`);
      expect(res.status).toBe(401);
      expect(res.body.message).toMatch(/msg_signature does not match/);
    });

    it('is still serving /healthz after all of them', async () => {
      expect((await request(server.url).get('/healthz')).status).toBe(200);
    });
  });

  it('dispatches two messages from the same supervisor arriving together one at a time, in arrival order', async () => {
    const sender = wecomSender(server.url);
    await Promise.all([sender.sendText('sunli', '第一条'), sender.sendText('sunli', '第二条')]);
    await waitFor(() => dispatched.filter((d) => d.msg.from === 'sunli').length === 2, 10_000, 'both to be dispatched');
    const stored = await rows(`sender = 'sunli'`);
    const handled = dispatched.filter((d) => d.msg.from === 'sunli');
    expect(handled.map((d) => d.inboxId)).toEqual(stored.map((r) => Number(r.id)));
    expect(handled[1].started).toBeGreaterThan(handled[0].ended);
  });

  it('keeps a message whose dispatch keeps failing, marked failed with the error, and goes on with the next', async () => {
    const sender = wecomSender(server.url);
    await sender.sendText('qianhao', 'boom');
    await sender.sendText('qianhao', '之后的消息');
    await waitFor(() => dispatched.some((d) => d.msg.text === '之后的消息'), 15_000, 'the next message to be dispatched');
    const [failed, next] = await rows(`sender = 'qianhao'`);
    expect(failed).toMatchObject({ status: 'failed', attempts: 3 });
    expect(failed.last_error).toMatch(/the chat layer could not handle boom/);
    expect(failed.payload.text).toBe('boom');
    expect(next.status).toBe('done');
  });

  it('is retried by the simulated WeCom three more times when it refuses a callback, as WeCom does', async () => {
    const stale = Math.floor(Date.now() / 1000) - 3600;
    const res = await wecomSender(server.url).sendText('zhengyu', '过期', { createTime: stale });
    expect(res.answers.map((a) => a.status)).toEqual([401, 401, 401, 401]);
    expect(await rows(`sender = 'zhengyu'`)).toEqual([]);
  });

  it('handles a row left pending by a crash through the periodic sweep', async () => {
    const msg: InboundMessage = { channel: 'wecom', dedupeKey: 'msg:crash-1', from: 'zhoujie', createdAt: new Date().toISOString(), kind: 'text', text: '崩溃前收到' };
    await server.database.pool.query(`insert into inbox (channel, dedupe_key, sender, payload) values ('wecom', 'msg:crash-1', 'zhoujie', $1)`, [JSON.stringify(msg)]);
    await waitFor(() => dispatched.some((d) => d.msg.dedupeKey === 'msg:crash-1'), 15_000, 'the sweep to dispatch the row');
    await waitFor(async () => (await rows(`dedupe_key = 'msg:crash-1' and status = 'done'`)).length === 1, 5_000, 'the row to be done');
  });
});

describe('/wecom/callback with CALLBACK_MAX_SKEW_S=0 (replaying recorded callbacks)', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer({ ...WECOM_ENV, CALLBACK_MAX_SKEW_S: '0' }, { web: true, worker: false }); });
  afterAll(async () => { await server.stop(); });

  it('accepts a ten-minute-old timestamp', async () => {
    const cb = encryptedCallback(withMsgId(fixture('text'), '2001'), { timestamp: Math.floor(Date.now() / 1000) - 600 });
    const res = await request(server.url).post(cb.path).send(cb.body);
    expect(res.status).toBe(200);
  });

  it('answers the published 2014 URL verification of the wechatpy vector with its echostr', async () => {
    const query = 'msg_signature=dd6b9c95b495b3f7e2901bfbc76c664930ffdb96&timestamp=1411443780&nonce=437374425'
      + `&echostr=${encodeURIComponent('4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBaXlTXeOo1+bXFXDQQb1o6co6Yh9Bv41n7hOchLF6p+Q==')}`;
    const res = await request(server.url).get(`/wecom/callback?${query}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toBe('5927782489442352469');
  });

  it('stores the published 2014 text message of the wechatpy vector', async () => {
    const encrypt = 'RgqEoJj5A4EMYlLvWO1F86ioRjZfaex/gePD0gOXTxpsq5Yj4GNglrBb8I2BAJVODGajiFnXBu7mCPatfjsu6IHCrsTyeDXzF6Bv283dGymzxh6ydJRvZsryDyZbLTE7rhnus50qGPMfp2wASFlzEgMW9z1ef/RD8XzaFYgm7iTdaXpXaG4+BiYyolBug/gYNx410cvkKR2/nPwBiT+P4hIiOAQqGp/TywZBtDh1yCF2KOd0gpiMZ5jSw3e29mTvmUHzkVQiMS6td7vXUaWOMZnYZlF3So2SjHnwh4jYFxdgpkHHqIrH/54SNdshoQgWYEvccTKe7FS709/5t6NMxuGhcUGAPOQipvWTT4dShyqio7mlsl5noTrb++x6En749zCpQVhDpbV6GDnTbcX2e8K9QaNWHp91eBdCRxthuL0=';
    const res = await request(server.url)
      .post('/wecom/callback?msg_signature=74d92dfeb87ba7c714f89d98870ae5eb62dff26d&timestamp=1411525903&nonce=461056294')
      .send(`<xml><ToUserName><![CDATA[${V3.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt><AgentID><![CDATA[1]]></AgentID></xml>`);
    expect(res.status).toBe(200);
    const { rows } = await server.database.pool.query(`select sender, payload from inbox where dedupe_key = 'msg:4363689963896700987'`);
    expect(rows).toEqual([{ sender: 'messense', payload: expect.objectContaining({ text: 'test', createdAt: '2014-09-24T02:31:43.000Z' }) }]);
  });
});
