/**
 * A monthly meeting in the sandbox console, in a real browser: the office admin schedules it by chat and confirms
 * the summary card, the clock jumps to D-3 08:30 and the zone groups show the notice — the app group chat, the group
 * robot and the personal-WeChat room (wechaty on the mock puppet) — a member answers in the room, a supervisor taps
 * 参加 on his card, and on the day the room names who has not answered. All through the real callback route, inbox,
 * bot, outbox, dispatcher, the meetings.notices job run by the clock, the WeCom simulator and wechaty.
 */
import { clock } from '../../src/clock.ts';
import { openSandbox, type SandboxSession } from '../helpers/browser.ts';

const STEPS_MS = 120_000;

let s: SandboxSession;
beforeAll(async () => {
  clock.set(new Date('2026-05-20T09:00:00+08:00')); // a Wednesday
  s = await openSandbox();
}, 60_000);
afterAll(async () => {
  await s?.close();
  clock.reset();
});

async function jumpTo(local: string): Promise<void> {
  await s.page.locator('#clock-to').fill(local);
  const done = s.page.waitForResponse((r) => r.url().includes('/sandbox/api/clock') && r.request().method() === 'POST', { timeout: STEPS_MS });
  await s.page.locator('#clock-custom button[type=submit]').click();
  const response = await done;
  if (!response.ok()) throw new Error(`POST /sandbox/api/clock answered ${response.status()}: ${await response.text()}`);
  await s.page.locator('#clock-ran', { hasText: '已跳到' }).waitFor({ timeout: STEPS_MS });
}

describe('a monthly meeting in the sandbox', () => {
  it('is scheduled by the office admin, announced in every zone group when the clock jumps, and answered', async () => {
    await s.pickPerson('孙丽萍');
    await s.say('例会 全部 5月28日 14:30 区教委3楼会议室 议程：学期工作总结');
    const summary = await s.expectCard(/安排例会：全部责任区/);
    await s.tapButton('确认', summary);
    await s.expectBubble(/已安排全部责任区例会：2026年5月28日（周四）14:30。将于5月25日 08:30 通知/, { from: 'bot' });
    await s.screenshot('sandbox-meeting-scheduled');

    await jumpTo('2026-05-25T08:30');

    await s.pickPerson('第一督学责任区');
    await s.expectBubble(/例会通知：全部责任区[\s\S]*区教委3楼会议室/, { from: 'bot' });
    await expect(s.page.locator('#text').isDisabled()).resolves.toBe(true);
    await expect(s.page.locator('#composer-note').innerText()).resolves.toContain('群通知（只读）');
    await s.pickPerson('第三督学责任区');
    await s.expectBubble(/例会通知：全部责任区/, { from: 'bot' });
    await s.openRequest(/群机器人 → 第三督学责任区/, /例会通知/);

    await s.pickPerson('第三责任区督学群');
    await s.expectBubble(/【例会通知：全部责任区】[\s\S]*请在群里回复"参加"/, { from: 'bot' });
    await expect(s.page.locator('#composer-note').innerText()).resolves.toContain('以「杨丽」的身份在群里发言');
    await s.say('参加');
    await s.expectBubble(/杨丽：参加/, { from: 'person' });
    await s.expectBubble(/杨丽：已登记参加。/, { from: 'bot' });
    await s.screenshot('sandbox-meeting-wechaty-room');

    await s.pickPerson('王建国');
    const card = await s.expectCard(/例会通知：全部责任区/);
    await s.tapButton('参加', card);
    await s.expectBubble(/已登记：参加全部责任区例会/, { from: 'bot' });
    await s.page.locator('#messages .card-done', { hasText: '例会通知：全部责任区' }).waitFor();
    await s.screenshot('sandbox-meeting-card');

    await jumpTo('2026-05-28T08:30');
    await s.pickPerson('第三责任区督学群');
    await s.expectBubble(/今日例会：全部责任区[\s\S]*参加（1人）：杨丽[\s\S]*尚未回复（2人）/, { from: 'bot' });
    await s.pickPerson('第一督学责任区');
    await s.expectBubble(/今日例会：全部责任区[\s\S]*参加（1人）：王建国[\s\S]*尚未回复（1人）：李秀英/, { from: 'bot' });
    await s.screenshot('sandbox-meeting-day');
  }, STEPS_MS);
});
