/**
 * A notice to a school contact who is only on the official account (赵老师, oZhao-openid): a customer-service message
 * inside the 48-hour window her last message opened, a template message linking to the notice outside it, and on a
 * 订阅号 (no templates) a notice that waits — visible to the office — until she writes again. Nothing is lost and
 * nothing arrives twice.
 */
import request from 'supertest';
import { clock } from '../../src/clock.ts';
import { createAdmin, createToken } from '../../src/services/auth.ts';
import { BASE_URL, NOTICE_TEMPLATE, conversation, keyOf, type Conversation } from '../helpers/conversation.ts';

let chat: Conversation;
beforeEach(async () => { chat = await conversation({ at: '2026-05-20T09:00:00+08:00' }); });
afterEach(async () => { await chat.close(); });

const ZHAO = 'oZhao-openid';

/** 王督学 records a visit at 实验小学 with one problem and submits it: the school's contacts get the notice. */
async function submitVisit(problem: string): Promise<void> {
  const sup = chat.as('wangdx');
  await sup.send('开始督导 实验小学');
  await sup.send('亮点：课后服务项目丰富');
  await sup.send('亮点：校园环境整洁');
  await sup.send('不足：作业公示不及时');
  await sup.send('不足：部分教室采光不足');
  await sup.send(`问题：${problem} 限期10天`);
  await sup.send('事项 6');
  await sup.send('完成');
  await sup.tap(keyOf(sup.lastCard(), '提交'));
  expect(sup.lastReply()).toContain('督导记录已提交');
}

const noticeRows = async () => (await chat.server.database.pool.query(
  `select id, status, last_error, response from outbox where channel = 'wechat.custom' and recipient = $1 and idempotency_key like 'notice:%' order by id`, [ZHAO])).rows;

