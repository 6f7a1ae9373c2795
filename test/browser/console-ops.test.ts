/**
 * The office console's operations screen in a real browser: a bot reply that WeCom refused (the simulator answers
 * 60111 "userid not found", which no retry can fix) is parked as dead by the dispatcher; the office sees it with its
 * last error on 今日 and on 运维, resends it, and the simulated WeCom receives it. The resend is in the audit log.
 */
import { openConsole, type ConsoleSession } from '../helpers/console.ts';

const STEPS_MS = 90_000;
let c: ConsoleSession;
beforeAll(async () => { c = await openConsole(); }, 60_000);
afterAll(async () => { await c?.close(); });

async function say(as: string, text: string) {
  const r = await fetch(`${c.server.url}/sandbox/api/send`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ as, text }) });
  expect(r.status).toBe(200);
}

async function until(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not happen`);
}

describe('the office console: undelivered messages', () => {
  it('lists a message WeCom refused with its last error, resends it, and WeCom receives it', async () => {
    const sim = c.server.wecomSimulator!;
    await c.signIn();
    const before = sim.messagesTo('lixiuying').length;
    sim.fail('/cgi-bin/message/send', 60111, 1);
    await say('lixiuying', '帮助');
    await until(async () => (await c.go('/admin'), (await c.page.locator('.card', { hasText: '发送失败的消息' }).locator('.big').innerText()) === '1'), 'the dead message on 今日');
    await c.page.getByRole('link', { name: '查看并重发' }).click();
    const row = c.page.locator('tbody tr', { hasText: '李秀英' });
    await c.expectText(row, 'errcode 60111');
    await c.expectText(row, '企业微信应用消息');
    await c.screenshot('console-dead-message');

    await row.getByRole('button', { name: '重新发送' }).click();
    await c.expectText(c.page.locator('.flash.ok'), '消息已重新排队发送');
    await until(async () => sim.messagesTo('lixiuying').length > before, 'the resent message at WeCom');
    await until(async () => (await c.go('/admin/ops/messages'), (await c.page.locator('.empty').count()) === 1), 'an empty list');
    await c.expectText(c.page.locator('.empty'), '没有发送失败的消息');

    await c.go('/admin/ops/audit?entity=outbox');
    await c.expectText(c.page.locator('tbody tr').first(), '重新发送消息');
    await c.expectText(c.page.locator('tbody tr').first(), 'admin');
    await c.screenshot('console-audit');
  }, STEPS_MS);
});
