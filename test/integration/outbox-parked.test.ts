/**
 * A message for a channel no sender in this process can send (here the official account, before that channel is
 * connected) is parked with a reason instead of waiting for ever, and goes out once a sender for the channel is
 * registered.
 */
import request from 'supertest';
import { eq } from 'drizzle-orm';
import { outbox } from '../../src/db/schema/index.ts';
import type { ChannelSender } from '../../src/channels/sender.ts';
import type { OutboxRow } from '../../src/services/outbox.ts';
import { createAdmin, createToken } from '../../src/services/auth.ts';
import { conversation, type Conversation } from '../helpers/conversation.ts';

let chat: Conversation;
beforeAll(async () => { chat = await conversation({ at: '2026-05-20T09:00:00+08:00', officialAccount: false }); });
afterAll(async () => { await chat.close(); });

it('parks the official-account rows with a reason the office sees, and sends them when a sender registers', async () => {
  const sup = chat.as('wangdx');
  await sup.send('开始督导 实验小学');
  for (const t of ['亮点：课后服务丰富', '亮点：校园整洁', '不足：作业公示不及时', '不足：采光不足', '问题：食堂留样记录不全', '事项 7']) await sup.send(t);
  await sup.send('提交');

  const { db } = chat.server.database;
  // The dispatcher sweeps for unsendable rows at most every 250 ms: wait for its next pass.
  const parkedRows = async () => (await db.select().from(outbox).where(eq(outbox.channel, 'wechat.custom'))).filter((r) => r.status === 'parked');
  for (let i = 0; i < 100 && (await parkedRows()).length < 2; i++) await new Promise((r) => setTimeout(r, 50));
  const rows = await db.select().from(outbox).where(eq(outbox.channel, 'wechat.custom'));
  expect(rows.length).toBe(2); // the notice and the rating card for 赵老师, on the official account only
  for (const r of rows) expect(r).toMatchObject({ status: 'parked', lastError: '公众号渠道尚未开通（本系统还不能通过它发送），消息已暂存，渠道开通后自动发出。', finishedAttempts: 0 });
  // WeCom messages were not held up.
  expect(chat.as('chenzr').lastReply()).toContain('【整改通知书】渡督整〔2026〕1号');

  const admin = await createAdmin(db, 'test', { officeId: chat.org.office.id, username: 'parked-admin', password: 'Dudao-parked-2026!' });
  const { token } = await createToken(db, admin);
  const listed = await request(chat.server.url).get('/api/outbox?status=parked').set('Authorization', `Bearer ${token}`);
  expect(listed.body.items.map((i: any) => [i.channel, i.recipient, i.status])).toEqual([
    ['wechat.custom', 'oZhao-openid', 'parked'], ['wechat.custom', 'oZhao-openid', 'parked'],
  ]);

  const sent: OutboxRow[] = [];
  const officialAccount: ChannelSender = { send: async (row) => { sent.push(row); return { errcode: 0 }; }, limits: () => [] };
  await chat.server.dispatcher!.addSender('wechat.custom', officialAccount);
  for (let i = 0; i < 100 && sent.length < 2; i++) {
    await chat.server.dispatcher!.runOnce();
    await new Promise((r) => setTimeout(r, 20));
  }
  expect(sent.map((r) => (r.message as any).type)).toEqual(['text', 'card']);
  expect((sent[0].message as any).text).toContain('【整改通知书】渡督整〔2026〕1号');
  const after = await db.select().from(outbox).where(eq(outbox.channel, 'wechat.custom'));
  expect(after.map((r) => [r.status, r.lastError])).toEqual([['sent', null], ['sent', null]]);
});