describe('a notice to a contact on the official account', () => {
  it('goes as a customer-service message inside the 48-hour window she opened', async () => {
    const zhao = chat.follower(ZHAO);
    await zhao.send('您好，我是实验小学的赵老师');
    await submitVisit('食堂留样记录不全');
    const texts = zhao.messages().flatMap((m) => (m.type === 'text' ? [m.text] : []));
    const notice = texts.find((t) => t.includes('【整改通知书】渡督整〔2026〕1号'));
    expect(notice).toContain('经查，你校存在以下问题：食堂留样记录不全');
    expect(zhao.templateMessages()).toHaveLength(0);
    expect((await noticeRows()).map((r) => [r.status, r.response.via])).toEqual([['sent', 'message/custom/send']]);
  });

  it('goes as a template message linking to its page when her last message is older than 48 hours', async () => {
    const zhao = chat.follower(ZHAO);
    await zhao.send('收到');
    clock.advance(49 * 3600_000);
    const customBefore = chat.officialAccount.calls('/cgi-bin/message/custom/send').length;
    await submitVisit('消防通道堆放杂物');
    // Known from her last message: no customer-service attempt at all, straight to the template.
    const customTries = chat.officialAccount.calls('/cgi-bin/message/custom/send').slice(customBefore).filter((c) => c.to === ZHAO);
    expect(customTries).toEqual([]);
    const [tpl] = zhao.templateMessages().filter((b) => b.data.keyword1.value.includes('整改通知书'));
    expect(tpl).toMatchObject({ touser: ZHAO, template_id: NOTICE_TEMPLATE });
    expect(tpl.data.keyword1.value).toMatch(/^【整改通知书】渡督整/);
    expect(tpl.data.keyword3.value).toMatch(/^2026年5月22日 \d\d:\d\d$/);
    expect(tpl.url.startsWith(`${BASE_URL}/h5/messages/`)).toBe(true);
    // The page shows the whole notice to her, and nothing to a link with the token changed.
    const path = tpl.url.slice(BASE_URL.length);
    const page = await request(chat.server.url).get(path);
    expect(page.status).toBe(200);
    expect(page.text).toContain('经查，你校存在以下问题：消防通道堆放杂物');
    const forged = await request(chat.server.url).get(path.replace(/t=.{4}/, 't=AAAA'));
    expect(forged.status).toBe(404);
    expect((await noticeRows()).map((r) => [r.status, r.response.via])).toEqual([['sent', 'message/template/send']]);
  });

  it('falls back to the template when the platform answers 45015 for a follower who never wrote to us', async () => {
    chat.officialAccount.addFollower(ZHAO);
    await submitVisit('作业量超标');
    const refused = chat.officialAccount.calls('/cgi-bin/message/custom/send').filter((c) => c.to === ZHAO);
    expect(refused.map((c) => c.errcode)).toContain(45015);
    expect(chat.follower(ZHAO).templateMessages().some((b) => b.data.keyword1.value.includes('整改通知书'))).toBe(true);
    expect((await noticeRows()).map((r) => r.status)).toEqual(['sent']);
  });

  it('waits on a 订阅号, shows the office the school is not reached yet, and arrives once when she writes', async () => {
    await chat.server.database.pool.query(`update offices set settings = jsonb_set(settings, '{officialAccount,kind}', '"订阅号"') where id = $1`, [chat.org.office.id]);
    chat.officialAccount.setKind('订阅号');
    chat.officialAccount.addFollower(ZHAO);
    // Here she is the school's only contact (陈主任 on WeCom has left).
    await chat.server.database.pool.query('update people set active = false where id = $1', [chat.org.contactWecom.id]);
    await submitVisit('图书室借阅登记缺失');
    const [waiting] = await noticeRows();
    expect(waiting.status).toBe('waiting');
    expect(waiting.last_error).toMatch(/订阅号不能主动推送.*学校尚未收到/);
    const { db } = chat.server.database;
    const admin = await createAdmin(db, 'test', { officeId: chat.org.office.id, username: 'oa-admin', password: 'Dudao-oa-2026!zz' });
    const { token } = await createToken(db, admin);
    const listed = await request(chat.server.url).get('/api/outbox?status=waiting').set('Authorization', `Bearer ${token}`);
    expect(listed.body.items.some((i: { id: number; last_error: string }) => i.id === Number(waiting.id) && /学校尚未收到/.test(i.last_error))).toBe(true);
    // The office's list of notices says the school has not been reached, and why.
    const office = await request(chat.server.url).get('/api/notices').set('Authorization', `Bearer ${token}`);
    const [listedNotice] = office.body.items;
    expect(listedNotice.reach).toMatchObject({ state: 'unreached', reason: expect.stringMatching(/订阅号不能主动推送.*学校尚未收到/) });

    clock.advance(3 * 24 * 3600_000);
    const zhao = chat.follower(ZHAO);
    await zhao.send('请问有新的通知吗？');
    const notices = () => zhao.messages().flatMap((m) => (m.type === 'text' && m.text.includes('【整改通知书】') ? [m.text] : []));
    expect(notices()).toHaveLength(1);
    expect(notices()[0]).toContain('图书室借阅登记缺失');
    expect((await noticeRows()).map((r) => r.status)).toEqual(['sent']);
    const after = await request(chat.server.url).get('/api/notices').set('Authorization', `Bearer ${token}`);
    expect(after.body.items[0].reach).toEqual({ state: 'reached' });
    // Her next message does not bring it again.
    await zhao.send('收到，谢谢');
    expect(notices()).toHaveLength(1);
  });

  it('waits for someone who unfollowed, and arrives when they follow again', async () => {
    chat.officialAccount.addFollower(ZHAO);
    chat.officialAccount.userActed(ZHAO, 'unsubscribe');
    await submitVisit('午休管理不规范');
    const [waiting] = await noticeRows();
    expect(waiting).toMatchObject({ status: 'waiting' });
    expect(waiting.last_error).toMatch(/43004/);
    const zhao = chat.follower(ZHAO);
    await zhao.follow();
    expect(zhao.messages().some((m) => m.type === 'text' && m.text.includes('午休管理不规范'))).toBe(true);
    expect((await noticeRows()).map((r) => r.status)).toEqual(['sent']);
  });

  it('keeps a template message the platform could not deliver (user block): it waits and arrives when she writes', async () => {
    chat.officialAccount.addFollower(ZHAO);
    await submitVisit('校服征订未公示');
    const zhao = chat.follower(ZHAO);
    const [sent] = await noticeRows();
    expect(sent).toMatchObject({ status: 'sent', response: { via: 'message/template/send' } });
    await zhao.templateFinished(sent.response.msgid, 'failed:user block');
    const [reopened] = await noticeRows();
    expect(reopened.status).toBe('waiting');
    expect(reopened.last_error).toMatch(/模板消息未能送达（failed:user block）.*学校尚未收到/);
    await zhao.send('你好');
    expect(zhao.messages().some((m) => m.type === 'text' && m.text.includes('校服征订未公示'))).toBe(true);
    expect((await noticeRows()).map((r) => r.status)).toEqual(['sent']);
    // A success report changes nothing.
    await zhao.templateFinished(sent.response.msgid, 'success');
    expect((await noticeRows()).map((r) => r.status)).toEqual(['sent']);
  });
});
