import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createHash } from 'node:crypto';
import { WecomApi } from '../../src/channels/wecom/api.ts';
import { WecomApiError, WecomTransportError } from '../../src/channels/wecom/errors.ts';
import { downloadWecomMedia } from '../../src/channels/wecom/media.ts';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { createLogger } from '../../src/log.ts';
import { mediaPath } from '../../src/services/media.ts';
import { createWecomSimulator, type WecomSimulator } from '../../src/simulators/wecom/api.ts';
import { freshDatabase } from '../helpers/db.ts';
import { pngBytes } from '../helpers/photo.ts';

const APP = { corpId: 'wwtestcorp0000000001', agentId: 1000002, secret: 'app-secret-for-tests' };

describe('the WeCom API client against the simulated WeCom', () => {
  let database: Database;
  let dbUrl: string;
  let sim: WecomSimulator;
  let base: string;
  let closeSim: () => Promise<void>;
  let logLines: string[];
  let dataDir: string;
  const apis: WecomApi[] = [];

  const newApi = (over: Partial<ConstructorParameters<typeof WecomApi>[0]> = {}) => {
    const log = createLogger('debug', new Writable({ write(chunk, _enc, done) { logLines.push(String(chunk)); done(); } }));
    const api = new WecomApi({ ...APP, baseUrl: base, database, log, timeoutMs: 2000, ...over });
    apis.push(api);
    return api;
  };
  const text = (content: string) => ({ touser: 'zhangsan', msgtype: 'text' as const, agentid: APP.agentId, text: { content } });

  beforeAll(async () => {
    ({ url: dbUrl, database } = await freshDatabase());
    sim = createWecomSimulator(APP);
    sim.addUser({ userid: 'zhangsan', name: '张三' });
    const listening = await sim.listen();
    base = listening.url;
    closeSim = listening.close;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dudao-media-'));
  });
  beforeEach(async () => {
    logLines = [];
    sim.reset();
    await database.pool.query('delete from platform_tokens');
  });
  afterAll(async () => {
    await closeSim();
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('caches the token in the database and calls gettoken once for many sends', async () => {
    const api = newApi();
    await api.sendMessage(text('第一条'));
    await Promise.all([1, 2, 3, 4, 5].map((i) => api.sendMessage(text(`并发 ${i}`))));
    expect(sim.calls('/cgi-bin/gettoken')).toHaveLength(1);
    expect(sim.messagesTo('zhangsan')).toHaveLength(6);
    const { rows } = await database.pool.query('select key, value, expires_at from platform_tokens');
    expect(rows).toHaveLength(1);
    expect(rows[0].key).toBe(`wecom.access_token:${APP.corpId}:${APP.agentId}`);
    expect(new Date(rows[0].expires_at).getTime()).toBeGreaterThan(Date.now() + 7000 * 1000);
  });

  it('lets two processes that start sending at once share one gettoken call', async () => {
    const other = await openDatabase({ databaseUrl: dbUrl, dataDir: '/nonexistent' });
    try {
      const a = newApi();
      const b = newApi({ database: other });
      await Promise.all([...[1, 2, 3].map((i) => a.sendMessage(text(`a${i}`))), ...[1, 2, 3].map((i) => b.sendMessage(text(`b${i}`)))]);
      expect(sim.calls('/cgi-bin/gettoken')).toHaveLength(1);
      expect(sim.messagesTo('zhangsan')).toHaveLength(6);
    } finally {
      await other.close();
    }
  });

  it('refreshes an expired token once and retries the call', async () => {
    const api = newApi();
    await api.sendMessage(text('之前'));
    sim.expireToken();
    const result = await api.sendMessage(text('过期之后'));
    expect(result.msgid).toEqual(expect.any(String));
    expect(sim.calls('/cgi-bin/gettoken')).toHaveLength(2);
    expect(sim.calls('/cgi-bin/message/send').map((c) => c.errcode)).toEqual([0, 42001, 0]);
  });

  it('refreshes on 40014 too, but gives up after one retry with a retryable error', async () => {
    const api = newApi();
    sim.fail('/cgi-bin/message/send', 40014, 1);
    await api.sendMessage(text('一次'));
    sim.fail('/cgi-bin/message/send', 42001, 2);
    const err = await api.sendMessage(text('两次')).catch((e) => e);
    expect(err).toBeInstanceOf(WecomApiError);
    expect(err).toMatchObject({ errcode: 42001, retryable: true });
    expect(sim.calls('/cgi-bin/message/send').map((c) => c.errcode)).toEqual([40014, 0, 42001, 42001]);
  });

  it('reports a wrong secret as a configuration error after one gettoken call', async () => {
    const api = newApi({ secret: 'wrong' });
    const err = await api.sendMessage(text('x')).catch((e) => e);
    expect(err).toBeInstanceOf(WecomApiError);
    expect(err.errcode).toBe(40001);
    expect(err.isConfigError).toBe(true);
    expect(sim.calls('/cgi-bin/gettoken')).toHaveLength(1);
    expect(sim.calls('/cgi-bin/message/send')).toHaveLength(0);
  });

  it('turns 45009 into a retryable error with a one-minute hint, without touching the token', async () => {
    const api = newApi();
    sim.rateLimit('/cgi-bin/message/send', 1);
    const err = await api.sendMessage(text('x')).catch((e) => e);
    expect(err).toMatchObject({ errcode: 45009, retryable: true, retryAfterMs: 60_000 });
    expect(sim.calls('/cgi-bin/gettoken')).toHaveLength(1);
  });

  it('gives up on a call that gets no answer within the timeout, with a retryable error', async () => {
    const api = newApi({ timeoutMs: 200 });
    await api.accessToken();
    sim.delay('/cgi-bin/message/send', 800);
    const err = await api.sendMessage(text('慢')).catch((e) => e);
    expect(err).toBeInstanceOf(WecomTransportError);
    expect(err.retryable).toBe(true);
    expect(err.message).toMatch(/no answer within 200 ms/);
  });

  it('gets WeCom\'s own error code back for a malformed card, as a permanent error', async () => {
    const api = newApi();
    const card = { card_type: 'button_interaction', main_title: { title: '确认' }, button_list: [{ text: '好', key: 'ok' }] };
    const err = await api.sendMessage({ touser: 'zhangsan', msgtype: 'template_card', agentid: APP.agentId, template_card: card }).catch((e) => e);
    expect(err).toMatchObject({ errcode: 40058, retryable: false });
    expect(err.message).toMatch(/task_id/);
  });

  it('downloads a photo by MediaId into storage once, even when asked twice or twice at once', async () => {
    const api = newApi();
    const bytes = pngBytes(24, 16);
    const mediaId = sim.addMedia(bytes, 'image/png', 'gate.png');
    const [a, b] = await Promise.all([
      downloadWecomMedia(api, database.db, dataDir, mediaId),
      downloadWecomMedia(api, database.db, dataDir, mediaId),
    ]);
    const c = await downloadWecomMedia(api, database.db, dataDir, mediaId);
    expect(b.id).toBe(a.id);
    expect(c.id).toBe(a.id);
    expect(a).toMatchObject({ mime: 'image/png', size: bytes.length, fileName: 'gate.png', source: `wecom:${mediaId}` });
    expect(a.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(fs.readFileSync(mediaPath(dataDir, a.sha256))).toEqual(bytes);
    const { rows } = await database.pool.query('select count(*)::int as n from media where source = $1', [`wecom:${mediaId}`]);
    expect(rows[0].n).toBe(1);
    expect(sim.calls('/cgi-bin/media/get').length).toBeLessThanOrEqual(2);
  });

  it('recognises WeCom\'s HTTP 200 JSON answer for an unknown MediaId as error 40007', async () => {
    const err = await newApi().mediaGet('no-such-media').catch((e) => e);
    expect(err).toMatchObject({ errcode: 40007, retryable: false });
  });

  it('uploads an image as multipart and sends it by the media_id WeCom returns', async () => {
    const api = newApi();
    const bytes = Buffer.from('JPEG bytes of a rectified fire exit');
    const uploaded = await api.mediaUpload('image', bytes, 'exit.jpg', 'image/jpeg');
    expect(uploaded).toMatchObject({ type: 'image', media_id: expect.any(String) });
    expect(sim.mediaBytes(uploaded.media_id)).toEqual(bytes);
    expect(sim.calls('/cgi-bin/media/upload')[0].body).toEqual({ type: 'image', fileName: 'exit.jpg', contentType: 'image/jpeg', size: bytes.length });
    await api.sendMessage({ touser: 'zhangsan', msgtype: 'image', agentid: APP.agentId, image: { media_id: uploaded.media_id } });
    expect(sim.messagesTo('zhangsan')[0].image).toEqual({ media_id: uploaded.media_id });
  });

  it('reads a member with user/get, and reports an unknown one as 60111', async () => {
    const api = newApi();
    sim.addUser({ userid: 'lisi', name: '李四', department: [2], position: '责任督学' });
    expect(await api.userGet('lisi')).toEqual({ userid: 'lisi', name: '李四', department: [2], position: '责任督学' });
    expect(await api.userGet('nobody').catch((e) => e)).toMatchObject({ errcode: 60111 });
  });

  it('lists unknown members as invaliduser, and refuses a message whose members are all unknown with 81013', async () => {
    const api = newApi();
    const partly = await api.sendMessage({ ...text('部分'), touser: 'zhangsan|ghost' });
    expect(partly.invaliduser).toBe('ghost');
    expect(await api.sendMessage({ ...text('全部'), touser: 'ghost' }).catch((e) => e)).toMatchObject({ errcode: 81013, retryable: false });
  });

  it('creates an app group chat and sends to it, and sends through a group robot without a token', async () => {
    const api = newApi();
    const { chatid } = await api.appchatCreate({ name: '第一责任区', owner: 'zhangsan', userlist: ['zhangsan', 'lisi'], chatid: 'zone1' });
    expect(chatid).toBe('zone1');
    await api.appchatSend({ chatid, msgtype: 'markdown', markdown: { content: '**月度例会**' } });
    await api.robotSend('robot-key-1', { msgtype: 'text', text: { content: '明天上午九点开会' } });
    expect(sim.chatMessages('zone1')).toEqual([{ chatid: 'zone1', msgtype: 'markdown', markdown: { content: '**月度例会**' } }]);
    expect(sim.robotMessages('robot-key-1')).toEqual([{ msgtype: 'text', text: { content: '明天上午九点开会' } }]);
    const robotCall = sim.calls('/cgi-bin/webhook/send')[0];
    expect(robotCall.query).toEqual({});
  });

  it('never writes the access token, the secret or a robot key into its log lines', async () => {
    const api = newApi();
    await api.sendMessage(text('日志'));
    await api.robotSend('secret-robot-key', { msgtype: 'text', text: { content: 'hi' } });
    const token = (await database.pool.query('select value from platform_tokens')).rows[0].value as string;
    const log = logLines.join('');
    expect(log).toMatch(/message\/send/);
    expect(log).not.toContain(token);
    expect(log).not.toContain(APP.secret);
    expect(log).not.toContain('secret-robot-key');
  });
});
