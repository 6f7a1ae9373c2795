/**
 * 一月一报告 against a hand-built month: May 2026 in the 大渡口 fixture (one zone, three schools), with visits
 * submitted through the visit services in April, May and June, so only May's count. The figures the bulletin
 * prints are worked out here by hand from the visits below.
 */
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/db/client.ts';
import { clock } from '../../src/clock.ts';
import { reportFlags, reportImages, reports } from '../../src/db/schema/index.ts';
import type { PeriodFigures } from '../../src/services/report-figures.ts';
import { svgToPng } from '../../src/services/report-charts.ts';
import { advanceTo, runJob } from '../helpers/jobs.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createOrgFixture, type OrgFixture } from '../helpers/org-fixture.ts';
import { recordVisit } from '../helpers/reports.ts';
import { cancelMeeting, recordMeeting, scheduleMeeting } from '../../src/services/meetings.ts';

let server: TestServer;
let database: Database;
let org: OrgFixture;

beforeAll(async () => {
  // Web and worker: the JOBS are defined on the server's Agenda, and the test helper runs their firings through it.
  server = await startTestServer({ SANDBOX: '0' });
  database = server.database;
  org = await createOrgFixture(database.db);
  const { db } = database;
  const sup = org.supervisor.id;
  const other = org.otherSupervisor.id;
  const { shiyan, shiyanZhong, ganghua } = org.schools;
  // April: not in the month.
  await recordVisit(db, { personId: sup, schoolId: shiyan.id, at: '2026-04-28T10:00:00+08:00', items: [1], problems: [{ text: '四月的问题', deadlineDays: 5 }] });
  // May: 实验小学 twice (met), 实验中学 once, 钢花小学 once (below the quota of 2).
  await recordVisit(db, { personId: sup, schoolId: shiyan.id, at: '2026-05-06T10:00:00+08:00', items: [3, 7],
    problems: [{ text: '食堂留样记录不全', deadlineDays: 5 }, { text: '课表公示与实际不符', deadlineDays: 60 }],
    strengths: ['阳光大课间组织有序', '书香校园建设扎实'] });
  await recordVisit(db, { personId: sup, schoolId: shiyan.id, at: '2026-05-20T15:00:00+08:00', items: [6], problems: [{ text: '消防通道堆放杂物', deadlineDays: 3 }] });
  await recordVisit(db, { personId: sup, schoolId: shiyanZhong.id, at: '2026-05-21T09:30:00+08:00', items: [1] });
  // May's meetings, through the meetings service: one for all zones (held; 王督学 present, 李督学 absent) and one
  // for the zone that was cancelled. A zone's bulletin counts the all-zones meeting with its own members.
  const office = { kind: 'office', officeId: org.office.id, adminId: 1 } as const;
  clock.set(new Date('2026-05-22T10:00:00+08:00'));
  const all = await scheduleMeeting(db, office, { zoneId: null, startsAt: new Date('2026-05-28T14:30:00+08:00'), place: '区教委3楼会议室', agenda: '五月例会' });
  const dropped = await scheduleMeeting(db, office, { zoneId: org.zone.id, startsAt: new Date('2026-05-29T14:30:00+08:00'), place: '区教委3楼会议室' });
  await cancelMeeting(db, office, dropped.id);
  clock.set(new Date('2026-05-28T17:00:00+08:00'));
  await recordMeeting(db, office, all.id, { presentIds: [sup] });
  // The last minutes of May in Shanghai are still May.
  await recordVisit(db, { personId: other, schoolId: ganghua.id, at: '2026-05-31T23:50:00+08:00', items: [7], problems: [{ text: '饮水机滤芯未按期更换', deadlineDays: 60 }] });
  // June: not in the month.
  await recordVisit(db, { personId: other, schoolId: ganghua.id, at: '2026-06-01T00:10:00+08:00', items: [2], problems: [{ text: '六月的问题' }] });
});
afterAll(async () => { await server.stop(); clock.reset(); });

const figuresOf = async (kind: string) => {
  const [row] = await database.db.select().from(reports).where(eq(reports.kind, kind as never));
  return { row, f: row.data as PeriodFigures };
};

