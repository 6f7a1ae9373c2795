/** conversations.md §1, as transcripts: a supervisor logs a visit in WeCom chat, the school gets its notices. */
import { actionKey } from '../../src/domain/actions.ts';
import { conversation, keyOf, BASE_URL, type Conversation } from '../helpers/conversation.ts';
import { pngBytes } from '../helpers/photo.ts';

let chat: Conversation;

beforeEach(async () => {
  chat = await conversation({ at: '2026-05-20T09:00:00+08:00' }); // a Wednesday
});
afterEach(async () => { await chat.close(); });

const photo = () => pngBytes(32, 24);

describe('a supervisor logs a visit', () => {
  it('records a whole visit by chat, and on 提交 the school gets numbered notices and the supervisor the record link', async () => {
    const sup = chat.as('wangdx');
    const contact = chat.as('chenzr');

    await sup.send('开始督导 实验小学');
    expect(sup.lastReply()).toMatch(/^已开始实验小学的督导（09:00到校）/);
    const itemsCard = sup.lastCard();
    expect(itemsCard).toMatchObject({ card_type: 'vote_interaction', checkbox: { mode: 1 } });
    expect((itemsCard.checkbox as { option_list: { text: string }[] }).option_list.map((o) => o.text)).toHaveLength(8);
    expect(JSON.stringify(itemsCard)).toContain('食堂、食品、饮水及宿舍卫生情况');

    await sup.sendImage(photo());
    await sup.sendImage(pngBytes(40, 30));
    expect(sup.lastReply()).toBe('照片已保存（本次督导共2张）。');

    await sup.send('亮点：课后服务项目丰富');
    await sup.send('优点：校园环境整洁');
    expect(sup.lastReply()).toMatch(/已记录亮点：校园环境整洁\n目前：亮点2条、不足0条/);
    await sup.send('不足：作业公示不及时');
    await sup.send('  不足 :  部分教室采光不足 ');
    expect(sup.lastReply()).toMatch(/已记录不足：部分教室采光不足\n目前：亮点2条、不足2条/);
    await sup.send('建议：建立作业公示制度');
    await sup.send('问题：食堂留样记录不全 限期10天');
    expect(sup.lastReply()).toMatch(/已记录问题：食堂留样记录不全\n整改期限10天/);
    await sup.send('问题：消防通道堆放杂物');
    expect(sup.lastReply()).toMatch(/整改期限15天/);
    await sup.send('现场整改：灭火器过期，已当场更换');
    expect(sup.lastReply()).toMatch(/已记录现场整改：灭火器过期，已当场更换/);

    await sup.tap(keyOf(itemsCard, '提交'), { selected: [{ questionKey: 'items', optionIds: ['6', '7'] }] });
    expect(sup.lastReply()).toBe('已记录督导事项：\n6. 校园及周边安全情况，学生交通安全情况\n7. 食堂、食品、饮水及宿舍卫生情况');
    expect(sup.lastCardUpdate()).toMatchObject({ replaceName: '已记录' });

    await sup.send('方式：推门听课、查阅资料 巡视');
    expect(sup.lastReply()).toBe('已记录督导方式：推门听课、查阅资料、校园巡视。');

    await sup.send('进度');
    const progress = sup.lastReply();
    for (const line of ['亮点（2）', '  1. 课后服务项目丰富', '不足（2）', '问题（2）', '  1. 食堂留样记录不全（限期10天）',
      '  2. 消防通道堆放杂物（限期15天）', '现场整改（1）', '照片：2张', '督导事项：6、7', '督导方式：推门听课、查阅资料、校园巡视']) {
      expect(progress).toContain(line);
    }
    expect(progress).toMatch(/记录已完整/);

    await sup.send('完成');
    const review = sup.lastCard();
    expect(review).toMatchObject({ card_type: 'button_interaction', main_title: { title: '督导记录：大渡口区实验小学' } });
    expect((review.button_list as { text: string }[]).map((b) => b.text)).toEqual(['提交', '继续补充']);

    await sup.tap(keyOf(review, '提交'));
    expect(sup.lastCardUpdate()).toMatchObject({ replaceName: '已提交' });
    const confirmation = sup.lastReply();
    expect(confirmation).toContain('实验小学的督导记录已提交');
    expect(confirmation).toContain('渡督整〔2026〕1号、渡督整〔2026〕2号');
    expect(confirmation).toMatch(new RegExp(`完整纪实表：${BASE_URL}/h5/visits/\\d+\\?t=`));

    const notices = contact.messages().flatMap((m) => (m.type === 'text' ? [m.text] : []));
    expect(notices).toHaveLength(2);
    expect(notices[0]).toContain('【整改通知书】渡督整〔2026〕1号');
    expect(notices[0]).toContain('经查，你校存在以下问题：食堂留样记录不全');
    expect(notices[0]).toContain('整改期限：10天，截止日期：2026年5月30日');
    expect(notices[1]).toContain('渡督整〔2026〕2号');
    expect(contact.lastCard()).toMatchObject({ main_title: { title: '请评价本次督导' } });
    // The contact who is only on the official account has both notices queued for that channel.
    const queued = await chat.server.database.pool.query(
      "select message->>'text' as text from outbox where channel = 'wechat.custom' and recipient = 'oZhao-openid' and message->>'type' = 'text' order by id");
    expect(queued.rows.map((r) => r.text as string).filter((t) => t.startsWith('【整改通知书】'))).toHaveLength(2);
  });

  it('starts a planned visit from the morning card, which becomes 督导进行中 and cannot start it twice', async () => {
    const sup = chat.as('wangdx');
    await sup.send('计划 实验中学 5月22日 食堂卫生');
    expect(sup.lastReply()).toBe('已计划2026年5月22日到实验中学督导（食堂卫生）。当天8:00会提醒你，到校后点"开始督导"。\n已提前告知学校联系人，并报督导室备案。');

    // The clock moves from Wednesday 09:00 to Friday 08:00 and every job firing on the way runs through Agenda.
    await chat.morning('2026-05-22');
    const morning = sup.lastCard();
    expect(morning).toMatchObject({ main_title: { title: '今日督导：实验中学', desc: '计划内容：食堂卫生' } });

    chat.setTime('2026-05-22T08:35:00+08:00');
    await sup.tap(keyOf(morning, '开始督导'));
    const update = sup.lastCardUpdate();
    expect(update?.card).toMatchObject({ main_title: { title: '督导进行中：实验中学', desc: '08:35到校' } });
    expect(update?.card).not.toHaveProperty('button_list');
    expect(sup.repliesText()).toMatch(/^已开始实验中学的督导（08:35到校）/);
    expect(sup.lastCard()).toMatchObject({ card_type: 'vote_interaction' });

    await sup.tap(keyOf(morning, '开始督导'));
    expect(sup.lastReply()).toBe('实验中学的督导已经开始了，直接发送照片和记录即可。');
    expect(sup.replies().filter((m) => m.type === 'card')).toHaveLength(0);
  });

  it('moves a planned visit with 改期 and sends the morning card again on the new day', async () => {
    const sup = chat.as('wangdx');
    await sup.send('计划 实验小学 2026-05-22 课堂教学');
    chat.setTime('2026-05-22T08:00:00+08:00');
    await chat.morning('2026-05-22');
    await sup.tap(keyOf(sup.lastCard(), '改期'));
    const choices = sup.lastCard();
    // The school must hear of the new day two days ahead: Sunday the 24th at the earliest, so from Monday on.
    expect((choices.button_list as { text: string }[]).map((b) => b.text)).toEqual(['5月25日周一', '5月26日周二', '5月27日周三', '5月28日周四', '5月29日周五']);

    await sup.tap(keyOf(choices, '5月25日周一'));
    expect(sup.lastReply()).toBe('已将实验小学的督导改到2026年5月25日，当天8:00会再次提醒你。');
    expect(sup.lastCardUpdate()).toMatchObject({ replaceName: '已改到2026年5月25日' });

    chat.setTime('2026-05-25T08:00:00+08:00');
    await chat.morning('2026-05-25');
    expect(sup.lastCard()).toMatchObject({ main_title: { title: '今日督导：实验小学' } });
  });

  it('asks which school when a name fits several, and starts the one tapped', async () => {
    const sup = chat.as('wangdx');
    await sup.send('开始督导 实验');
    const pick = sup.lastCard();
    expect(pick).toMatchObject({ card_type: 'button_interaction', main_title: { title: '选择学校' } });
    expect((pick.button_list as { text: string }[]).map((b) => b.text)).toEqual(['大渡口区实验小学', '实验中学']);

    await sup.tap(keyOf(pick, '实验中学'));
    expect(sup.lastCardUpdate()).toMatchObject({ replaceName: '已选：实验中学' });
    expect(sup.repliesText()).toMatch(/^已开始实验中学的督导/);
  });

  it('accepts the standard items typed as numbers, full-width or Chinese', async () => {
    const sup = chat.as('wangdx');
    await sup.send('开始督导 实验小学');
    await sup.send('事项　３、５ 六');
    expect(sup.lastReply()).toBe('已记录督导事项：\n3. 课程开设和课堂教学情况\n5. 教师师德和专业发展情况\n6. 校园及周边安全情况，学生交通安全情况');
    await sup.send('事项');
    expect(sup.lastReply()).toMatch(/^请回复"事项"加编号，例如"事项 3 5 6"：\n1\. 校务管理和制度执行情况/);
  });

  it('reads deadlines written in digits, full-width digits or Chinese numerals', async () => {
    const sup = chat.as('wangdx');
    await sup.send('开始督导 实验小学');
    await sup.send('问题：厕所卫生差　限期１０天');
    expect(sup.lastReply()).toMatch(/已记录问题：厕所卫生差\n整改期限10天/);
    await sup.send('问题：食堂留样记录不全，限期十五天。');
    expect(sup.lastReply()).toMatch(/已记录问题：食堂留样记录不全\n整改期限15天/);
    await sup.send('整改：围墙破损 7天内整改');
    expect(sup.lastReply()).toMatch(/已记录问题：围墙破损\n整改期限7天/);
  });

  it('keeps a photo sent before 开始督导 and puts it into the visit started soon after', async () => {
    const sup = chat.as('wangdx');
    await sup.sendImage(photo());
    expect(sup.lastReply()).toBe('照片已收到并保存。你还没有开始督导：30分钟内发送"开始督导 学校名称"，这张照片会自动存入本次督导。');

    chat.setTime('2026-05-20T09:10:00+08:00');
    await sup.send('开始督导 实验小学');
    expect(sup.repliesText()).toContain('你开始前发来的1张照片已存入本次督导。');
    await sup.send('进度');
    expect(sup.lastReply()).toContain('照片：1张');
  });

  it('does not put a photo from long before into a new visit', async () => {
    const sup = chat.as('wangdx');
    await sup.sendImage(photo());
    chat.setTime('2026-05-20T10:00:00+08:00');
    await sup.send('开始督导 实验小学');
    expect(sup.repliesText()).not.toContain('照片已存入');
    await sup.send('进度');
    expect(sup.lastReply()).toContain('照片：0张');
  });

  it('undoes the last entries one at a time and says what was undone', async () => {
    const sup = chat.as('wangdx');
    await sup.send('开始督导 实验小学');
    await sup.send('亮点：课后服务项目丰富');
    await sup.send('不足：作业公示不及时');
    await sup.send('撤销');
    expect(sup.lastReply()).toBe('已撤销不足：作业公示不及时');
    await sup.send('撤回');
    expect(sup.lastReply()).toBe('已撤销亮点：课后服务项目丰富');
    await sup.send('撤销');
    expect(sup.lastReply()).toBe('本次督导还没有可以撤销的记录。');
    await sup.send('进度');
    expect(sup.lastReply()).toContain('亮点（0）');
    expect(sup.lastReply()).toContain('不足（0）');
  });

  it('abandons the draft with 取消督导, after which nothing is open', async () => {
    const sup = chat.as('wangdx');
    await sup.send('开始督导 实验小学');
    const staleItems = sup.lastCard();
    await sup.send('亮点：课后服务项目丰富');
    await sup.send('取消督导');
    expect(sup.lastReply()).toBe('已取消实验小学的督导。已记录的内容保留在系统中，但不会提交。');
    await sup.send('进度');
    expect(sup.lastReply()).toBe('当前没有进行中的督导。发送"开始督导 学校名称"开始。');

    await sup.send('开始督导 实验小学');
    await sup.tap(keyOf(staleItems, '提交'), { selected: [{ questionKey: 'items', optionIds: ['1'] }] });
    expect(sup.lastReply()).toBe('这张事项卡片属于已经结束的督导，本次督导请回复"事项 3 5 6"。');
    await sup.send('进度');
    expect(sup.lastReply()).toContain('亮点（0）');
    expect(sup.lastReply()).toContain('督导事项：未勾选');
  });

  it('handles a message delivered three times once', async () => {
    const sup = chat.as('wangdx');
    await sup.send('开始督导 实验小学');
    for (let i = 0; i < 3; i++) await sup.send('亮点：课后服务项目丰富', { msgId: '7300000000000000001' });
    expect(sup.messages().filter((m) => m.type === 'text' && m.text.startsWith('已记录亮点'))).toHaveLength(1);
    await sup.send('完成');
    expect(sup.lastReply()).toContain('亮点至少2条（已记1条）');
  });

  it('handles a card tap delivered twice once', async () => {
    const sup = chat.as('wangdx');
    await sup.send('开始督导 实验小学');
    const items = sup.lastCard();
    await sup.tap(keyOf(items, '提交'), { selected: [{ questionKey: 'items', optionIds: ['3'] }] });
    await sup.redeliver();
    expect(sup.messages().filter((m) => m.type === 'text' && m.text.startsWith('已记录督导事项'))).toHaveLength(1);
    expect(sup.messages().filter((m) => m.type === 'card_update')).toHaveLength(1);
  });

  it('stores both of two messages handled at the same moment', async () => {
    const sup = chat.as('wangdx');
    await sup.send('开始督导 实验小学');
    await Promise.all([sup.send('亮点：课后服务项目丰富'), sup.send('亮点：校园环境整洁'), sup.sendImage(photo())]);
    await sup.send('进度');
    expect(sup.lastReply()).toContain('亮点（2）');
    expect(sup.lastReply()).toContain('照片：1张');
  });

  it('lets 提交 be typed without 完成 when the record is complete', async () => {
    const sup = chat.as('wangdx');
    await sup.send('开始督导 实验小学');
    for (const line of ['亮点：课后服务项目丰富', '亮点：校园环境整洁', '不足：作业公示不及时', '不足：采光不足', '事项 1']) await sup.send(line);
    await sup.send('提交');
    expect(sup.lastReply()).toMatch(/^大渡口区实验小学的督导记录已提交。\n本次没有需要下达整改通知书的问题。/);
    await sup.send('进度');
    expect(sup.lastReply()).toBe('当前没有进行中的督导。发送"开始督导 学校名称"开始。');
  });

  it('lets the school contact rate the visit once with a tap', async () => {
    const sup = chat.as('wangdx');
    const contact = chat.as('chenzr');
    await sup.send('开始督导 实验小学');
    for (const line of ['亮点：a1', '亮点：a2', '不足：b1', '不足：b2', '事项 1', '提交']) await sup.send(line);
    const card = contact.lastCard();
    await contact.tap(keyOf(card, '满意'));
    expect(contact.lastReply()).toBe('感谢评价（满意）！如有要求，可回复"学校要求：…"。');
    expect(contact.lastCardUpdate()).toMatchObject({ replaceName: '已评价：满意' });
    await contact.tap(keyOf(card, '不满意'));
    expect(contact.lastReply()).toBe('这次督导已经评价过了（满意）。');
    await contact.send('学校要求：希望督学多指导课后服务');
    expect(contact.lastReply()).toBe('已收到贵校的要求，已记入本次督导的纪实表，督学和督导室都能看到。');
  });

  it('goes on recording after 继续补充, and records the narrative', async () => {
    const sup = chat.as('wangdx');
    await sup.send('开始督导 实验小学');
    for (const line of ['亮点：a1', '亮点：a2', '不足：b1', '不足：b2', '事项 1', '完成']) await sup.send(line);
    await sup.tap(keyOf(sup.lastCard(), '继续补充'));
    expect(sup.lastReply()).toBe('好的，请继续补充，补充完再发送"完成"。');
    expect(sup.lastCardUpdate()).toMatchObject({ replaceName: '继续补充中' });
    await sup.send('纪实：上午听课两节，查阅了食堂台账。');
    expect(sup.lastReply()).toBe('已记录督导纪实（15字）。再次发送"纪实：…"会替换这段内容。');
    await sup.send('进度');
    expect(sup.lastReply()).toContain('纪实：15字');
  });
});

