/**
 * The office console in a real browser, for the organisation: sign in, the Today screen with a visit planned by
 * chat, a school's page, the import screen (a workbook with row errors shows every error and writes nothing; the
 * corrected workbook imports), and a school created one by one (a refused field, then saved).
 */
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { schools, visits } from '../../src/db/schema/index.ts';
import { dueDate, shanghaiDate } from '../../src/domain/deadlines.ts';
import { clock } from '../../src/clock.ts';
import { openConsole, type ConsoleSession } from '../helpers/console.ts';

const STEPS_MS = 90_000;
let c: ConsoleSession;
beforeAll(async () => { c = await openConsole(); }, 60_000);
afterAll(async () => { await c?.close(); clock.reset(); });

/** A workbook in the import's layout; `rows` are the 学校 sheet's rows. */
async function workbook(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('责任区').addRow(['名称', '地址', '企业微信群聊ID', '群机器人Key', '微信群名称']);
  const s = wb.addWorksheet('学校');
  s.addRow(['学校名称', '简称', '类型', '所属责任区', '地址', '在校生数']);
  for (const r of rows) s.addRow(r);
  wb.addWorksheet('人员').addRow(['姓名', '手机', '角色', '所属责任区', '所属学校', '企业微信账号', '公众号OpenID', '个人微信']);
  wb.addWorksheet('挂牌').addRow(['督学手机', '督学姓名', '学校名称', '开始日期', '结束日期', '原因']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function say(as: string, text: string) {
  const r = await fetch(`${c.server.url}/sandbox/api/send`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ as, text }) });
  expect(r.status).toBe(200);
}

