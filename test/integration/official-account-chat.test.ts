import request from 'supertest';
import { clock } from '../../src/clock.ts';
import { offices } from '../../src/db/schema/index.ts';
import { createAdmin, createToken } from '../../src/services/auth.ts';
import { conversation, type Conversation } from '../helpers/conversation.ts';

/** The official account's own chat, end to end: safe-mode callbacks in, customer-service messages out. */
describe('public chat on the official account', () => {
  let chat: Conversation;
  beforeAll(async () => { chat = await conversation({ at: '2026-05-11T02:00:00Z' }); });
  afterAll(async () => { await chat.close(); });

  it('welcomes a new follower with what to send', async () => {
    const someone = chat.follower('oPublicMember01');
    await someone.follow();
    expect(someone.repliesText()).toMatch(/感谢关注/);
    expect(someone.repliesText()).toMatch(/报告/);
    expect(someone.repliesText()).toMatch(/绑定 123456/);
  });

  it('answers anything it does not know with the short public help, never silence or "not registered"', async () => {
    const someone = chat.follower('oPublicMember01');
    await someone.send('你们几点上班？');
    expect(someone.repliesText()).toMatch(/可以发送/);
    expect(someone.repliesText()).not.toMatch(/系统里还没有您的信息/);
    await someone.send('帮助');
    expect(someone.repliesText()).toMatch(/可以发送/);
  });

  it('treats menu clicks as the words on their buttons', async () => {
    const someone = chat.follower('oPublicMember02');
    await someone.tap('DUDAO_HELP');
    expect(someone.repliesText()).toMatch(/可以发送/);
    await someone.tap('DUDAO_BIND');
    expect(someone.repliesText()).toMatch(/请发送"绑定"加上督导室给您的6位绑定码/);
  });

  it('stores a redelivered message once and answers it once', async () => {
    const someone = chat.follower('oPublicMember03');
    await someone.send('随便问问', { msgId: '8000000000000000001' });
    await someone.redeliver();
    expect(someone.messages()).toHaveLength(1);
  });
});

describe('binding a school contact with a one-time code', () => {
  let chat: Conversation;
  let token: string;
  let otherToken: string;
  beforeAll(async () => {
    chat = await conversation({ at: '2026-05-11T02:00:00Z' });
    const { db } = chat.server.database;
    const admin = await createAdmin(db, 'test', { officeId: chat.org.office.id, username: 'bind-admin', password: 'Dudao-bind-2026!x' });
    token = (await createToken(db, admin)).token;
    const [other] = await db.insert(offices).values({ name: '另一个督导室', noticePrefix: '另督' }).returning();
    const otherAdmin = await createAdmin(db, 'test', { officeId: other.id, username: 'other-admin', password: 'Dudao-bind-2026!y' });
    otherToken = (await createToken(db, otherAdmin)).token;
  });
  afterAll(async () => { await chat.close(); });

  const issue = async (personIds: number[], as = token) =>
    request(chat.server.url).post('/api/bind-codes').set('Authorization', `Bearer ${as}`).send({ personIds });

  it('binds the openid to the contact the office issued the code for, once', async () => {
    const res = await issue([chat.org.stranger.id]);
    expect(res.status).toBe(201);
    const [{ code, name, school, expiresAt }] = res.body.codes;
    expect(code).toMatch(/^\d{6}$/);
    expect([name, school]).toEqual(['路人甲', '钢花小学']);
    expect(Math.abs(new Date(expiresAt).getTime() - clock.now().getTime() - 7 * 24 * 3600_000)).toBeLessThan(5_000);

    const page = await request(chat.server.url).get('/api/bind-codes/print').set('Authorization', `Bearer ${token}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`绑定 ${code}`);
    expect(page.text).toContain('路人甲');

    const contact = chat.follower('oLurenjia-openid');
    await contact.send(`绑定 ${code}`);
    expect(contact.repliesText()).toMatch(/绑定成功：路人甲（钢花小学）/);
    const [row] = await chat.server.database.pool.query(`select wechat_openid from people where id = ${chat.org.stranger.id}`).then((r) => r.rows);
    expect(row.wechat_openid).toBe('oLurenjia-openid');
    await contact.send(`绑定 ${code}`);
    expect(contact.repliesText()).toMatch(/已经使用过/);

    const someoneElse = chat.follower('oSomeoneElse');
    await someoneElse.send(`绑定 ${code}`);
    expect(someoneElse.repliesText()).toMatch(/已经使用过/);
    const audit = await chat.server.database.pool.query(`select actor, action from audit_log where action in ('bind_code.issue', 'person.bind_wechat') order by id`);
    expect(audit.rows.map((r) => r.action)).toEqual(['bind_code.issue', 'person.bind_wechat']);
    // The code no longer shows on the list to hand out.
    const live = await request(chat.server.url).get('/api/bind-codes').set('Authorization', `Bearer ${token}`);
    expect(live.body.codes).toEqual([]);
  });

  it('refuses an expired code and a code replaced by a newer one', async () => {
    const first = (await issue([chat.org.contactWecom.id])).body.codes[0].code;
    const second = (await issue([chat.org.contactWecom.id])).body.codes[0].code;
    const contact = chat.follower('oChen-openid');
    await contact.send(`绑定 ${first}`);
    expect(contact.repliesText()).toMatch(/绑定码不正确/);
    clock.advance(7 * 24 * 3600_000 + 1000);
    await contact.send(`绑定 ${second}`);
    expect(contact.repliesText()).toMatch(/已过期/);
    const [row] = (await chat.server.database.pool.query(`select wechat_openid from people where id = ${chat.org.contactWecom.id}`)).rows;
    expect(row.wechat_openid).toBeNull();
  });

  it('pauses an openid after five wrong codes in an hour, then lets it try again', async () => {
    const fresh = (await issue([chat.org.contactOpenid.id])).body.codes[0].code;
    const guesser = chat.follower('oGuesser');
    const wrong = fresh === '000000' ? '000001' : '000000';
    for (let i = 1; i <= 5; i++) {
      await guesser.send(`绑定 ${wrong}`);
      expect(guesser.repliesText()).toMatch(new RegExp(`还可尝试${5 - i}次`));
    }
    // Even the right code is refused during the pause.
    await guesser.send(`绑定 ${fresh}`);
    expect(guesser.repliesText()).toMatch(/错误次数过多，请\d+分钟后再试/);
    clock.advance(3600_000);
    await guesser.send(`绑定 ${fresh}`);
    expect(guesser.repliesText()).toMatch(/绑定成功：赵老师/);
  });

  it('issues codes only for school contacts of the signed-in office', async () => {
    const foreign = await issue([chat.org.stranger.id], otherToken);
    expect(foreign.status).toBe(404);
    expect(foreign.body.message).toMatch(/not an active school contact of this office/);
    const supervisor = await issue([chat.org.supervisor.id]);
    expect(supervisor.status).toBe(404);
    const none = await request(chat.server.url).post('/api/bind-codes').send({});
    expect(none.status).toBe(401);
    const bad = await request(chat.server.url).post('/api/bind-codes').set('Authorization', `Bearer ${token}`).send({ personIds: 'all' });
    expect(bad.status).toBe(400);
    const list = await request(chat.server.url).get('/api/bind-codes').set('Authorization', `Bearer ${otherToken}`);
    expect(list.body.codes).toEqual([]);
  });
});
