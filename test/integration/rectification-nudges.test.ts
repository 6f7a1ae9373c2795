/**
 * The rectification.nudges job (conversations.md §3.4) on two notices: one due on 2026-10-01, the first day of the
 * National Day holiday, and one due on 2026-10-08, across the adjusted working Saturday 10-10. What the contact, the
 * supervisor, the zone leader and the office receive, day by day, with the job run at 07:00 and 21:30 (quiet hours:
 * nothing), at 09:00 (the office's nudge time) and every hour after it (nothing new). The clock moves through
 * test/helpers/jobs.ts, so every firing of every job runs through Agenda as on a worker.
 */
import { eq } from 'drizzle-orm';
import { offices, people, rectificationNotices } from '../../src/db/schema/index.ts';
import { dueDate } from '../../src/domain/deadlines.ts';
import { conversation, BASE_URL, type Conversation } from '../helpers/conversation.ts';
import { advanceTo, runJob } from '../helpers/jobs.ts';

let chat: Conversation;

beforeAll(async () => {
  chat = await conversation({ at: '2026-09-15T10:00:00+08:00', officialAccount: false }); // WeCom only, as the schedule is about WeCom people
  await chat.server.database.db.insert(people).values(
    { officeId: chat.org.office.id, name: '周组长', mobile: '13800000011', roles: ['zone_leader'], zoneId: chat.org.zone.id, wecomUserId: 'zhouzz' },
  );
  const sup = chat.as('wangdx');
  await sup.send('开始督导 实验小学');
  for (const t of ['亮点：课后服务丰富', '亮点：校园整洁', '不足：作业公示不及时', '不足：采光不足', '问题：食堂留样记录不全 限期16天', '问题：图书室台账缺失 限期23天', '事项 7']) await sup.send(t);
  await sup.send('提交');
}, 30_000);
afterAll(async () => { await chat.close(); });

/** Moves the clock to `iso`; every job firing on the way runs through Agenda, then the outbox is sent. */
async function runAt(iso: string): Promise<void> {
  await advanceTo(chat.server, iso);
}

const texts = (id: string) => chat.as(id).messages().flatMap((m) => (m.type === 'text' ? [m.text] : []));