describe('the office console: organisation', () => {
  it('refuses a wrong password with a clear message, then signs in to 今日', async () => {
    expect(await c.go('/admin')).toBe(200); // redirected to the sign-in page
    await c.expectText(c.page.locator('h1'), '督导室管理台登录', { exact: true });
    await c.page.getByLabel('用户名').fill('admin');
    await c.page.getByLabel('密码').fill('not-the-password');
    await c.page.getByRole('button', { name: '登录' }).click();
    await c.expectText(c.page.locator('.flash.err'), '用户名或密码不正确', { exact: true });
    await c.signIn();
    await c.expectText(c.page.locator('h1'), '今日');
    await c.expectText(c.page.locator('header .who'), '孙丽萍 · 督导室');
  }, STEPS_MS);

  it('shows on 今日 the visit a supervisor planned by chat, on its day', async () => {
    // A routine visit is told to the school two days ahead (calendar.advanceNoticeDays): plan it for the day after
    // tomorrow, then move the sandbox clock to that day.
    const day = dueDate(shanghaiDate(clock.now()), 2);
    const [, m, d] = day.split('-').map(Number);
    await say('wangjianguo', `计划 实验小学 ${m}月${d}日 食堂卫生`);
    await c.until(async () => (await c.server.database.db.select().from(visits).where(eq(visits.plannedOn, day))).length === 1, 'the planned visit');
    const jumped = await fetch(`${c.server.url}/sandbox/api/clock`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ to: `${day}T09:00:00+08:00` }) });
    expect(jumped.status).toBe(200);
    await c.signIn(); // two days on, the 12-hour session has expired
    await c.go('/admin');
    await c.expectText(c.page.locator('table'), '大渡口区实验小学');
    const row = c.page.locator('tr', { hasText: '大渡口区实验小学' });
    await c.expectText(row, '王建国');
    await c.expectText(row, '食堂卫生');
    await c.expectText(row, '今天');
    await c.expectText(c.page.locator('.card', { hasText: '今日计划督导' }).locator('.big'), '1', { exact: true });
    await c.screenshot('console-today');
  }, STEPS_MS);

  it('opens a school from the list: its supervisor, contacts, visits and ratings', async () => {
    await c.go('/admin/org/schools');
    await c.page.getByRole('link', { name: '大渡口区实验小学' }).click();
    await c.expectText(c.page.locator('h1'), '大渡口区实验小学', { exact: true });
    await c.expectText(c.page.locator('.card', { hasText: '责任督学' }), '王建国');
    await c.expectText(c.page.locator('.card', { hasText: '学校联系人' }), '赵敏');
    await c.expectText(c.page.locator('table').first(), '计划中');
    await c.screenshot('console-school');
  }, STEPS_MS);

  it('shows every row error of a workbook in a table and writes nothing; the corrected workbook imports', async () => {
    await c.go('/admin/org/import');
    const bad = await workbook([
      ['大渡口区新星小学', '新星', '小学', '第一督学责任区', '', '800'],
      ['大渡口区未来中学', '', '大学', '第九督学责任区', '', '许多'],
      ['大渡口区新星小学', '', '小学', '第一督学责任区', '', ''],
    ]);
    await c.page.getByLabel('名单文件').setInputFiles({ name: '名单.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: bad });
    await c.page.getByRole('button', { name: '检查并导入' }).click();
    await c.expectText(c.page.locator('.flash.err'), '数据库未作任何修改');
    const errors = c.page.locator('table tbody tr');
    await c.expectCount(errors, 4);
    await c.expectText(errors.nth(0), '未知的学校类型「大学」');
    await c.expectText(errors.nth(0), '3');
    await c.expectText(c.page.locator('table'), '责任区「第九督学责任区」不存在');
    await c.expectText(c.page.locator('table'), '「许多」不是非负整数');
    await c.expectText(c.page.locator('table'), '「大渡口区新星小学」重复，第 2 行已有');
    await c.screenshot('console-import-errors');
    expect(await c.server.database.db.select().from(schools).where(eq(schools.name, '大渡口区新星小学'))).toEqual([]);

    const good = await workbook([
      ['大渡口区新星小学', '新星', '小学', '第一督学责任区', '', '800'],
      ['大渡口区未来中学', '', '初中', '第二督学责任区', '', '600'],
    ]);
    await c.page.getByLabel('名单文件').setInputFiles({ name: '名单.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: good });
    await c.page.getByRole('button', { name: '检查并导入' }).click();
    await c.expectText(c.page.locator('.flash.ok'), '已导入到「大渡口区人民政府教育督导室」');
    await c.expectText(c.page.locator('tr', { hasText: '学校' }), '2');
    await c.screenshot('console-import-done');
    await c.go('/admin/org/schools?q=新星');
    await c.expectText(c.page.locator('table'), '大渡口区新星小学');
    await c.expectText(c.page.locator('table'), '未挂牌');
  }, STEPS_MS);

  it('creates a school one by one: a refused field is named next to it, then it is saved', async () => {
    await c.go('/admin/org/schools');
    await c.page.getByRole('link', { name: '新建学校' }).click();
    await c.page.getByLabel('学校名称').fill('大渡口区晨光小学');
    await c.page.getByLabel('简称').fill('实验小学');
    await c.page.getByLabel('类型').selectOption('小学');
    await c.page.getByLabel('所属责任区').selectOption('第三督学责任区');
    await c.page.getByRole('button', { name: '保存' }).click();
    await c.expectText(c.page.locator('.field.has-error'), '简称「实验小学」已被「大渡口区实验小学」使用');
    await c.screenshot('console-school-refused');
    await c.page.getByLabel('简称').fill('晨光');
    await c.page.getByRole('button', { name: '保存' }).click();
    await c.expectText(c.page.locator('.flash.ok'), '学校已保存', { exact: true });
    await c.go('/admin/org/schools?q=晨光');
    await c.expectText(c.page.locator('table'), '第三督学责任区');
  }, STEPS_MS);

  it('is usable on a phone and by keyboard: the sections wrap, the first Tab reaches “跳到正文”', async () => {
    await c.page.setViewportSize({ width: 390, height: 800 });
    await c.go('/admin/org/schools');
    const width = await c.page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await c.page.keyboard.press('Tab');
    expect(await c.page.evaluate(() => document.activeElement?.textContent)).toBe('跳到正文');
    await c.screenshot('console-schools-phone');
    await c.page.setViewportSize({ width: 1280, height: 860 });
  }, STEPS_MS);
});
