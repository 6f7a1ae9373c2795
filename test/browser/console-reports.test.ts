/**
 * Reports in the console, in a real browser: a visit submitted by chat mentions a pupil by name and a parent's
 * mobile; the office makes its visit report, sees both highlighted, cannot approve while they are open, fixes the
 * mobile (replaced in the text, checked again), keeps the name with a reason, approves, and publishes; the status
 * and the public page follow.
 */
import { openConsole, type ConsoleSession } from '../helpers/console.ts';

const STEPS_MS = 120_000;
let c: ConsoleSession;
beforeAll(async () => {
  c = await openConsole();
  await c.submitVisitByChat('wangjianguo', '实验小学', '消防器材过期', ['建议：学生张小明同学的家长反映放学拥堵，家长电话13812345678，建议错峰放学']);
}, 90_000);
afterAll(async () => { await c?.close(); });

describe('the office console: reports', () => {
  it('approves a visit report once its flags are fixed or kept with a reason, then publishes it', async () => {
    await c.signIn();
    await c.page.getByRole('link', { name: '报告', exact: true }).first().click();
    await c.page.getByRole('button', { name: '生成报告草稿' }).click();
    await c.expectText(c.page.locator('.flash.ok'), '已生成报告草稿');
    await c.expectText(c.page.locator('h1'), '大渡口区实验小学督导报告');
    await c.expectText(c.page.locator('.report-text mark.flag').first(), /张小明|13812345678/);
    await c.expectText(c.page.locator('.card', { hasText: '操作' }), '还有 2 处个人信息未处理');
    expect(await c.page.getByRole('button', { name: '审核通过' }).count()).toBe(0);
    await c.screenshot('console-report-flags');

    const mobile = c.page.locator('tbody tr', { hasText: '手机号码' });
    await mobile.getByPlaceholder(/改为/).fill('（电话已隐去）');
    await mobile.getByRole('button', { name: '修改' }).click();
    await c.expectText(c.page.locator('.flash.ok'), '已修改正文');
    await c.expectText(c.page.locator('.report-text'), '（电话已隐去）');
    expect(await c.page.locator('.report-text').innerText()).not.toContain('13812345678');

    const name = c.page.locator('tbody tr', { hasText: '师生姓名' });
    await name.getByPlaceholder(/保留理由/).fill('获奖公示，已征得家长书面同意');
    await name.getByRole('button', { name: '保留' }).click();
    await c.expectText(c.page.locator('.flash.ok'), '已保留这一处');
    await c.expectText(c.page.locator('tbody tr', { hasText: '师生姓名' }), '获奖公示，已征得家长书面同意');

    await c.page.getByRole('button', { name: '审核通过' }).click();
    await c.expectText(c.page.locator('.flash.ok'), '报告已审核通过');
    await c.expectText(c.page.locator('.card', { hasText: '基本情况' }), '已审核');
    await c.screenshot('console-report-approved');

    await c.page.getByRole('button', { name: '发布到公众号和公开页面' }).click();
    await c.expectText(c.page.locator('.flash.ok'), '报告正在发布');
    const url = c.page.url().replace(/\?.*$/, '');
    await c.until(async () => {
      await c.page.goto(url);
      return (await c.page.locator('.card', { hasText: '基本情况' }).innerText()).includes('已发布');
    }, 'the report published');
    await c.expectText(c.page.locator('.card', { hasText: '基本情况' }), '公开页面');
    await c.screenshot('console-report-published');
  }, STEPS_MS);
});
