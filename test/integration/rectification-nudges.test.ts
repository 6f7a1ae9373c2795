/**
 * The rectification.nudges job (conversations.md §3.4) on a notice due on 2026-10-01, the first day of the National
 * Day holiday: what the contact, the supervisor, the zone leader and the office receive, day by day, with the
 * job run at 07:00 and 21:30 (quiet hours: nothing) and at 09:00 (the office's nudge time).
 */
import { eq } from 'drizzle-orm';
import { people, rectificationNotices } from '../../src/db/schema/index.ts';
import { clock } from '../../src/clock.ts';
import { dueDate } from '../../src/domain/deadlines.ts';
import { JOBS } from '../../src/jobs/index.ts';
import { conversation, BASE_URL, type Conversation } from '../helpers/conversation.ts';

let chat: Conversation;
const job = JOBS.find((j) => j.name === 'rectification.nudges')!;

beforeAll(async () => {
  chat = await conversation({ at: '2026-09-15T10:00:00+08:00' });
  await chat.server.database.db.insert(people).values(
    { officeId: chat.org.office.id, name: '周组长', mobile: '13800000011', roles: ['zone_leader'], zoneId: chat.org.zone.id, wecomUserId: 'zhouzz' },
  );
  const sup = chat.as('wangdx');
  await sup.send('开始督导 实验小学');
  for (const t of ['亮点：课后服务丰富', '亮点：校园整洁', '不足：作业公示不及时', '不足：采光不足', '问题：食堂留样记录不全 限期16天', '事项 7']) await sup.send(t);
  await sup.send('提交');
}, 30_000);
afterAll(async () => { await chat.close(); });

/** Runs the job for the instant `iso` as the scheduler would, then lets the dispatcher send what it queued. */
async function runAt(iso: string): Promise<void> {
  const at = new Date(iso);
  clock.set(at);
  await job.run({ db: chat.server.database.db, log: chat.server.log, baseUrl: BASE_URL, at });
  for (let i = 0; i < 5 && (await chat.server.dispatcher!.runOnce()) > 0; i++);
}

const texts = (id: string) => chat.as(id).messages().flatMap((m) => (m.type === 'text' ? [m.text] : []));

it('nudges on the working-day schedule across the holiday, escalates at +3 and +7, and keeps quiet hours', async () => {
  const [notice] = await chat.server.database.db.select().from(rectificationNotices);
  expect(notice.dueOn).toBe('2026-10-01');
  const who = ['chenzr', 'wangdx', 'zhouzz', 'liukz'];
  const seen = new Map(who.map((w) => [w, texts(w).length]));
  const log: string[] = [];
  for (let day = '2026-09-24'; day <= '2026-10-14'; day = dueDate(day, 1)) {
    for (const time of ['07:00', '09:00', '09:30', '21:30']) {
      await runAt(`${day}T${time}:00+08:00`);
      for (const w of who) {
        const all = texts(w);
        for (const t of all.slice(seen.get(w))) log.push(`${day} ${time} ${w} ${t.split('\n')[0]}`);
        seen.set(w, all.length);
      }
    }
  }
  expect(log).toEqual([
    '2026-09-28 09:00 chenzr 【整改提醒】渡督整〔2026〕1号将于2026年10月1日到期（还有3天）。整改完成后请回复"已整改 1号 整改情况"，并可附上照片。',
    '2026-10-01 09:00 chenzr 【整改提醒】渡督整〔2026〕1号今天到期。整改完成后请回复"已整改 1号 整改情况"；如有困难请联系督学。',
    '2026-10-08 09:00 wangdx 【逾期提醒】大渡口区实验小学的渡督整〔2026〕1号已逾期7天，学校尚未报告整改情况，请督促。',
    '2026-10-08 09:00 zhouzz 【逾期提醒】大渡口区实验小学的渡督整〔2026〕1号已逾期7天，学校尚未报告整改情况，请督促。',
    '2026-10-08 09:00 liukz 【预警】大渡口区实验小学的渡督整〔2026〕1号已逾期7天未整改（责任督学：王督学），已转为预警，请督导室按规定约谈或通报。',
    '2026-10-09 09:00 chenzr 【逾期提醒】渡督整〔2026〕1号已逾期8天，请尽快整改并回复"已整改 1号 整改情况"。',
    '2026-10-09 09:00 wangdx 【逾期提醒】大渡口区实验小学的渡督整〔2026〕1号已逾期8天，学校尚未报告整改情况，请督促。',
    '2026-10-09 09:00 zhouzz 【逾期提醒】大渡口区实验小学的渡督整〔2026〕1号已逾期8天，学校尚未报告整改情况，请督促。',
    '2026-10-12 09:00 chenzr 【逾期提醒】渡督整〔2026〕1号已逾期11天，请尽快整改并回复"已整改 1号 整改情况"。',
    '2026-10-12 09:00 wangdx 【逾期提醒】大渡口区实验小学的渡督整〔2026〕1号已逾期11天，学校尚未报告整改情况，请督促。',
    '2026-10-12 09:00 zhouzz 【逾期提醒】大渡口区实验小学的渡督整〔2026〕1号已逾期11天，学校尚未报告整改情况，请督促。',
    '2026-10-14 09:00 chenzr 【逾期提醒】渡督整〔2026〕1号已逾期13天，请尽快整改并回复"已整改 1号 整改情况"。',
    '2026-10-14 09:00 wangdx 【逾期提醒】大渡口区实验小学的渡督整〔2026〕1号已逾期13天，学校尚未报告整改情况，请督促。',
    '2026-10-14 09:00 zhouzz 【逾期提醒】大渡口区实验小学的渡督整〔2026〕1号已逾期13天，学校尚未报告整改情况，请督促。',
  ]);
  const [after] = await chat.server.database.db.select().from(rectificationNotices).where(eq(rectificationNotices.id, notice.id));
  expect(after.status).toBe('escalated');
  const near = (d: Date | null, iso: string) => Math.abs(d!.getTime() - new Date(iso).getTime()) < 60_000;
  expect(near(after.overdueAt, '2026-10-02T07:00:00+08:00')).toBe(true);
  expect(near(after.escalatedAt, '2026-10-08T09:00:00+08:00')).toBe(true);
  // The warning links to the notice page for the office's person.
  expect(texts('liukz').at(-1)).toMatch(new RegExp(`通知书：${BASE_URL}/h5/notices/${notice.id}\\?t=`));

  // An escalated notice may still be reported; the nudges stop then.
  await chat.as('chenzr').send('已整改 1号 留样已补齐');
  expect(chat.as('chenzr').lastReply()).toMatch(/^已收到你校对渡督整〔2026〕1号的整改报告/);
  const before = texts('chenzr').length;
  await runAt('2026-10-16T09:00:00+08:00');
  expect(texts('chenzr')).toHaveLength(before);
}, 120_000);
