/** conversations.md §3, as transcripts: a school contact confirms rectification in chat, the supervisor reviews it. */
import { eq } from 'drizzle-orm';
import { auditLog, people, rectificationNotices } from '../../src/db/schema/index.ts';
import { conversation, keyOf, BASE_URL, type Conversation, type Participant } from '../helpers/conversation.ts';
import { pngBytes } from '../helpers/photo.ts';

let chat: Conversation;

beforeEach(async () => {
  chat = await conversation({ at: '2026-05-20T09:00:00+08:00' }); // a Wednesday
  const { office, zone, schools } = chat.org;
  await chat.server.database.db.insert(people).values([
    { officeId: office.id, name: '周组长', mobile: '13800000011', roles: ['zone_leader'], zoneId: zone.id, wecomUserId: 'zhouzz' },
    { officeId: office.id, name: '钱校长', mobile: '13800000012', roles: ['school_contact'], schoolId: schools.ganghua.id, wecomUserId: 'qianxz' },
  ]);
});
afterEach(async () => { await chat.close(); });

/** A whole visit by chat ending in 提交: each problem becomes a numbered notice. */
async function visitWithProblems(sup: Participant, school: string, problems: string[]): Promise<void> {
  await sup.send(`开始督导 ${school}`);
  for (const t of ['亮点：课后服务丰富', '亮点：校园整洁', '不足：作业公示不及时', '不足：采光不足']) await sup.send(t);
  for (const p of problems) await sup.send(`问题：${p}`);
  await sup.send('事项 6 7');
  await sup.send('提交');
  expect(sup.lastReply()).toContain('督导记录已提交');
}

const notice = async (seq: number) => {
  const [n] = await chat.server.database.db.select().from(rectificationNotices).where(eq(rectificationNotices.seq, seq));
  return n;
};

