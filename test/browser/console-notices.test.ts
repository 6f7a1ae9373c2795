/**
 * 整改通知书 in the console, in a real browser: a notice issued by a visit submitted in chat appears in the list
 * (filters, export), its page shows the problem and history; the office records a 约谈 (a missing field first is
 * refused with the reason), and it appears in the history, the list and the .xlsx export.
 */
import ExcelJS from 'exceljs';
import { openConsole, type ConsoleSession } from '../helpers/console.ts';

const STEPS_MS = 90_000;
let c: ConsoleSession;
let noticeId: number;
beforeAll(async () => {
  c = await openConsole();
  noticeId = await c.submitVisitByChat('wangjianguo', '实验小学', '食堂留样记录不全');
}, 90_000);
afterAll(async () => { await c?.close(); });

describe('the office console: notices', () => {
  it('lists the notice a visit issued, filtered, and opens its page', async () => {
    await c.signIn();
    await c.page.getByRole('link', { name: '整改通知书', exact: true }).first().click();
    const row = c.page.locator('tbody tr', { hasText: '食堂留样记录不全' });
    await c.expectText(row, '大渡口区实验小学');
    await c.expectText(row, '已下达');
    await c.page.getByLabel('状态').selectOption('closed');
    await c.page.getByRole('button', { name: '筛选' }).click();
    await c.expectText(c.page.locator('.empty'), '没有符合条件的整改通知书');
    await c.page.getByLabel('状态').selectOption('issued');
    await c.page.getByRole('button', { name: '筛选' }).click();
    await c.expectCount(c.page.locator('tbody tr'), 1);
    await c.screenshot('console-notices');
    await c.page.locator('tbody tr a').first().click();
    await c.expectText(c.page.locator('h1'), /渡督整〔\d{4}〕\d+号/);
    await c.expectText(c.page.locator('.card', { hasText: '需整改的问题' }), '食堂留样记录不全');
  }, STEPS_MS);

  it('records a 约谈 from the notice page: a missing field is refused, then it is saved into the history', async () => {
    await c.go(`/admin/notices/${noticeId}`);
    const form = c.page.locator('form', { hasText: '约谈纪要' });
    await form.getByLabel('约谈对象').fill('校长 赵某；督导室 孙丽萍');
    await form.getByLabel('约谈纪要').fill(' ');
    await form.getByRole('button', { name: '保存约谈记录' }).click();
    await c.expectText(c.page.locator('.flash.err'), '请填写「约谈纪要」');
    await c.page.locator('form', { hasText: '约谈纪要' }).getByLabel('约谈纪要').fill('学校承诺一周内补齐食堂留样记录，督学下周回访。');
    await c.page.locator('form', { hasText: '约谈纪要' }).getByRole('button', { name: '保存约谈记录' }).click();
    await c.expectText(c.page.locator('.flash.ok'), '约谈记录已保存');
    await c.expectText(c.page.locator('table', { hasText: '约谈' }), '校长 赵某；督导室 孙丽萍');
    await c.expectText(c.page.locator('table', { hasText: '约谈' }), '学校承诺一周内补齐食堂留样记录');
    await c.screenshot('console-notice-interview');

    await c.go('/admin/notices');
    await c.expectText(c.page.locator('tbody tr', { hasText: '食堂留样记录不全' }), '已约谈');
    const download = c.page.waitForEvent('download');
    await c.page.getByRole('link', { name: '导出 Excel（按当前筛选）' }).click();
    const file = await (await download).path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file!);
    const text = wb.worksheets.map((ws) => ws.getSheetValues().flat().join(' ')).join(' ');
    expect(text).toContain('食堂留样记录不全');
    expect(text).toContain('大渡口区实验小学');
  }, STEPS_MS);
});
