/**
 * 例会 in the console, in a real browser: the office schedules a zone meeting (a weekend refused with the meetings
 * service's reason first), members answer in chat (参加 / 请假 with a reason), and the meeting's page shows who
 * comes, who is on leave and who has not answered; 今日 shows the meeting with its answers.
 */
import dayjs from 'dayjs';
import { shanghaiDate } from '../../src/domain/deadlines.ts';
import { clock } from '../../src/clock.ts';
import { openConsole, type ConsoleSession } from '../helpers/console.ts';

const STEPS_MS = 90_000;
let c: ConsoleSession;
beforeAll(async () => { c = await openConsole(); }, 60_000);
afterAll(async () => { await c?.close(); });

/** The first Saturday and the first Tuesday–Thursday at least five days from today (no public holiday falls there in the test's weeks). */
function days() {
  let d = dayjs(shanghaiDate(clock.now())).add(5, 'day');
  while (d.day() !== 6) d = d.add(1, 'day');
  const saturday = d.format('YYYY-MM-DD');
  let w = d.add(3, 'day');
  while (![2, 3, 4].includes(w.day())) w = w.add(1, 'day');
  return { saturday, weekday: w.format('YYYY-MM-DD') };
}

describe('the office console: meetings', () => {
  it('schedules a meeting, and shows who answered', async () => {
    const { saturday, weekday } = days();
    await c.signIn();
    await c.page.getByRole('link', { name: '例会', exact: true }).click();
    const form = c.page.locator('form', { hasText: '安排例会并通知' });
    await form.getByLabel('责任区').selectOption({ label: '第一督学责任区' });
    await form.getByLabel('时间').fill(`${saturday}T14:30`);
    await form.getByLabel('地点').fill('区教委3楼会议室');
    await form.getByLabel('议程').fill('听取各督学本月督导情况汇报');
    await form.getByRole('button', { name: '安排例会并通知' }).click();
    await c.expectText(c.page.locator('.flash.err'), '不是工作日');
    await c.page.locator('form', { hasText: '安排例会并通知' }).getByLabel('时间').fill(`${weekday}T14:30`);
    await c.page.locator('form', { hasText: '安排例会并通知' }).getByRole('button', { name: '安排例会并通知' }).click();
    await c.expectText(c.page.locator('.flash.ok'), '例会已安排');
    await c.expectText(c.page.locator('h1'), '第一督学责任区');
    await c.expectText(c.page.locator('table'), '王建国');

    await c.say('wangjianguo', '参加');
    await c.say('lixiuying', '请假 外出参加培训');
    const url = c.page.url();
    await c.until(async () => {
      await c.page.goto(url);
      const text = await c.page.locator('table').innerText();
      return text.includes('外出参加培训') && /参加\s*王建国|王建国/.test(text);
    }, 'the answers on the meeting page');
    const row = c.page.locator('tbody tr', { hasText: '第一督学责任区' });
    await c.expectText(row.locator('td').nth(1), '王建国');
    await c.expectText(row.locator('td').nth(2), '李秀英');
    await c.expectText(row.locator('td').nth(2), '外出参加培训');
    await c.screenshot('console-meeting');

    await c.go('/admin');
    await c.expectText(c.page.locator('.card', { hasText: '近期例会' }), '参加 1 · 请假 1');
    await c.screenshot('console-today-meetings');
  }, STEPS_MS);
});
