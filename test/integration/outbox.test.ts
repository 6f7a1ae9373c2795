import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { Dispatcher } from '../../src/channels/dispatcher.ts';
import { WecomApi } from '../../src/channels/wecom/api.ts';
import { renderWecom } from '../../src/channels/wecom/render.ts';
import { wecomSenders } from '../../src/channels/wecom/senders.ts';
import { clock } from '../../src/clock.ts';
import type { Database, Db } from '../../src/db/client.ts';
import { outbox } from '../../src/db/schema/index.ts';
import type { OutboundMessage } from '../../src/domain/messages.ts';
import { createLogger } from '../../src/log.ts';
import { createAdmin, createToken } from '../../src/services/auth.ts';
import { storeMedia } from '../../src/services/media.ts';
import { enqueue, leaseDue, type OutboxItem } from '../../src/services/outbox.ts';
import { createWecomSimulator, type WecomSimulator } from '../../src/simulators/wecom/api.ts';
import { freshDatabase } from '../helpers/db.ts';
import { createOrgFixture } from '../helpers/org-fixture.ts';
import { waitFor } from '../helpers/process.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { V3, WECOM_ENV } from '../helpers/wecom.ts';

const MINUTE = 60_000;
const APP = { corpId: V3.corpId, agentId: V3.agentId, secret: WECOM_ENV.WECOM_SECRET };

const row = async (db: Db, key: string) => (await db.select().from(outbox).where(eq(outbox.idempotencyKey, key)))[0];
const app = (key: string, recipient: string, message: OutboundMessage): OutboxItem => ({ key, channel: 'wecom.app', recipient, message });
const text = (t: string): OutboundMessage => ({ type: 'text', text: t });
const visitCard = (taskId: string) => ({
  card_type: 'button_interaction',
  main_title: { title: '实验小学 挂牌督导', desc: '9月15日 上午' },
  task_id: taskId,
  button_list: [{ text: '开始督导', style: 1, key: 'visit.start' }, { text: '改期', style: 2, key: 'visit.reschedule' }],
});

afterAll(() => clock.reset());

