/**
 * The sandbox console in a real browser: a supervisor runs a whole visit (typed entries, a photo, card taps), the
 * school contact receives the rectification notice, and a clock jump brings a planned visit's morning card.
 * Every step goes through the real callback route, inbox, bot, outbox, dispatcher and the simulated WeCom API.
 */
import { clock } from '../../src/clock.ts';
import { openSandbox, type SandboxSession } from '../helpers/browser.ts';
import { pngFile } from '../helpers/photo.ts';

const STEPS_MS = 120_000;

let s: SandboxSession;
beforeAll(async () => { s = await openSandbox(); }, 60_000);
afterAll(async () => {
  await s?.close();
  clock.reset();
});

describe('the sandbox console', () => {
  it('says plainly that it is a simulation and lists people by role, with zone groups and the official account', async () => {
    await expect(s.page.locator('#banner').innerText()).resolves.toContain('所有消息只在本机模拟，不会发送到真实企业微信/微信');
    const groups = await s.page.locator('#people .people-group').allInnerTexts();
    expect(groups).toEqual(['督学', '学校联系人', '责任区群', '督导室', '公众号粉丝']);
    await expect(s.page.locator('#people .person', { hasText: '公众号粉丝' }).innerText()).resolves.toContain('微信公众号');
  }, STEPS_MS);

  it('lets a supervisor run a whole visit with a photo and card taps, and the school contact gets the notice', async () => {
    await s.pickPerson('王建国');
    await s.say('开始督导 实验小学');
    const items = await s.expectCard(/勾选本次督导事项/);
    await s.tick('1 ', items);
    await s.tick('3 ', items);
    await s.tapButton('提交', items);

    await s.expectBubble(/已记录督导事项[\s\S]*1\. 校务管理[\s\S]*3\. 课程开设/, { from: 'bot' });

    await s.ask('亮点：食堂管理规范，明厨亮灶', /已记录亮点/);
    await s.ask('亮点：大课间活动组织有序', /亮点2条/);
    await s.ask('不足：图书室开放时间不足', /已记录不足/);
    await s.ask('不足：部分教室照明不达标', /不足2条/);
    await s.ask('问题：食堂留样记录不全 限期15天', /已记录问题：食堂留样记录不全/);
    await s.sendPhoto(pngFile());
    await s.expectBubble(/照片已保存（本次督导共1张）/, { from: 'bot' });
    await s.page.locator('#messages .row-person img').last().waitFor();

    await s.say('完成');
    const review = await s.expectCard(/督导记录：大渡口区实验小学/);
    await expect(review.innerText()).resolves.toMatch(/照片\s*1张/);
    await s.tapButton('提交', review);
    await s.expectBubble(/督导记录已提交[\s\S]*整改通知书/, { from: 'bot' });
    // The server greys the card's buttons (update_template_card), so 提交 cannot be tapped twice.
    await s.page.locator('#messages .card-done', { hasText: '督导记录：大渡口区实验小学' }).waitFor();
    await s.screenshot('sandbox-visit-supervisor');

    await s.pickPerson('赵敏');
    await s.expectBubble(/食堂留样记录不全/, { from: 'bot' });
    await expect(s.page.locator('#messages').innerText()).resolves.toMatch(/渡督整〔\d{4}〕\d+号/);
    await s.screenshot('sandbox-visit-school-contact');

    // The raw panel shows exactly what went to WeCom: the notice's message/send, and the card update.
    const notice = await s.openRequest(/应用消息 → 赵敏/, /整改通知书/);
    expect(notice).toContain('POST /cgi-bin/message/send');
    expect(notice).toContain('"touser": "zhaomin"');
    expect(notice).toContain('食堂留样记录不全');
    expect(await s.requestSummaries()).toEqual(expect.arrayContaining(['更新卡片 → 王建国']));
  }, STEPS_MS);

  it('plans a visit, tells the school two days ahead, and a clock jump brings the morning card with working buttons', async () => {
    // The sandbox's clock (shared with this process): a Monday morning.
    clock.set(new Date('2027-03-01T10:00:00+08:00'));
    await s.pickPerson('王建国');
    await s.ask('计划 钢花小学 明天 食堂卫生', /须至少提前2天告知学校，最早可计划到2027年3月3日/);
    await s.ask('计划 钢花小学 3月3日 食堂卫生', /已计划2027年3月3日到钢花小学督导（食堂卫生）[\s\S]*已提前告知学校联系人/);
    await s.pickPerson('钱伟');
    await s.expectBubble(/【督导告知】王建国督学定于2027年3月3日到钢花小学开展经常性督导。/, { from: 'bot' });
    await s.screenshot('sandbox-advance-notice');

    await s.pickPerson('王建国');
    await s.jumpClock('+1天');
    expect(await s.page.locator('body').innerText()).not.toContain('今日督导：钢花小学');
    const shown = await s.jumpClock('跳到明早08:00');
    expect(shown).toMatch(/08:00/);
    const morning = await s.expectCard(/今日督导：钢花小学/);
    await expect(morning.innerText()).resolves.toContain('计划内容：食堂卫生');
    await s.tapButton('开始督导', morning);
    await s.expectCard(/督导进行中：(大渡口区)?钢花小学/);
    await s.openRequest(/更新卡片 → 王建国/);
    await s.screenshot('sandbox-console');

    // A reload shows the past: the same chat, its cards, and the simulated time.
    await s.reload();
    await s.expectCard(/督导进行中：(大渡口区)?钢花小学/);
    await expect(s.page.locator('#clock-now').innerText()).resolves.toMatch(/08:0\d/);
  }, STEPS_MS);

  // What a zone group receives (meeting notices) is shown by the meetings' own browser test, which schedules a real
  // meeting; here only the group's composer: a zone group cannot be written to.
  it('keeps a zone group read-only', async () => {
    await s.pickPerson('第一督学责任区');
    await expect(s.page.locator('#text').isDisabled()).resolves.toBe(true);
    await expect(s.page.locator('#composer-note').innerText()).resolves.toContain('群通知（只读）');
  }, STEPS_MS);
});
