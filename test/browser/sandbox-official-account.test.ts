/**
 * The sandbox console's 公众号 personas in a real browser: a member of the public and 郑丽 (a school contact bound on
 * the official account) chat with the account through the simulated platform — each message a real safe-mode
 * callback to /wechat/callback, each answer a customer-service message the simulated API recorded.
 */
import { clock } from '../../src/clock.ts';
import { openSandbox, type SandboxSession } from '../helpers/browser.ts';

const STEPS_MS = 120_000;

let s: SandboxSession;
beforeAll(async () => { s = await openSandbox(); }, 60_000);
afterAll(async () => {
  await s?.close();
  clock.reset();
});

describe('公众号 personas in the sandbox console', () => {
  it('lets a member of the public ask for help by typing and through the menu', async () => {
    await expect(s.page.locator('#people .person', { hasText: '郑丽' }).innerText()).resolves.toContain('公众号');
    await s.pickPerson('公众号粉丝');
    await expect(s.page.locator('#phone-app').innerText()).resolves.toBe('微信 · 督导室公众号');
    await s.ask('你好', /这里是区教育督导室公众号[\s\S]*报告[\s\S]*绑定 123456/);
    await s.tapMenu('绑定学校');
    await s.expectBubble(/请发送"绑定"加上督导室给您的6位绑定码/, { from: 'bot' });
    await s.page.locator('#messages .tap-note', { hasText: '点击了「绑定学校」' }).waitFor();
    const raw = await s.openRequest(/公众号客服消息 → 公众号粉丝/, /绑定码/);
    expect(raw).toContain('/cgi-bin/message/custom/send');
    await s.screenshot('sandbox-official-account-public');
  }, STEPS_MS);

  it('lets 郑丽 chat as a bound school contact, and a wrong bind code is answered in Chinese', async () => {
    await s.pickPerson('郑丽');
    await s.ask('帮助', /已整改 12号 整改说明/);
    await s.ask('绑定 999999', /绑定码不正确/);
    await s.screenshot('sandbox-official-account-zhengli');
  }, STEPS_MS);
});

describe('a contact not bound yet', () => {
  it('gets a code from the office and binds on the official account; from then on the server knows her', async () => {
    await s.pickPerson('罗静');
    await expect(s.page.locator('#bind-helper').isVisible()).resolves.toBe(true);
    await s.ask('帮助', /这里是区教育督导室公众号/); // a stranger to the server: the public help
    await Promise.all([
      s.page.waitForResponse((r) => r.url().includes('/sandbox/api/bind-code') && r.ok()),
      s.page.locator('#bind-code').click(),
    ]);
    await expect(s.page.locator('#text').inputValue()).resolves.toMatch(/^绑定 \d{6}$/);
    await s.page.locator('#send').click();
    await s.expectBubble(/绑定成功：罗静（大渡口区八桥中学）/, { from: 'bot' });
    await s.ask('帮助', /已整改 12号 整改说明/);
    // The console shows her as bound on the official account now.
    await s.page.locator('#people .person', { hasText: '罗静' }).filter({ hasText: '公众号' }).waitFor();
    await expect(s.page.locator('#bind-helper').isVisible()).resolves.toBe(false);
    await s.screenshot('sandbox-official-account-bind');
  }, STEPS_MS);
});
