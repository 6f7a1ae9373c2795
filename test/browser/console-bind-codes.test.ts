/**
 * 绑定码 in the console, in a real browser: the office issues codes for the school contacts who cannot be reached
 * yet (the demo's 罗静 and 宋洁), sees them listed, and opens the printable list.
 */
import { openConsole, type ConsoleSession } from '../helpers/console.ts';

let c: ConsoleSession;
beforeAll(async () => { c = await openConsole(); }, 60_000);
afterAll(async () => { await c?.close(); });

describe('the office console: bind codes', () => {
  it('issues codes for the contacts not reachable yet and prints them', async () => {
    await c.signIn();
    await c.go('/admin/org/schools');
    await c.page.getByRole('link', { name: '绑定码' }).click();
    await c.expectText(c.page.locator('.empty'), '没有可用的绑定码');
    await c.page.getByRole('button', { name: '为尚未绑定的学校联系人生成绑定码' }).click();
    await c.expectText(c.page.locator('.flash.ok'), '绑定码已生成');
    await c.expectCount(c.page.locator('tbody tr'), 2);
    await c.expectText(c.page.locator('tbody'), '罗静');
    await c.expectText(c.page.locator('tbody'), '宋洁');
    const code = (await c.page.locator('tbody tr', { hasText: '罗静' }).locator('.code').innerText()).trim();
    expect(code).toMatch(/^\d{6}$/);
    await c.screenshot('console-bind-codes');
    await c.page.getByRole('link', { name: '打印绑定码清单' }).click();
    await c.expectText(c.page.locator('body'), code);
    await c.screenshot('console-bind-codes-print');
  }, 60_000);
});
