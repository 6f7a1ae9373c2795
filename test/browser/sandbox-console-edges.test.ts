/**
 * The sandbox console's rough edges, as a new user met them: Chinese answers to a bad message, feedback on an empty
 * one, the day in the request panel, a placeholder that fits each person, an answered card that shows which button
 * was chosen, and the record page titled for the office and readable on a 390 px phone.
 */
import { eq } from 'drizzle-orm';
import { clock } from '../../src/clock.ts';
import { assignments, people } from '../../src/db/schema/index.ts';
import { signLink } from '../../src/services/links.ts';
import { addEntry, setItems, startVisit, submitVisit } from '../../src/services/visits.ts';
import { openSandbox, OUTPUT_DIR, type SandboxSession } from '../helpers/browser.ts';

const STEPS_MS = 120_000;

let s: SandboxSession;
beforeAll(async () => { s = await openSandbox(); }, 60_000);
afterAll(async () => {
  await s?.close();
  clock.reset();
});

const toast = () => s.page.locator('#toast:not([hidden])');

describe('the sandbox console', () => {
  it('gives each kind of person an example that fits them', async () => {
    const placeholder = () => s.page.locator('#text').getAttribute('placeholder');
    await s.pickPerson('王建国');
    expect(await placeholder()).toBe('输入消息，例如：开始督导 实验小学');
    await s.pickPerson('赵敏');
    expect(await placeholder()).toBe('输入消息，例如：已整改 1号 已清理消防通道');
    await s.pickPerson('孙丽萍');
    expect(await placeholder()).toBe('输入消息，例如：帮助');
    await s.pickPerson('第一督学责任区');
    expect(await placeholder()).toBe('此身份不能发消息');
  }, STEPS_MS);

  it('says so when the message is empty, and answers an over-long one in Chinese', async () => {
    await s.pickPerson('王建国');
    await s.page.locator('#text').fill('   ');
    await s.page.locator('#text').press('Enter');
    await expect(toast().innerText()).resolves.toBe('消息不能为空：请先输入内容');

    await s.page.locator('#text').fill('亮'.repeat(2001));
    await s.page.locator('#text').press('Enter');
    await s.page.locator('#toast:not([hidden])', { hasText: '消息太长' }).waitFor();
    await expect(toast().innerText()).resolves.toBe('消息太长：最多 2000 个字');
    await s.screenshot('sandbox-too-long');
  }, STEPS_MS);

  it('shows the day and the time of each raw request, and which button an answered card had tapped', async () => {
    await s.pickPerson('王建国');
    await s.jumpClock('+1天');
    await s.say('开始督导 实验小学');
    const items = await s.expectCard(/勾选本次督导事项/);
    await s.tick('1 ', items);
    await s.tapButton('提交', items);
    await s.expectBubble(/已记录督导事项/, { from: 'bot' });
    await s.ask('亮点：食堂管理规范', /已记录亮点/);
    await s.ask('亮点：大课间活动有序', /亮点2条/);
    await s.ask('不足：图书室开放时间不足', /已记录不足/);
    await s.ask('不足：部分教室照明不达标', /不足2条/);
    await s.say('完成');
    const review = await s.expectCard(/督导记录：大渡口区实验小学/);
    await s.tapButton('提交', review);
    await s.expectBubble(/督导记录已提交/, { from: 'bot' });

    const answered = s.page.locator('#messages .card-done', { hasText: '督导记录：大渡口区实验小学' });
    await answered.locator('.card-button.chosen').waitFor();
    await expect(answered.locator('.card-button.chosen').innerText()).resolves.toMatch(/^✓ /);
    await expect(answered.locator('.card-button.not-chosen').allInnerTexts()).resolves.toEqual(['继续补充']);

    const when = await s.page.locator('#requests .request .when').first().innerText();
    expect(when).toMatch(/^\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);
    await s.screenshot('sandbox-answered-card');
  }, STEPS_MS);

  it('prints the record under the office\'s own title, readable at 390 px', async () => {
    const { db } = s.server.database;
    const [sup] = await db.select().from(people).where(eq(people.wecomUserId, 'lixiuying'));
    const [own] = await db.select().from(assignments).where(eq(assignments.supervisorId, sup.id));
    const { visit } = await startVisit(db, { personId: sup.id, schoolId: own.schoolId });
    for (const text of ['校园文化建设有特色', '课后服务丰富']) await addEntry(db, { personId: sup.id, kind: 'strength', text });
    for (const text of ['作业公示不及时', '教师培训记录不全']) await addEntry(db, { personId: sup.id, kind: 'weakness', text });
    await addEntry(db, { personId: sup.id, kind: 'problem', text: '食堂留样记录不全', deadlineDays: 15 });
    await setItems(db, { personId: sup.id, codes: [3, 7] });
    await submitVisit(db, { personId: sup.id, baseUrl: s.server.url });

    const phone = await s.page.context().newPage();
    try {
      await phone.setViewportSize({ width: 390, height: 844 });
      await phone.goto(`${s.server.url}/h5/visits/${visit.id}?t=${signLink(visit.id, sup.id)}`);
      await expect(phone.locator('h1').innerText()).resolves.toBe('大渡口区责任区督学工作纪实表');
      const time = phone.locator('td', { hasText: /\d{2}:\d{2}/ }).first();
      const box = (await time.boundingBox())!;
      expect(box.width).toBeGreaterThan(300);
      const scroll = await phone.evaluate(() => document.documentElement.scrollWidth);
      expect(scroll).toBeLessThanOrEqual(390);
      await phone.screenshot({ path: `${OUTPUT_DIR}/record-390px.png`, fullPage: true });
    } finally {
      await phone.close();
    }
  }, STEPS_MS);
});