describe('what a supervisor is refused, and why', () => {
  it('refuses a school the supervisor is not assigned to and names their own schools', async () => {
    const li = chat.as('lidx');
    await li.send('开始督导 实验小学');
    expect(li.lastReply()).toBe('你不是大渡口区实验小学的责任督学，不能在该校发起督导。你负责的学校：钢花小学。如需联合督导，请让督导室或该校责任督学邀请你。');
  });

  it('answers a school name it does not know with the supervisor\'s own schools', async () => {
    const sup = chat.as('wangdx');
    await sup.send('开始督导 育才中学');
    expect(sup.lastReply()).toBe('没有找到名为"育才中学"的学校。你负责的学校：实验小学、实验中学。');
  });

  it('refuses a school contact who types 开始督导, saying why', async () => {
    const contact = chat.as('chenzr');
    await contact.send('开始督导 实验小学');
    expect(contact.lastReply()).toBe('学校联系人不能发起督导，督导由责任督学发起。如有需要，请联系责任督学或督导室。');
  });

  it('does not take a school contact\'s photo into any visit, and tells them what they can send', async () => {
    const contact = chat.as('chenzr');
    await contact.sendImage(photo());
    expect(contact.lastReply()).toContain('已整改 12号 整改说明');
  });

  it('tells someone the office does not know whom to ask', async () => {
    const stranger = chat.as('zhangsan');
    await stranger.send('开始督导 实验小学');
    expect(stranger.lastReply()).toContain('督导室');
    expect(stranger.lastReply()).toContain('zhangsan');
  });

  it('answers entries, 进度 and 完成 with no visit open by saying how to start one', async () => {
    const sup = chat.as('wangdx');
    for (const line of ['亮点：课后服务项目丰富', '进度', '完成', '撤销', '事项 3', '提交']) {
      await sup.send(line);
      expect(sup.lastReply()).toBe('当前没有进行中的督导。发送"开始督导 学校名称"开始。');
    }
  });

  it('refuses an unknown method and lists the known ones', async () => {
    const sup = chat.as('wangdx');
    await sup.send('开始督导 实验小学');
    await sup.send('方式 推门听课 跳舞');
    expect(sup.lastReply()).toBe('不认识的督导方式：跳舞。可选：推门听课、查阅资料、座谈走访、问卷调查、校园巡视、列席会议，例如"方式 推门听课 查阅资料"。');
  });

  it('refuses item numbers that do not exist and words that are not numbers', async () => {
    const sup = chat.as('wangdx');
    await sup.send('开始督导 实验小学');
    await sup.send('事项 3 9');
    expect(sup.lastReply()).toBe('督导事项编号9不存在，可选编号：1、2、3、4、5、6、7、8。');
    await sup.send('事项 3 食堂');
    expect(sup.lastReply()).toBe('"食堂"不是督导事项编号。可选编号：1、2、3、4、5、6、7、8，例如"事项 3 5 6"。');
  });

  it('names what the 2+2 rule and the items rule still need on 完成, and on 提交 too', async () => {
    const sup = chat.as('wangdx');
    await sup.send('开始督导 实验小学');
    await sup.send('亮点：课后服务项目丰富');
    await sup.send('完成');
    expect(sup.lastReply()).toBe([
      '大渡口区实验小学的督导记录还不能提交，请补充：',
      '1. 亮点至少2条（已记1条），发送"亮点：…"补充',
      '2. 不足至少2条（已记0条），发送"不足：…"补充',
      '3. 至少勾选1项督导事项，发送"事项 3 5"或在事项卡片中勾选',
    ].join('\n'));
    await sup.send('提交');
    expect(sup.lastReply()).toContain('不足至少2条（已记0条）');
  });

  it('asks for the text when an entry is empty', async () => {
    const sup = chat.as('wangdx');
    await sup.send('开始督导 实验小学');
    await sup.send('亮点：');
    expect(sup.lastReply()).toBe('请在"亮点："后写上内容，例如"亮点：课后服务安排有序"。');
    await sup.send('问题 限期10天');
    expect(sup.lastReply()).toBe('请在"问题："后写上问题，例如"问题：食堂留样记录不全 限期15天"。');
  });

  it('refuses a second tap on 提交 after the visit is recorded', async () => {
    const sup = chat.as('wangdx');
    await sup.send('开始督导 实验小学');
    for (const line of ['亮点：a1', '亮点：a2', '不足：b1', '不足：b2', '事项 1', '完成']) await sup.send(line);
    const review = sup.lastCard();
    await sup.tap(keyOf(review, '提交'));
    await sup.tap(keyOf(review, '提交'));
    expect(sup.lastReply()).toBe('大渡口区实验小学的这次督导已经提交，不能再修改。');
  });

  it('refuses a card key for a visit that does not exist', async () => {
    const sup = chat.as('wangdx');
    await sup.tap(actionKey('visit.start', 999999));
    expect(sup.lastReply()).toBe('未找到这次督导。');
  });
});