describe('the outbox on a running server, sending to the simulated WeCom', () => {
  let server: TestServer;
  let sim: WecomSimulator;
  let closeSim: () => Promise<void>;
  let db: Db;

  const send = async (items: OutboxItem | OutboxItem[]) => {
    await enqueue(db, items);
    server.dispatcher!.kick();
  };
  const sentRow = async (key: string) => {
    await waitFor(async () => (await row(db, key))?.status === 'sent', 10_000, `${key} to be sent`);
    return row(db, key);
  };

  beforeAll(async () => {
    sim = createWecomSimulator(APP);
    const listening = await sim.listen();
    closeSim = listening.close;
    server = await startTestServer({ ...WECOM_ENV, WECOM_API_BASE: listening.url });
    db = server.database.db;
  });
  afterAll(async () => {
    await server.stop();
    await closeSim();
  });

  it('sends a queued text message to the member with WeCom\'s exact body and marks it sent', async () => {
    const r = await send(app('t1', 'wangdx', text('您好，明天上午请到实验小学挂牌督导。'))).then(() => sentRow('t1'));
    expect(sim.messagesTo('wangdx')).toEqual([
      { touser: 'wangdx', msgtype: 'text', agentid: V3.agentId, text: { content: '您好，明天上午请到实验小学挂牌督导。' } },
    ]);
    expect(r).toMatchObject({ status: 'sent', finishedAttempts: 1, lastError: null });
    expect(r.response).toMatchObject({ msgid: expect.any(String) });
  });

  it('sends markdown and an interactive card, and keeps the card\'s response_code for a later update', async () => {
    await send([app('m1', 'lidx', { type: 'markdown', text: '**整改通知** 已送达' }), app('c1', 'lidx', { type: 'card', card: visitCard('visit_42') })]);
    const card = await sentRow('c1');
    expect(sim.messagesTo('lidx')).toEqual([
      { touser: 'lidx', msgtype: 'markdown', agentid: V3.agentId, markdown: { content: '**整改通知** 已送达' } },
      { touser: 'lidx', msgtype: 'template_card', agentid: V3.agentId, template_card: visitCard('visit_42') },
    ]);
    const responseCode = (card.response as { response_code: string }).response_code;
    expect(responseCode).toEqual(expect.any(String));

    await send(app('u1', 'lidx', { type: 'card_update', responseCode, userIds: ['lidx'], replaceName: '已开始' }));
    await sentRow('u1');
    expect(sim.cardUpdatesFor('lidx')).toEqual([
      { userids: ['lidx'], agentid: V3.agentId, response_code: responseCode, button: { replace_name: '已开始' } },
    ]);
  });

  it('renders a card as markdown for a group robot and an app group chat, which cannot carry it', async () => {
    sim.addChat({ chatid: 'zone1', name: '第一督学责任区', userlist: ['wangdx', 'lidx'] });
    const card = { type: 'card' as const, card: visitCard('visit_43') };
    await send([
      { key: 'r1', channel: 'wecom.robot', recipient: 'robot-key-zone1', message: card },
      { key: 'g1', channel: 'wecom.appchat', recipient: 'zone1', message: card },
    ]);
    await sentRow('r1');
    await sentRow('g1');
    const [robot] = sim.robotMessages('robot-key-zone1');
    const [chat] = sim.chatMessages('zone1');
    expect(robot.msgtype).toBe('markdown');
    expect(robot.markdown.content).toContain('**实验小学 挂牌督导**');
    expect(robot.markdown.content).toContain('开始督导 / 改期');
    expect(chat).toEqual({ chatid: 'zone1', msgtype: 'markdown', markdown: { content: robot.markdown.content } });
  });

  it('sends a stored photo: uploaded for the app, inline base64 with its md5 for a robot', async () => {
    const photo = await storeMedia(db, server.dataDir, { bytes: Buffer.from('JPEG bytes of the canteen'), mime: 'image/jpeg', fileName: 'canteen.jpg' });
    await send([app('p1', 'wangdx', { type: 'image', mediaId: photo.id }), { key: 'p2', channel: 'wecom.robot', recipient: 'robot-key-zone1', message: { type: 'image', mediaId: photo.id } }]);
    await sentRow('p1');
    await sentRow('p2');
    const [upload] = sim.calls('/cgi-bin/media/upload');
    expect(upload.body).toMatchObject({ type: 'image', fileName: 'canteen.jpg', contentType: 'image/jpeg' });
    const mediaId = (upload.response as { media_id: string }).media_id;
    expect(sim.messagesTo('wangdx').at(-1)).toEqual({ touser: 'wangdx', msgtype: 'image', agentid: V3.agentId, image: { media_id: mediaId } });
    const bytes = Buffer.from('JPEG bytes of the canteen');
    expect(sim.robotMessages('robot-key-zone1').at(-1)!.image).toEqual({
      base64: bytes.toString('base64'),
      md5: createHash('md5').update(bytes).digest('hex'),
    });
  });

  it('queues a message once and sends it once when the same key is enqueued twice', async () => {
    expect(await enqueue(db, app('dup', 'chenzr', text('请确认整改通知书')))).toBe(1);
    expect(await enqueue(db, app('dup', 'chenzr', text('另一条内容')))).toBe(0);
    server.dispatcher!.kick();
    await sentRow('dup');
    expect(sim.messagesTo('chenzr').map((m) => m.text.content)).toEqual(['请确认整改通知书']);
  });

  it('refreshes an expired token once and still delivers the message', async () => {
    const tokensBefore = sim.calls('/cgi-bin/gettoken').length;
    sim.expireToken();
    const r = await send(app('exp', 'wangdx', text('令牌过期后的消息'))).then(() => sentRow('exp'));
    expect(r).toMatchObject({ status: 'sent', finishedAttempts: 1 });
    expect(sim.calls('/cgi-bin/gettoken').length).toBe(tokensBefore + 1);
    expect(sim.messagesTo('wangdx').at(-1)!.text.content).toBe('令牌过期后的消息');
  });

  it('backs off on 45009, keeping the message pending with a later attempt time, then sends it', async () => {
    sim.rateLimit('/cgi-bin/message/send', 1);
    await send(app('rl', 'liukz', text('频率限制之后')));
    await waitFor(async () => (await row(db, 'rl')).finishedAttempts === 1, 10_000, 'the first attempt');
    const waiting = await row(db, 'rl');
    expect(waiting.status).toBe('pending');
    expect(waiting.lastError).toMatch(/45009/);
    expect(waiting.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(clock.now().getTime() + MINUTE - 5_000);
    expect(sim.messagesTo('liukz')).toEqual([]);

    clock.advance(MINUTE + 1_000);
    server.dispatcher!.kick();
    expect(await sentRow('rl')).toMatchObject({ status: 'sent', finishedAttempts: 2 });
    expect(sim.messagesTo('liukz').map((m) => m.text.content)).toEqual(['频率限制之后']);
  });

  it('gives a message up as dead with its last error after eight failed attempts, and lists it for the office', async () => {
    // lidx is one of the office's supervisors: the office lists the messages to its own people.
    const fixture = await createOrgFixture(db);
    const admin = await createAdmin(db, 'test', { officeId: fixture.office.id, username: 'outbox-admin', password: 'Dudao-outbox-2025!' });
    sim.fail('/cgi-bin/message/send', -1, 8);
    await send(app('dead1', 'lidx', text('永远发不出去')));
    for (let attempt = 1; attempt <= 8; attempt++) {
      await waitFor(async () => (await row(db, 'dead1')).finishedAttempts === attempt, 10_000, `attempt ${attempt}`);
      clock.advance(20 * MINUTE);
      server.dispatcher!.kick();
    }
    const dead = await row(db, 'dead1');
    expect(dead).toMatchObject({ status: 'dead', finishedAttempts: 8, lastError: expect.stringMatching(/errcode -1: system busy/) });
    expect(dead.abandonedAt).toBeInstanceOf(Date);

    const { token } = await createToken(db, admin);
    const res = await request(server.url).get('/api/outbox?status=dead').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([expect.objectContaining({
      key: 'dead1', status: 'dead', recipient: 'lidx', attempts: 8, last_error: dead.lastError, created_at: expect.any(String),
    })]);
  });

  it('refuses an unknown status with the reason, and anyone who is not an admin', async () => {
    const anon = await request(server.url).get('/api/outbox?status=dead');
    expect(anon.status).toBe(401);
    const fixtureAdmin = await createAdmin(db, 'test', { officeId: (await db.query.offices.findFirst())!.id, username: 'outbox-admin2', password: 'Dudao-outbox-2025!' });
    const { token } = await createToken(db, fixtureAdmin);
    const res = await request(server.url).get('/api/outbox?status=lost').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'bad_request', message: 'status must be one of pending, sent, dead, parked, waiting (got "lost")' });
  });

  it('parks a message WeCom refuses outright (a card without task_id) as dead after one attempt', async () => {
    const bad = { card_type: 'button_interaction', main_title: { title: '缺少 task_id' }, button_list: [{ text: '好', key: 'ok' }] };
    await send(app('bad', 'wangdx', { type: 'card', card: bad }));
    await waitFor(async () => (await row(db, 'bad')).status === 'dead', 10_000, 'the bad card to die');
    expect(await row(db, 'bad')).toMatchObject({ finishedAttempts: 1, lastError: expect.stringMatching(/40058.*task_id/) });
  });

  it('sends 30 messages a minute to one member and defers the 31st to when the minute frees, without counting it as a failure', async () => {
    const items = Array.from({ length: 31 }, (_, i) => app(`burst${i + 1}`, 'zhaoll', text(`第 ${i + 1} 条`)));
    await send(items);
    await waitFor(async () => (await row(db, 'burst31')).nextAttemptAt.getTime() > clock.now().getTime(), 20_000, 'the 31st to be deferred');
    const first = await row(db, 'burst1');
    const deferred = await row(db, 'burst31');
    expect(sim.messagesTo('zhaoll')).toHaveLength(30);
    expect(deferred).toMatchObject({ status: 'pending', startedAttempts: 0, finishedAttempts: 0, lastError: null });
    expect(deferred.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(first.sentAt!.getTime() + MINUTE);

    clock.advance(MINUTE + 1_000);
    server.dispatcher!.kick();
    await sentRow('burst31');
    expect(sim.messagesTo('zhaoll').map((m) => m.text.content)).toEqual(items.map((i) => (i.message as { text: string }).text));
  });

  it('sends 20 messages a minute through one group robot and defers the 21st', async () => {
    const items: OutboxItem[] = Array.from({ length: 21 }, (_, i) => ({ key: `bot${i + 1}`, channel: 'wecom.robot', recipient: 'robot-key-busy', message: text(`提醒 ${i + 1}`) }));
    await send(items);
    await waitFor(async () => (await row(db, 'bot21')).nextAttemptAt.getTime() > clock.now().getTime(), 20_000, 'the 21st to be deferred');
    expect(sim.robotMessages('robot-key-busy')).toHaveLength(20);
    expect(sim.calls('/cgi-bin/webhook/send').filter((c) => c.errcode === 45009)).toEqual([]);
    expect(await row(db, 'bot21')).toMatchObject({ status: 'pending', startedAttempts: 0, finishedAttempts: 0 });
    clock.advance(MINUTE + 1_000);
    server.dispatcher!.kick();
    await sentRow('bot21');
    expect(sim.robotMessages('robot-key-busy')).toHaveLength(21);
  });

  it('keeps one member\'s messages in order while the first of them waits for a retry', async () => {
    sim.fail('/cgi-bin/message/send', -1, 1);
    await send([app('o1', 'order', text('一')), app('o2', 'order', text('二')), app('o3', 'order', text('三'))]);
    await waitFor(async () => (await row(db, 'o1')).finishedAttempts === 1, 10_000, 'the first attempt');
    expect(await row(db, 'o2')).toMatchObject({ status: 'pending', startedAttempts: 0 });
    expect(sim.messagesTo('order')).toEqual([]);
    clock.advance(MINUTE);
    server.dispatcher!.kick();
    await sentRow('o3');
    expect(sim.messagesTo('order').map((m) => m.text.content)).toEqual(['一', '二', '三']);
  });
});