it('nudges on the working-day schedule across the holiday, escalates at +3 and +7, and keeps quiet hours', async () => {
  const [notice, second] = await chat.server.database.db.select().from(rectificationNotices).orderBy(rectificationNotices.seq);
  expect(notice.dueOn).toBe('2026-10-01');
  expect(second.dueOn).toBe('2026-10-08');
  const who = ['chenzr', 'wangdx', 'zhouzz', 'liukz'];
  const seen = new Map(who.map((w) => [w, texts(w).length]));
  const log: string[] = [];
  for (let day = '2026-09-26'; day <= '2026-10-15'; day = dueDate(day, 1)) {
    // Each day up to 07:30 (before the nudge time), 09:00 (the nudge time), 21:30 (every later firing of the day).
    for (const time of ['07:30', '09:00', '21:30']) {
      await runAt(`${day}T${time}:00+08:00`);
      for (const w of who) {
        const all = texts(w);
        for (const t of all.slice(seen.get(w))) log.push(`${day} ${time} ${w} ${t.split('\n')[0]}`);
        seen.set(w, all.length);
      }
    }
  }
  expect(log.filter((l) => l.includes('2号'))).toEqual([
    // The reminder 3 days before would fall in the holiday; the deadline day has one; Saturday 10-10 is a working day.
    '2026-10-08 09:00 chenzr 【整改提醒】渡督整〔2026〕2号今天到期。整改完成后请回复"已整改 2号 整改情况"；如有困难请联系督学。',
    '2026-10-10 09:00 chenzr 【逾期提醒】渡督整〔2026〕2号已逾期2天，请尽快整改并回复"已整改 2号 整改情况"。',
    '2026-10-12 09:00 wangdx 【逾期提醒】大渡口区实验小学的渡督整〔2026〕2号已逾期4天，学校尚未报告整改情况，请督促。',
    '2026-10-12 09:00 zhouzz 【逾期提醒】大渡口区实验小学的渡督整〔2026〕2号已逾期4天，学校尚未报告整改情况，请督促。',
    '2026-10-13 09:00 chenzr 【逾期提醒】渡督整〔2026〕2号已逾期5天，请尽快整改并回复"已整改 2号 整改情况"。',
    '2026-10-13 09:00 wangdx 【逾期提醒】大渡口区实验小学的渡督整〔2026〕2号已逾期5天，学校尚未报告整改情况，请督促。',
    '2026-10-13 09:00 zhouzz 【逾期提醒】大渡口区实验小学的渡督整〔2026〕2号已逾期5天，学校尚未报告整改情况，请督促。',
    '2026-10-15 09:00 chenzr 【逾期提醒】渡督整〔2026〕2号已逾期7天，请尽快整改并回复"已整改 2号 整改情况"。',
    '2026-10-15 09:00 wangdx 【逾期提醒】大渡口区实验小学的渡督整〔2026〕2号已逾期7天，学校尚未报告整改情况，请督促。',
    '2026-10-15 09:00 zhouzz 【逾期提醒】大渡口区实验小学的渡督整〔2026〕2号已逾期7天，学校尚未报告整改情况，请督促。',
    '2026-10-15 09:00 liukz 【预警】大渡口区实验小学的渡督整〔2026〕2号已逾期7天未整改（责任督学：王督学），已转为预警，请督导室按规定约谈或通报。',
  ]);
  expect(log.filter((l) => l.includes('1号'))).toEqual([
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
  expect(near(after.overdueAt, '2026-10-02T08:00:00+08:00')).toBe(true);
  expect(near(after.escalatedAt, '2026-10-08T09:00:00+08:00')).toBe(true);
  // The warning links to the notice page for the office's person.
  expect(texts('liukz')[0]).toMatch(new RegExp(`通知书：${BASE_URL}/h5/notices/${notice.id}\\?t=`));

  // An escalated notice may still be reported; the nudges stop then.
  await chat.as('chenzr').send('已整改 1号 留样已补齐');
  expect(chat.as('chenzr').lastReply()).toMatch(/^已收到你校对渡督整〔2026〕1号的整改报告/);
  await chat.as('chenzr').send('已整改 2号 台账已补齐');
  const before = texts('chenzr').length;
  await runAt('2026-10-16T09:00:00+08:00');
  expect(texts('chenzr')).toHaveLength(before);
  // A second pass of the same firing sends nothing.
  await runJob(chat.server, 'rectification.nudges', '2026-10-16T09:00:00+08:00');
  expect(texts('chenzr')).toHaveLength(before);
}, 120_000);

it('sends a nudge whose office time falls in the quiet hours at their end, on the deadline day even when it is a Saturday', async () => {
  const { db } = chat.server.database;
  await db.update(offices).set({ settings: { rectification: { nudgeTime: '22:30' } } }).where(eq(offices.id, chat.org.office.id));
  const sup = chat.as('wangdx');
  await sup.send('开始督导 实验小学');
  for (const t of ['亮点：课后服务丰富', '亮点：校园整洁', '不足：作业公示不及时', '不足：采光不足', '问题：消防通道堆放杂物 限期1天', '事项 6']) await sup.send(t);
  await sup.send('提交');
  const [n] = await db.select().from(rectificationNotices).where(eq(rectificationNotices.seq, 3));
  expect(n.dueOn).toBe('2026-10-17'); // a Saturday
  const count = () => texts('chenzr').filter((t) => t.includes('3号')).length;
  const issued = count();
  await runAt('2026-10-17T07:59:00+08:00');
  expect(count()).toBe(issued);
  await runAt('2026-10-17T08:00:00+08:00');
  expect(texts('chenzr').at(-1)).toBe('【整改提醒】渡督整〔2026〕3号今天到期。整改完成后请回复"已整改 3号 整改情况"；如有困难请联系督学。');
  await runAt('2026-10-17T22:45:00+08:00');
  expect(count()).toBe(issued + 1);
}, 60_000);
