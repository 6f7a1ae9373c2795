/**
 * The sandbox console in a real browser, conversations.md §3: a supervisor's visit issues a notice, the school
 * contact (赵敏) sends a photo and 已整改, the supervisor (王建国) taps 整改到位 on the card, and both see the outcome.
 */
import { clock } from '../../src/clock.ts';
import { noticeLink } from '../../src/services/links.ts';
import { OUTPUT_DIR, openSandbox, type SandboxSession } from '../helpers/browser.ts';
import { pngFile } from '../helpers/photo.ts';

const STEPS_MS = 120_000;

let s: SandboxSession;
beforeAll(async () => { s = await openSandbox(); }, 60_000);
afterAll(async () => {
  await s?.close();
  clock.reset();
});

it('the contact confirms with a photo, the supervisor taps 整改到位, both see the outcome', async () => {
  await s.pickPerson('王建国');
  await s.ask('开始督导 实验小学', /已开始/);
  for (const [text, reply] of [
    ['亮点：食堂管理规范', /已记录亮点/], ['亮点：大课间有序', /亮点2条/], ['不足：图书室开放不足', /已记录不足/],
    ['不足：照明不达标', /不足2条/], ['问题：食堂留样记录不全 限期10天', /已记录问题/], ['事项 7', /已记录督导事项/],
  ] as const) await s.ask(text, reply);
  await s.ask('提交', /督导记录已提交[\s\S]*整改通知书/);

  await s.pickPerson('赵敏');
  const issued = await s.expectBubble(/【整改通知书】渡督整〔\d{4}〕\d+号/, { from: 'bot' });
  const seq = /〔\d{4}〕(\d+)号/.exec(await issued.innerText())![1];
  await s.sendPhoto(pngFile());
  await s.expectBubble(/照片已收到/, { from: 'bot' });
  await s.ask(`已整改 ${seq}号 留样柜已更换，专人每日登记`, /已收到你校对渡督整〔\d{4}〕\d+号的整改报告（附照片1张）/);
  await s.screenshot('sandbox-rectification-contact-reported');

  await s.pickPerson('王建国');
  const card = await s.expectCard(/整改报告待审核/);
  await expect(card.innerText()).resolves.toMatch(/留样柜已更换/);
  await s.tapButton('整改到位', card);
  await s.expectBubble(/整改到位，通知书已办结，已通知学校/, { from: 'bot' });
  await s.page.locator('#messages .card-done', { hasText: '整改报告待审核' }).waitFor();
  await s.screenshot('sandbox-rectification-supervisor-verified');

  await s.pickPerson('赵敏');
  await s.expectBubble(/整改情况已经王建国确认到位，通知书已办结/, { from: 'bot' });
  await s.screenshot('sandbox-rectification-contact-closed');
}, STEPS_MS);

it('shows the notice page, ready to print, with the history and the photo', async () => {
  const { rows } = await s.server.database.pool.query("select n.id, p.id as person from rectification_notices n join people p on p.wecom_userid = 'wangjianguo' order by n.id limit 1");
  const page = await s.page.context().newPage();
  await page.goto(noticeLink(s.server.url, rows[0].id, rows[0].person));
  await page.locator('text=骑……缝……章').waitFor();
  await expect(page.locator('[data-status]').innerText()).resolves.toBe('已办结');
  await expect(page.locator('body').innerText()).resolves.toContain('学校报告整改完成');
  await page.locator('.photos img').first().waitFor();
  expect(await page.locator('.photos img').first().evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  await page.screenshot({ path: `${OUTPUT_DIR}/notice-page.png`, fullPage: true });
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: `${OUTPUT_DIR}/notice-page-print.png`, fullPage: true });
  await page.close();
}, STEPS_MS);