describe('the dispatcher when a process dies or WeCom answers late', () => {
  let database: Database;
  let sim: WecomSimulator;
  let closeSim: () => Promise<void>;
  let api: WecomApi;
  const log = createLogger('silent');
  let apiBase: string;
  const apiWith = (timeoutMs: number) => new WecomApi({ ...APP, baseUrl: apiBase, database, log, timeoutMs });
  const dispatcher = (through = api) => new Dispatcher({ database, log, senders: wecomSenders({ api: through, db: database.db, dataDir: '/nonexistent' }) });

  beforeAll(async () => {
    ({ database } = await freshDatabase());
    sim = createWecomSimulator(APP);
    const listening = await sim.listen();
    apiBase = listening.url;
    closeSim = listening.close;
    api = apiWith(2_000);
  });
  afterAll(async () => {
    await closeSim();
    await database.close();
  });

  it('sends a message again after the lease of a process that died mid-send runs out, and the member sees it once', async () => {
    const db = database.db;
    await enqueue(db, app('crash1', 'wangdx', text('进程中途退出')));
    // A worker leases the row, gets the message out, and dies before recording it.
    const [leased] = await leaseDue(db, { now: clock.now(), limit: 10, leaseMs: MINUTE, channels: ['wecom.app'] });
    const request = renderWecom('wecom.app', leased.recipient, leased.message as OutboundMessage, { agentId: APP.agentId });
    if (request.call === 'message/send') await api.sendMessage(request.body);

    const next = dispatcher();
    expect(await next.runOnce()).toBe(0); // still leased by the dead worker
    clock.advance(MINUTE + 1_000);
    expect(await next.runOnce()).toBe(1);

    expect(await row(db, 'crash1')).toMatchObject({ status: 'sent', startedAttempts: 2, finishedAttempts: 1 });
    const sends = sim.calls('/cgi-bin/message/send');
    expect(sends).toHaveLength(2);
    expect(sends[1].body).toMatchObject({ enable_duplicate_check: 1, duplicate_check_interval: 1800 });
    expect(sends[1].duplicate).toBe(true);
    expect(sim.messagesTo('wangdx').map((m) => m.text.content)).toEqual(['进程中途退出']);
  });

  it('abandons a message whose attempts keep crashing the worker, with the reason', async () => {
    const db = database.db;
    await enqueue(db, app('poison', 'lidx', text('每次都让进程崩溃')));
    for (let i = 0; i < 8; i++) {
      await leaseDue(db, { now: clock.now(), limit: 10, leaseMs: MINUTE, channels: ['wecom.app'] });
      clock.advance(MINUTE + 1_000);
    }
    await dispatcher().runOnce();
    const r = await row(db, 'poison');
    expect(r).toMatchObject({ status: 'dead', lastError: expect.stringMatching(/8 attempt\(s\) never finished/) });
    expect(r.abandonedAt).toBeInstanceOf(Date);
    expect(sim.messagesTo('lidx')).toEqual([]);
  });

  it('retries a send that timed out, and WeCom drops the repeat so the member sees it once', async () => {
    const db = database.db;
    const impatient = dispatcher(apiWith(300));
    sim.delay('/cgi-bin/message/send', 1_000);
    await enqueue(db, app('slow', 'chenzr', text('慢回答')));
    expect(await impatient.runOnce()).toBe(1);
    const after = await row(db, 'slow');
    expect(after).toMatchObject({ status: 'pending', finishedAttempts: 1, lastError: expect.stringMatching(/no answer within 300 ms/) });
    await waitFor(() => sim.calls('/cgi-bin/message/send').some((c) => c.to === 'chenzr'), 5_000, 'the slow send to land');

    clock.advance(20 * MINUTE);
    expect(await impatient.runOnce()).toBe(1);
    expect(await row(db, 'slow')).toMatchObject({ status: 'sent', finishedAttempts: 2 });
    expect(sim.messagesTo('chenzr').map((m) => m.text.content)).toEqual(['慢回答']);
  });

  it('stops after the sends in flight have finished', async () => {
    const db = database.db;
    sim.delay('/cgi-bin/message/send', 300);
    await enqueue(db, app('inflight', 'liukz', text('停止前发完')));
    const d = dispatcher();
    d.start();
    await waitFor(async () => (await row(db, 'inflight')).startedAttempts === 1, 5_000, 'the lease');
    await d.stop();
    expect(await row(db, 'inflight')).toMatchObject({ status: 'sent' });
  });
});

describe('the sandbox: the simulated WeCom mounted on the server itself', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer({ SANDBOX: '1' }); });
  afterAll(async () => { await server.stop(); });

  it('sends queued messages to /sim/wecom on the same server and records them there', async () => {
    await enqueue(server.database.db, app('sb1', 'wangdx', text('沙盒消息')));
    server.dispatcher!.kick();
    await waitFor(async () => (await row(server.database.db, 'sb1'))?.status === 'sent', 10_000, 'the sandbox send');
    expect(server.wecomSimulator!.messagesTo('wangdx').map((m) => m.text.content)).toEqual(['沙盒消息']);
    const wrong = await request(server.url).get('/sim/wecom/cgi-bin/gettoken?corpid=x&corpsecret=y');
    expect(wrong.body).toEqual({ errcode: 40013, errmsg: 'invalid corpid' });
  });
});