describe('the monthly bulletin', () => {
  it('is compiled on the 1st by the job, once, one draft per zone and one for the district', async () => {
    // The clock stands just after the last visit (00:10 on 1 June); the job fires at 06:00 through Agenda.
    expect(await database.db.select().from(reports)).toEqual([]);
    const ran = await advanceTo(server, '2026-06-01T07:00:00+08:00');
    expect(ran.filter((r) => r.name === 'reports.compile-monthly').map((r) => [r.at.toISOString(), r.ok])).toEqual([['2026-05-31T22:00:00.000Z', true]]);
    expect(await database.db.select().from(reports)).toHaveLength(2);
    // A second run the same day makes nothing; the next days are not compile days.
    await runJob(server, 'reports.compile-monthly', new Date('2026-06-01T06:00:00+08:00'));
    await advanceTo(server, '2026-06-03T07:00:00+08:00');
    const rows = await database.db.select().from(reports);
    expect(rows.map((r) => [r.kind, r.period, r.status, r.title]).sort()).toEqual([
      ['monthly_district', '2026-05', 'draft', '全区2026年5月督导工作月报'],
      ['monthly_zone', '2026-05', 'draft', '第一督学责任区2026年5月督导工作月报'],
    ]);
  });

  it('counts visits per school against the quota', async () => {
    const { f } = await figuresOf('monthly_zone');
    expect(f.quota).toBe(2);
    expect(f.schools.map((s) => [s.name, s.visits, s.met])).toEqual([
      ['大渡口区实验小学', 2, true], ['实验中学', 1, false], ['钢花小学', 1, false],
    ]);
    expect(f.visits).toBe(4);
    expect(f.schoolsBelowQuota).toBe(2);
  });

  it('counts problems by the eight standard items', async () => {
    const { f } = await figuresOf('monthly_zone');
    expect(f.problems).toBe(4);
    expect(f.problemsByItem.map((i) => [i.code, i.count])).toEqual([[1, 0], [2, 0], [3, 2], [4, 0], [5, 0], [6, 1], [7, 3], [8, 0]]);
  });

  it('gives notices issued, the rectification rate and the overdue count on the compile day', async () => {
    const { f } = await figuresOf('monthly_zone');
    expect(f.noticesIssued).toBe(4);
    // No notice has been rectified yet (the rectification flow sets those statuses).
    expect(f.noticesRectified).toBe(0);
    expect(f.rectificationRate).toBe(0);
    // Due by 2026-06-01: April's (5 days), 食堂留样 (5 days) and 消防通道 (3 days); the 60-day ones are not.
    expect(f.asOf).toBe('2026-06-01');
    expect(f.overdue).toBe(3);
    // The all-zones meeting counts for the zone, with the zone's two supervisors expected; the cancelled one does not.
    expect(f.meetings).toEqual({ held: 1, expected: 2, attended: 1 });
  });

  it('lists good practices from the visits, and prints every figure in the article', async () => {
    const { f, row } = await figuresOf('monthly_zone');
    expect(f.goodPractices.slice(0, 2)).toEqual([
      { school: '大渡口区实验小学', text: '阳光大课间组织有序' }, { school: '大渡口区实验小学', text: '书香校园建设扎实' },
    ]);
    expect(row.bodyHtml).toContain('共开展督导 <strong style="color:#c0392b;font-weight:bold;">4</strong> 次');
    expect(row.bodyHtml).toContain('未达到督导次数的学校 2 所');
    expect(row.bodyHtml).toContain('整改率 0%');
    expect(row.bodyHtml).toContain('逾期未整改 3 份');
    expect(row.bodyHtml).toContain('召开督导例会 1 次，应到 2 人次，实到 1 人次。');
    expect(row.bodyHtml).not.toMatch(/<style|<script|class=/);
    expect(row.digest).toBe('本月共开展督导4次，发现问题4个，整改率0%。');
  });

  it('has a district line per zone, and names the schools below the quota', async () => {
    const { f, row } = await figuresOf('monthly_district');
    expect(row.bodyHtml).toContain('实验中学（1次）、钢花小学（1次）');
    // Inside the official account's limit for an article's content.
    expect([...row.bodyHtml].length).toBeLessThan(20_000);
    expect(f.zone).toBeNull();
    expect(f.zones.map((z) => [z.name, z.schools, z.visits, z.schoolsBelowQuota, z.problems, z.noticesIssued])).toEqual([
      ['第一督学责任区', 3, 4, 2, 4, 4],
    ]);
  });

  it('carries its charts as PNG rendered on the server', async () => {
    const { row } = await figuresOf('monthly_zone');
    const images = await database.db.select().from(reportImages).where(eq(reportImages.reportId, row.id));
    expect(images.map((i) => [i.kind, i.caption, i.publishable])).toEqual([['chart', '各校督导次数', true], ['chart', '问题按督导事项分布', true]]);
    for (const i of images) expect(row.bodyHtml).toContain(`src="report-image:${i.id}"`);
    const png = svgToPng(images[0].svg!);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(640);
    expect(images[0].svg).toContain('钢花小学');
    // The good practices and school names hold no personal data: nothing flagged.
    expect(await database.db.select().from(reportFlags).where(eq(reportFlags.reportId, row.id))).toEqual([]);
  });

  it('makes the quarterly roll-up after the quarter ends', async () => {
    await runJob(server, 'reports.compile-monthly', new Date('2026-07-01T06:00:00+08:00'));
    expect((await database.db.select().from(reports)).map((r) => [r.kind, r.period]).sort()).toEqual([
      ['monthly_district', '2026-05'], ['monthly_district', '2026-06'], ['monthly_zone', '2026-05'], ['monthly_zone', '2026-06'], ['quarterly', '2026-Q2'],
    ]);
    const { f, row } = await figuresOf('quarterly');
    expect(row.title).toBe('2026年第二季度责任督学挂牌督导工作报告');
    expect(f.quota).toBe(6);
    expect(f.visitsByMonth).toEqual([{ month: '2026-04', visits: 1 }, { month: '2026-05', visits: 4 }, { month: '2026-06', visits: 1 }]);
    expect(f.visits).toBe(6);
  });
});
