/**
 * The public asks for reports on the official account (conversations.md §4), end to end: safe-mode callbacks in,
 * customer-service news messages out, and the reports published through the simulated platform first.
 */
import { and, eq } from 'drizzle-orm';
import { clock } from '../../src/clock.ts';
import { reports } from '../../src/db/schema/index.ts';
import { createVisitReport } from '../../src/services/report-documents.ts';
import { withdrawReport } from '../../src/services/reports.ts';
import { BASE_URL, conversation, type Conversation } from '../helpers/conversation.ts';
import { V6 } from '../helpers/official-account.ts';
import { officeActor, publishThroughPlatform, recordVisit } from '../helpers/reports.ts';

describe('报告 and a school name on the official account', () => {
  let chat: Conversation;
  const ids: number[] = [];

  beforeAll(async () => {
    chat = await conversation({ at: '2026-05-11T02:00:00Z' });
    const { db } = chat.server.database;
    const actor = officeActor(chat.org.office.id);
    // Six published visit reports: 实验小学 ×5, 钢花小学 ×1; 实验中学 has none.
    const plan = [
      [chat.org.supervisor.id, chat.org.schools.shiyan.id], [chat.org.supervisor.id, chat.org.schools.shiyan.id],
      [chat.org.otherSupervisor.id, chat.org.schools.ganghua.id], [chat.org.supervisor.id, chat.org.schools.shiyan.id],
      [chat.org.supervisor.id, chat.org.schools.shiyan.id], [chat.org.supervisor.id, chat.org.schools.shiyan.id],
    ];
    for (const [i, [personId, schoolId]] of plan.entries()) {
      const { visit } = await recordVisit(db, { personId, schoolId, at: `2026-05-${String(11 + i).padStart(2, '0')}T10:00:00+08:00`, items: [3] });
      const report = await createVisitReport(db, actor, visit.id);
      await publishThroughPlatform(chat.server, chat.officialAccount, report.id, V6.originalId);
      ids.push(report.id);
    }
  });
  afterAll(async () => { await chat.close(); });

  it('报告 answers the five latest published reports as an article list, newest first', async () => {
    const someone = chat.follower('oReportReader01');
    await someone.send('报告');
    const [reply] = someone.replies();
    expect(reply.type).toBe('news');
    const articles = (reply as Extract<typeof reply, { type: 'news' }>).articles as { title: string; url: string }[];
    expect(articles.map((a) => a.url)).toEqual(ids.slice(1).reverse().map((id) => `${BASE_URL}/reports/${id}`));
    expect(articles[0].title).toBe('大渡口区实验小学督导报告（2026年5月16日）');
  });

  it('the 督导报告 menu button does the same', async () => {
    const someone = chat.follower('oReportReader02');
    await someone.tap('DUDAO_REPORTS');
    expect(someone.replies()[0]).toMatchObject({ type: 'news' });
  });

  it('a school name or 简称 answers its latest published report; a school with none gets a polite 暂无', async () => {
    const someone = chat.follower('oReportReader03');
    await someone.send('钢花小学');
    expect(someone.replies()).toEqual([{ type: 'news', articles: [expect.objectContaining({ url: `${BASE_URL}/reports/${ids[2]}`, title: '钢花小学督导报告（2026年5月13日）' })] }]);
    await someone.send('实验小学');
    expect(someone.replies()).toEqual([{ type: 'news', articles: [expect.objectContaining({ url: `${BASE_URL}/reports/${ids[5]}` })] }]);
    await someone.send('实验中学');
    expect(someone.repliesText()).toBe('暂无实验中学已发布的督导报告，感谢您的关注。');
  });

  it('text that names no school gets the help', async () => {
    const someone = chat.follower('oReportReader04');
    await someone.send('天气怎么样');
    expect(someone.repliesText()).toMatch(/可以发送/);
  });

  it('a withdrawn report is no longer offered', async () => {
    const { db } = chat.server.database;
    await withdrawReport(db, officeActor(chat.org.office.id), ids[2]);
    const someone = chat.follower('oReportReader05');
    await someone.send('钢花小学');
    expect(someone.repliesText()).toBe('暂无钢花小学已发布的督导报告，感谢您的关注。');
    const [row] = await db.select().from(reports).where(and(eq(reports.id, ids[2])));
    expect(row.status).toBe('withdrawn');
    clock.reset();
  });
});
