/**
 * 督导进度 in the console, in a real browser: visits submitted by chat make a school green once it reaches the monthly
 * quota (2 by default) and leave the others red; the zone filter and the month picker change the grid; a click
 * opens the school. The scheduled jobs page lists every job with its next run.
 */
import { localDayOf } from '../../src/domain/reminder-time.ts';
import { monthOf } from '../../src/domain/month.ts';
import { clock } from '../../src/clock.ts';
import { openConsole, type ConsoleSession } from '../helpers/console.ts';

const STEPS_MS = 120_000;
let c: ConsoleSession;
beforeAll(async () => {
  c = await openConsole();
  await c.submitVisitByChat('wangjianguo', '实验小学', '消防通道堵塞');
  await c.submitVisitByChat('wangjianguo', '实验小学', '食堂留样不全');
  await c.submitVisitByChat('wangjianguo', '钢花小学', '围墙破损');
}, 120_000);
afterAll(async () => { await c?.close(); });

const cell = (school: string) => c.page.locator('table.cadence tr', { hasText: school }).locator('td.current');

describe('the office console: cadence', () => {
  it('shows submitted visits per school and month against the quota, by zone and month', async () => {
    await c.signIn();
    await c.page.getByRole('link', { name: '督导进度' }).click();
    await c.expectText(cell('大渡口区实验小学'), '2', { exact: true });
    expect(await cell('大渡口区实验小学').getAttribute('class')).toContain('met');
    await c.expectText(cell('大渡口区钢花小学'), '1', { exact: true });
    expect(await cell('大渡口区钢花小学').getAttribute('class')).toContain('short');
    await c.expectText(cell('大渡口区春晖路小学'), '0', { exact: true });
    await c.expectText(c.page.locator('main p').first(), '每校每月至少 2 次督导');
    expect(await c.page.locator('svg.grid-chart rect').count()).toBe(6);
    await c.screenshot('console-cadence');

    await c.page.getByLabel('责任区').selectOption({ label: '第一督学责任区' });
    await c.page.getByRole('button', { name: '查看' }).click();
    expect(await c.page.locator('table.cadence').innerText()).not.toContain('春晖路小学');
    await c.expectText(c.page.locator('table.cadence'), '钢花小学');

    const month = monthOf(localDayOf(clock.now()));
    const [y, m] = month.split('-').map(Number);
    const before = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
    await c.go(`/admin/cadence?month=${before}`);
    await c.expectText(cell('大渡口区实验小学'), '0', { exact: true });
    expect(await c.page.locator('table.cadence thead th').last().innerText()).toBe(`${Number(before.slice(5))}月`);

    await c.go('/admin/cadence');
    await c.page.getByRole('link', { name: '大渡口区钢花小学' }).click();
    await c.expectText(c.page.locator('h1'), '大渡口区钢花小学');
    await c.expectText(c.page.locator('table').first(), '已提交');
  }, STEPS_MS);

  it('lists the scheduled jobs with their next run', async () => {
    await c.go('/admin/ops/jobs');
    const quota = c.page.locator('tbody tr', { hasText: 'visits.monthly-quota' });
    await c.expectText(quota, '每月督导次数提醒');
    await c.expectText(quota.locator('td').nth(1), /\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/);
    await c.expectText(c.page.locator('table'), 'visits.morning-cards');
    await c.screenshot('console-jobs');
  }, STEPS_MS);
});
