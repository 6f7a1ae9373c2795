/**
 * conversations.md §3 end to end for a school contact who is only on the official account (赵老师, oZhao-openid):
 * the notice reaches her outside the 48-hour window as a template message, she replies 已整改 with a photo (sent
 * through the account and downloaded by media/get), the supervisor verifies it in WeCom, and she is told the outcome
 * as a customer-service message.
 */
import { conversation, keyOf, BASE_URL, NOTICE_TEMPLATE, type Conversation } from '../helpers/conversation.ts';
import { pngBytes } from '../helpers/photo.ts';

let chat: Conversation;
beforeEach(async () => { chat = await conversation({ at: '2026-05-20T09:00:00+08:00' }); });
afterEach(async () => { await chat.close(); });

const ZHAO = 'oZhao-openid';

it('notice, 已整改 with a photo, and the outcome, all on the official account', async () => {
  chat.officialAccount.addFollower(ZHAO); // she follows the account but has not written for a long time
  const sup = chat.as('wangdx');
  await sup.send('开始督导 实验小学');
  for (const t of ['亮点：课后服务丰富', '亮点：校园整洁', '不足：作业公示不及时', '不足：采光不足']) await sup.send(t);
  await sup.send('问题：食堂留样记录不全 限期10天');
  await sup.send('事项 6 7');
  await sup.send('提交');
  expect(sup.lastReply()).toContain('督导记录已提交');

  const zhao = chat.follower(ZHAO);
  const [tpl] = zhao.templateMessages().filter((b) => b.data.keyword1.value.includes('整改通知书'));
  expect(tpl).toMatchObject({ template_id: NOTICE_TEMPLATE });
  expect(tpl.url.startsWith(`${BASE_URL}/h5/`)).toBe(true);

  await zhao.sendImage(pngBytes(24, 24));
  expect(zhao.lastReply()).toMatch(/照片已收到/);
  await zhao.send('已整改 已补齐留样记录，专人负责');
  expect(zhao.lastReply()).toMatch(/^已收到你校对渡督整〔2026〕1号的整改报告（附照片1张），已转王督学督学审核/);
  const media = await chat.server.database.pool.query(`select mime from media where source like 'wechat:%'`);
  expect(media.rows).toEqual([{ mime: 'image/png' }]);

  const card = sup.lastCard();
  expect(card).toMatchObject({ main_title: { title: '整改报告待审核：渡督整〔2026〕1号', desc: '大渡口区实验小学 · 赵老师' } });
  await sup.tap(keyOf(card, '整改到位'));
  expect(zhao.lastReply()).toBe('渡督整〔2026〕1号的整改情况已经王督学确认到位，通知书已办结。感谢配合！');
  const states = await chat.server.database.pool.query(`select status, count(*)::int as n from outbox where channel = 'wechat.custom' group by status order by status`);
  expect(states.rows).toEqual([{ status: 'sent', n: expect.any(Number) }]);
});

it('answers cards by replying their numbers or words: the notice pick-list and the visit rating', async () => {
  const zhao = chat.follower(ZHAO);
  await zhao.send('您好'); // her message opens the 48-hour window: everything below arrives in the chat
  const sup = chat.as('wangdx');
  await sup.send('开始督导 实验小学');
  for (const t of ['亮点：课后服务丰富', '亮点：校园整洁', '不足：作业公示不及时', '不足：采光不足']) await sup.send(t);
  await sup.send('问题：食堂留样记录不全');
  await sup.send('问题：消防通道堆放杂物');
  await sup.send('事项 6 7');
  await sup.send('提交');

  const rating = zhao.messages().flatMap((m) => (m.type === 'text' && m.text.includes('请评价本次督导') ? [m.text] : []));
  expect(rating[0]).toContain('请回复序号或文字：1 非常满意 / 2 满意 / 3 基本满意 / 4 不满意');
  await zhao.send('满意');
  expect(zhao.lastReply()).toBe('感谢评价（满意）！如有要求，可回复"学校要求：…"。');

  await zhao.send('已整改 已经处理');
  expect(zhao.lastReply()).toMatch(/选择整改通知书[\s\S]*请回复序号或文字：1 1号 食堂留样记录 \/ 2 2号 消防通道堆放/);
  await zhao.send('2');
  expect(zhao.lastReply()).toMatch(/^已收到你校对渡督整〔2026〕2号的整改报告，已转王督学督学审核/);
  // A number that is no button is just text: the help, not a tap.
  await zhao.send('9');
  expect(zhao.lastReply()).toMatch(/已整改/);
});
