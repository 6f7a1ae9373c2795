import { clock } from '../../src/clock.ts';
import type { Database } from '../../src/db/client.ts';
import { OfficialAccountApi } from '../../src/channels/official-account/api.ts';
import { OfficialAccountApiError } from '../../src/channels/official-account/errors.ts';
import { createMenu, menuBody } from '../../src/channels/official-account/menu.ts';
import { createLogger } from '../../src/log.ts';
import { createOfficialAccountSimulator } from '../../src/simulators/official-account/api.ts';
import { freshDatabase } from '../helpers/db.ts';

const APP = { appId: 'wxapitest0000000001', secret: 'api-test-secret' };

describe('the official-account API client against the simulator', () => {
  const sim = createOfficialAccountSimulator({ ...APP, templates: ['tpl-notice'] });
  let platform: Awaited<ReturnType<typeof sim.listen>>;
  let database: Database;
  let api: OfficialAccountApi;

  beforeAll(async () => {
    platform = await sim.listen();
    ({ database } = await freshDatabase());
    api = new OfficialAccountApi({ baseUrl: platform.url, ...APP, database, log: createLogger('silent') });
  });
  afterAll(async () => { await platform.close(); await database.close(); clock.reset(); });
  beforeEach(() => sim.reset());

  it('fetches one token for many concurrent calls and keeps it in the database', async () => {
    sim.userWrote('oApiUser');
    await Promise.all([1, 2, 3, 4, 5].map(() => api.accessToken()));
    expect(sim.tokensIssued()).toBe(1);
    const { rows } = await database.pool.query(`select key from platform_tokens where key like 'wechat.access_token:%'`);
    expect(rows).toEqual([{ key: `wechat.access_token:${APP.appId}` }]);
    expect(sim.calls('/cgi-bin/token')[0].query).not.toHaveProperty('secret');
  });

  it('refreshes once on 42001 (expired) and on 40001 (not the latest), then the call goes through', async () => {
    sim.userWrote('oApiUser');
    const issued = sim.tokensIssued();
    sim.expireToken();
    await api.customSend({ touser: 'oApiUser', msgtype: 'text', text: { content: '一' } });
    sim.fail('/cgi-bin/message/custom/send', 40001);
    await api.customSend({ touser: 'oApiUser', msgtype: 'text', text: { content: '二' } });
    expect(sim.tokensIssued()).toBe(issued + 2);
    expect(sim.calls('/cgi-bin/message/custom/send').map((c) => c.errcode)).toEqual([42001, 0, 40001, 0]);
    expect(sim.customMessagesTo('oApiUser').map((b) => b.text.content)).toEqual(['一', '二']);
  });

  it('answers 45015 outside the 48-hour window, 45047 after five replies, 43004 once they unfollow', async () => {
    clock.set(new Date('2026-05-01T08:00:00Z'));
    sim.userWrote('oWindow');
    for (let i = 0; i < 5; i++) await api.customSend({ touser: 'oWindow', msgtype: 'text', text: { content: `第${i + 1}条` } });
    await expect(api.customSend({ touser: 'oWindow', msgtype: 'text', text: { content: '第6条' } })).rejects.toMatchObject({ errcode: 45047 });
    clock.set(new Date('2026-05-03T08:00:01Z'));
    await expect(api.customSend({ touser: 'oWindow', msgtype: 'text', text: { content: '晚了' } })).rejects.toMatchObject({ errcode: 45015 });
    sim.userActed('oWindow', 'unsubscribe');
    await expect(api.templateSend({ touser: 'oWindow', template_id: 'tpl-notice', data: { keyword1: { value: 'x' } } })).rejects.toMatchObject({ errcode: 43004 });
    clock.reset();
  });

  it('sends a template message once per client_msg_id, refuses unknown templates, and 48001 on a 订阅号', async () => {
    sim.addFollower('oTpl');
    const body = { touser: 'oTpl', template_id: 'tpl-notice', url: 'https://dudao.example.cn/h5/x', client_msg_id: 'abc', data: { keyword1: { value: '整改通知书' } } };
    const first = await api.templateSend(body);
    const again = await api.templateSend(body);
    expect(again.msgid).toBe(first.msgid);
    expect(sim.templateMessagesTo('oTpl')).toHaveLength(1);
    await expect(api.templateSend({ ...body, template_id: 'nope', client_msg_id: 'def' })).rejects.toMatchObject({ errcode: 40037 });
    sim.setKind('订阅号');
    await expect(api.templateSend({ ...body, client_msg_id: 'ghi' })).rejects.toMatchObject({ errcode: 48001, retryable: false });
    sim.setKind('服务号');
  });

  it('sends a template message once when the first answer was lost and the send is repeated', async () => {
    sim.addFollower('oLost');
    const hasty = new OfficialAccountApi({ baseUrl: platform.url, ...APP, database, log: createLogger('silent'), timeoutMs: 150 });
    const body = { touser: 'oLost', template_id: 'tpl-notice', client_msg_id: 'lost-1', data: { keyword1: { value: '整改通知书' } } };
    sim.delay('/cgi-bin/message/template/send', 400);
    await expect(hasty.templateSend(body)).rejects.toMatchObject({ retryable: true });
    await new Promise((r) => setTimeout(r, 400)); // the platform did take the first one
    await hasty.templateSend(body);
    expect(sim.templateMessagesTo('oLost')).toHaveLength(1);
    expect(sim.calls('/cgi-bin/message/template/send').filter((c) => c.to === 'oLost').map((c) => c.duplicate ?? false)).toEqual([false, true]);
  });

  it('turns 45009 into a retryable error with a long pause, without refreshing the token', async () => {
    const issued = sim.tokensIssued();
    sim.rateLimit('/cgi-bin/message/custom/send');
    const err = await api.customSend({ touser: 'oApiUser', msgtype: 'text', text: { content: 'x' } }).catch((e) => e);
    expect(err).toBeInstanceOf(OfficialAccountApiError);
    expect(err).toMatchObject({ errcode: 45009, retryable: true });
    expect(err.retryAfterMs).toBeGreaterThanOrEqual(60_000);
    expect(sim.tokensIssued()).toBe(issued);
  });

  it('downloads a photo a user sent (media/get) and answers 40007 for an unknown one', async () => {
    const id = sim.addMedia(Buffer.from('\x89PNG fake image bytes'), 'image/png', 'p.png');
    const file = await api.mediaGet(id);
    expect(file.contentType).toBe('image/png');
    expect(file.bytes.toString()).toContain('fake image');
    await expect(api.mediaGet('missing')).rejects.toMatchObject({ errcode: 40007 });
  });
});

describe('the custom menu', () => {
  const sim = createOfficialAccountSimulator(APP);
  let platform: Awaited<ReturnType<typeof sim.listen>>;
  let database: Database;
  let api: OfficialAccountApi;
  beforeAll(async () => {
    platform = await sim.listen();
    ({ database } = await freshDatabase());
    api = new OfficialAccountApi({ baseUrl: platform.url, ...APP, database, log: createLogger('silent') });
  });
  afterAll(async () => { await platform.close(); await database.close(); });

  it('creates the menu whose click keys the chat layer maps to words, and the platform refuses a malformed one', async () => {
    await createMenu(api);
    expect(sim.menu()).toEqual(menuBody().button);
    expect(sim.menu()!.map((b) => b.name)).toEqual(['督导报告', '绑定学校', '使用帮助']);
    await expect(api.post('/cgi-bin/menu/create', { button: [{ type: 'click', name: '一个名字太长太长的菜单', key: 'K' }] })).rejects.toMatchObject({ errcode: 40018 });
    await expect(api.post('/cgi-bin/menu/create', { button: [] })).rejects.toMatchObject({ errcode: 40016 });
    expect((await api.get('/cgi-bin/menu/get')).menu.button).toHaveLength(3);
  });
});