describe('a school contact confirms rectification', () => {
  it('confirms the one open notice without a number, photo first; the supervisor verifies it; both see the outcome', async () => {
    const sup = chat.as('wangdx');
    const contact = chat.as('chenzr');
    await visitWithProblems(sup, '实验小学', ['食堂留样记录不全 限期10天']);

    await contact.sendImage(pngBytes(20, 20));
    expect(contact.lastReply()).toBe('照片已收到。请在30分钟内回复"已整改 编号 整改情况"，照片会一并提交。');
    await contact.send('已整改 已补齐留样记录，专人负责');
    expect(contact.lastReply()).toBe('已收到你校对渡督整〔2026〕1号的整改报告（附照片1张），已转王督学督学审核，审核结果会通知你。');
    expect((await notice(1)).status).toBe('submitted');

    const card = sup.lastCard();
    expect(card).toMatchObject({ main_title: { title: '整改报告待审核：渡督整〔2026〕1号', desc: '大渡口区实验小学 · 陈主任' } });
    expect(card.sub_title_text).toContain('整改：已补齐留样记录，专人负责');
    expect(card.horizontal_content_list).toEqual([{ keyname: '照片', value: '1张（点卡片查看）' }]);
    expect((card.button_list as { text: string }[]).map((b) => b.text)).toEqual(['整改到位', '退回', '需回访']);
    expect(String((card.card_action as { url: string }).url)).toMatch(new RegExp(`^${BASE_URL}/h5/notices/\\d+\\?t=`));

    await sup.tap(keyOf(card, '整改到位'));
    expect(sup.lastCardUpdate()).toMatchObject({ replaceName: '已确认到位' });
    expect(sup.lastReply()).toBe('已确认大渡口区实验小学的渡督整〔2026〕1号整改到位，通知书已办结，已通知学校。');
    expect(contact.lastReply()).toBe('渡督整〔2026〕1号的整改情况已经王督学确认到位，通知书已办结。感谢配合！');
    const closed = await notice(1);
    expect(closed.status).toBe('closed');
    expect(closed.verifiedBy).toBe(chat.org.supervisor.id);

    // Every step is in the audit log: who, from → to.
    const steps = await chat.server.database.db.select().from(auditLog).where(eq(auditLog.entity, 'rectification_notice')).orderBy(auditLog.id);
    expect(steps.map((s) => [s.actor, s.action, (s.before as any).status, (s.after as any).status])).toEqual([
      [`person:${chat.org.contactWecom.id}`, 'notice.report_all', 'issued', 'submitted'],
      [`person:${chat.org.supervisor.id}`, 'notice.verify', 'submitted', 'verified'],
      [`person:${chat.org.supervisor.id}`, 'notice.close', 'verified', 'closed'],
    ]);

    // A second tap on the old card changes nothing.
    await sup.tap(keyOf(card, '整改到位'));
    expect(sup.lastReply()).toBe('这张卡片对应的渡督整〔2026〕1号整改报告已经处理过了。');
  });

  it('takes the number as 12号 or in full, offers a pick-list with several open, and adds photos sent after the text', async () => {
    const sup = chat.as('wangdx');
    const contact = chat.as('chenzr');
    await visitWithProblems(sup, '实验小学', ['食堂留样记录不全', '消防通道堆放杂物', '图书室台账缺失']);

    await contact.send('已整改 已经处理');
    const pick = contact.lastCard();
    expect(pick).toMatchObject({ main_title: { title: '选择整改通知书' } });
    expect((pick.button_list as { text: string }[]).map((b) => b.text)).toEqual(['1号 食堂留样记录', '2号 消防通道堆放', '3号 图书室台账缺']);
    await contact.tap(keyOf(pick, '2号 消防通道堆放'));
    expect(contact.lastCardUpdate()).toMatchObject({ replaceName: '已选择渡督整〔2026〕2号' });
    expect(contact.lastReply()).toMatch(/^已收到你校对渡督整〔2026〕2号的整改报告，已转王督学督学审核/);
    expect((await notice(2)).status).toBe('submitted');

    await contact.send('已整改 渡督整〔2026〕1号 留样柜已更换');
    expect(contact.lastReply()).toMatch(/^已收到你校对渡督整〔2026〕1号的整改报告/);
    await contact.sendImage(pngBytes(30, 30));
    expect(contact.lastReply()).toBe('照片已补充到渡督整〔2026〕1号的整改报告（共1张）。');

    await contact.send('已整改 3号 台账已补齐');
    expect(contact.lastReply()).toMatch(/^已收到你校对渡督整〔2026〕3号/);
    await contact.send('已整改 3号 再报一次');
    expect(contact.lastReply()).toBe('渡督整〔2026〕3号已报告整改情况，正在等待督学审核，无需重复报告。');
    await contact.send('已整改 没有编号');
    expect(contact.lastReply()).toBe('你校目前没有待整改的整改通知书。');
  });

  it('confirms a notice with several problems problem by problem', async () => {
    const sup = chat.as('wangdx');
    const contact = chat.as('chenzr');
    await visitWithProblems(sup, '实验小学', ['1.食堂留样记录不全；2.消防通道堆放杂物']);
    await contact.send('已整改 1号 第2项 杂物已清理');
    expect(contact.lastReply()).toBe('已记录渡督整〔2026〕1号第2项的整改情况。还有第1项未报告，完成后请回复"已整改 1号 第1项 整改情况"。');
    expect((await notice(1)).status).toBe('rectifying');
    await contact.send('已整改 1号 第3项 不存在');
    expect(contact.lastReply()).toBe('渡督整〔2026〕1号共有2项问题，没有第3项。');
    await contact.send('已整改 1号 第1项 留样已补齐');
    expect(contact.lastReply()).toMatch(/^已收到你校对渡督整〔2026〕1号的整改报告/);
    const card = sup.lastCard();
    expect(card.sub_title_text).toContain('问题1：食堂留样记录不全');
    expect(card.sub_title_text).toContain('整改：第2项 杂物已清理');
    expect(card.sub_title_text).toContain('整改：第1项 留样已补齐');
  });

  it('is returned with a typed reason, resubmitted, and verified by the zone leader', async () => {
    const sup = chat.as('wangdx');
    const contact = chat.as('chenzr');
    const leader = chat.as('zhouzz');
    await visitWithProblems(sup, '实验小学', ['食堂留样记录不全']);
    await contact.send('已整改 1号 已补齐');
    await sup.tap(keyOf(sup.lastCard(), '退回'));
    expect(sup.lastCardUpdate()).toMatchObject({ replaceName: '已选择退回' });
    const reasons = sup.lastCard();
    expect((reasons.button_list as { text: string }[]).map((b) => b.text)).toEqual(['措施不具体', '缺少照片佐证', '问题仍未解决']);
    await sup.send('留样记录只补了一周，请补齐整月');
    expect(sup.lastReply()).toBe('已退回大渡口区实验小学的渡督整〔2026〕1号，原因已发给学校。');
    expect(contact.lastReply()).toContain('渡督整〔2026〕1号的整改报告被王督学退回。\n原因：留样记录只补了一周，请补齐整月');
    const back = await notice(1);
    expect(back).toMatchObject({ status: 'rectifying', returnReason: '留样记录只补了一周，请补齐整月' });

    // The next free text is the help again, not a second reason.
    await sup.send('随便说点什么');
    expect(sup.lastReply()).toMatch(/^可以这样对我说/);

    await contact.send('已整改 1号 整月留样已补齐');
    expect(sup.lastCard().sub_title_text).toBe('问题：食堂留样记录不全\n整改：整月留样已补齐');
    await leader.send('整改到位 1号');
    expect(leader.lastReply()).toBe('已确认大渡口区实验小学的渡督整〔2026〕1号整改到位，通知书已办结，已通知学校。');
    expect(contact.lastReply()).toBe('渡督整〔2026〕1号的整改情况已经周组长确认到位，通知书已办结。感谢配合！');
    expect(sup.lastReply()).toBe('已确认大渡口区实验小学的渡督整〔2026〕1号整改到位，通知书已办结，已通知学校。');
  });

  it('returns with a reason button', async () => {
    const sup = chat.as('wangdx');
    const contact = chat.as('chenzr');
    await visitWithProblems(sup, '实验小学', ['食堂留样记录不全']);
    await contact.send('已整改 已补齐');
    await sup.tap(keyOf(sup.lastCard(), '退回'));
    await sup.tap(keyOf(sup.lastCard(), '缺少照片佐证'));
    expect(sup.lastCardUpdate()).toMatchObject({ replaceName: '缺少照片佐证' });
    expect(contact.lastReply()).toContain('原因：缺少照片佐证');
    expect((await notice(1)).status).toBe('rectifying');
  });

  it('refuses another supervisor, another school\'s contact, and tells a stranger whom to ask', async () => {
    const sup = chat.as('wangdx');
    const contact = chat.as('chenzr');
    await visitWithProblems(sup, '实验小学', ['食堂留样记录不全']);
    await contact.send('已整改 1号 已补齐');
    const card = sup.lastCard();

    const other = chat.as('lidx');
    await other.tap(keyOf(card, '整改到位'));
    expect(other.lastReply()).toBe('只有该校的责任督学、所在责任区组长或督导室可以审核渡督整〔2026〕1号。');
    await other.send('整改到位 1号');
    expect(other.lastReply()).toBe('只有该校的责任督学、所在责任区组长或督导室可以审核渡督整〔2026〕1号。');
    expect((await notice(1)).status).toBe('submitted');

    const otherSchool = chat.as('qianxz');
    await otherSchool.send('已整改 1号 我们也整改了');
    expect(otherSchool.lastReply()).toBe('未找到1号整改通知书。');
    await otherSchool.send('已整改 渡督整〔2026〕1号 我们也整改了');
    expect(otherSchool.lastReply()).toBe('未找到渡督整〔2026〕1号整改通知书。');

    await sup.send('已整改 1号 督学不能代报');
    expect(sup.lastReply()).toBe('只有学校联系人可以报告整改情况。如需帮助，请联系督导室。');

    const stranger = chat.as('nobody-here');
    await stranger.send('已整改 1号 你好');
    expect(stranger.lastReply()).toMatch(/请联系所在区教育督导室/);
    const { rows } = await chat.server.database.pool.query("select count(*)::int as n from rectification_events where kind = 'submitted'");
    expect(rows[0].n).toBe(1);
  });

  it('plans a re-check visit (需回访) and verifies the notice when that visit is submitted with it marked 到位', async () => {
    const sup = chat.as('wangdx');
    const contact = chat.as('chenzr');
    await visitWithProblems(sup, '实验小学', ['食堂留样记录不全']);
    await contact.send('已整改 1号 已补齐');
    await sup.tap(keyOf(sup.lastCard(), '需回访'));
    expect(sup.lastReply()).toMatch(/^已安排2026年5月21日到实验小学回访（回头看）渡督整〔2026〕1号/);
    expect(contact.lastReply()).toBe('督学将于2026年5月21日到校回访渡督整〔2026〕1号的整改情况。');
    expect((await notice(1)).status).toBe('submitted');
    // Verified by the re-check visit only, not by a tap meanwhile.
    await sup.send('整改到位 1号');
    expect(sup.lastReply()).toBe('渡督整〔2026〕1号已安排回访（回头看），请在回访督导中发送"到位 编号"，提交督导记录后即确认到位。');

    chat.setTime('2026-05-21T08:00:00+08:00');
    await chat.morning('2026-05-21');
    const morning = sup.lastCard();
    expect(morning).toMatchObject({ main_title: { title: '今日督导：实验小学', desc: '计划内容：回头看：渡督整〔2026〕1号' } });
    await sup.tap(keyOf(morning, '开始督导'));
    await sup.send('到位 1号');
    expect(sup.lastReply()).toBe('已记录：渡督整〔2026〕1号到位。提交本次督导记录后生效。');
    expect((await notice(1)).status).toBe('submitted');
    for (const t of ['亮点：留样规范', '亮点：台账齐全', '不足：标签不清', '不足：记录潦草']) await sup.send(t);
    await sup.send('事项 7');
    await sup.send('提交');
    expect((await notice(1)).status).toBe('closed');
    expect(contact.lastReply()).toBe('渡督整〔2026〕1号的整改情况已经王督学确认到位，通知书已办结。感谢配合！');
  });

  it('lists the notices each person may see, and a 退回 left unanswered lapses', async () => {
    const sup = chat.as('wangdx');
    const contact = chat.as('chenzr');
    await visitWithProblems(sup, '实验小学', ['食堂留样记录不全', '消防通道堆放杂物']);
    await contact.send('通知书');
    expect(contact.lastReply()).toMatch(new RegExp(`^未办结的整改通知书：\n· 渡督整〔2026〕1号 实验小学：已下达，期限2026年6月4日\n  ${BASE_URL}/h5/notices/\\d+\\?t=`));
    expect(contact.lastReply()).toContain('· 渡督整〔2026〕2号 实验小学：已下达');
    await chat.as('lidx').send('通知书');
    expect(chat.as('lidx').lastReply()).toBe('目前没有未办结的整改通知书。');
    await chat.as('qianxz').send('通知书');
    expect(chat.as('qianxz').lastReply()).toBe('目前没有未办结的整改通知书。');
    await chat.as('zhouzz').send('通知书');
    expect(chat.as('zhouzz').lastReply()).toContain('渡督整〔2026〕2号');

    await contact.send('已整改 1号 已补齐');
    await sup.tap(keyOf(sup.lastCard(), '退回'));
    chat.setTime('2026-05-20T10:00:00+08:00');
    await sup.send('今天天气不错');
    expect(sup.lastReply()).toMatch(/^可以这样对我说/);
    expect((await notice(1)).status).toBe('submitted');
    // A second 需回访 tap plans one visit, not two.
    const card = sup.messages().flatMap((m) => (m.type === 'card' ? [m.card] : [])).find((c) => String((c.main_title as any).title).includes('1号'))!;
    await sup.tap(keyOf(card, '需回访'));
    await sup.tap(keyOf(card, '需回访'));
    const { rows } = await chat.server.database.pool.query("select count(*)::int as n from visits where type = '回访督导'");
    expect(rows[0].n).toBe(1);
  });
});
