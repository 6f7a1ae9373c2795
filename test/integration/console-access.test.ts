/**
 * Who may see what in the office console. Every /admin page of the router is walked (the test fails when a page is
 * added and not listed here) as: the office's own admin (200), another office's admin (403 on every record of the
 * first office; the lists show none of its rows), and a zone leader (their zone's records only, and no changes).
 */
import ExcelJS from 'exceljs';
import request from 'supertest';
import { and, eq } from 'drizzle-orm';
import { admins, assignments, outbox, people, rectificationNotices, reportImages, schools, zones } from '../../src/db/schema/index.ts';
import { compilePeriod } from '../../src/services/report-documents.ts';
import { scheduleMeeting } from '../../src/services/meetings.ts';
import { reportActorOf } from '../../src/services/report-actor.ts';
import { shanghaiDate } from '../../src/domain/deadlines.ts';
import { clock } from '../../src/clock.ts';
import type { RawSheet } from '../../src/domain/import-rows.ts';
import { adminRoutes } from '../../src/http/routes/admin.ts';
import { createAdmin } from '../../src/services/auth.ts';
import { DEMO_ADMIN, DEMO_ZONE_LEADER } from '../../src/services/demo.ts';
import { importOrgLists } from '../../src/services/import.ts';
import { JOBS } from '../../src/jobs/index.ts';
import { AGENDA_TABLE } from '../../src/db/migrate.ts';
import { LoginThrottle } from '../../src/services/login-throttle.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const PASSWORD = 'console-access-pass';
let server: TestServer;
const ids: Record<string, number> = {};

const sheet = (name: string, headers: string[], rows: string[][]): RawSheet => ({ name, headers, rows: rows.map((values, i) => ({ row: i + 2, values })) });

async function signIn(username: string, password = PASSWORD): Promise<string> {
  const res = await request(server.url).post('/admin/login').set('Origin', server.url).type('form').send({ username, password });
  expect(res.status).toBe(303);
  return (res.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
}

beforeAll(async () => {
  server = await startTestServer({ SANDBOX: '1' });
  const { db } = server.database;
  // A second office, imported the way the CLI does (its 督导室 sheet names it), with its own admin.
  const other = await importOrgLists(db, [
    sheet('督导室', ['名称', '通知书编号前缀'], [['九龙坡区人民政府教育督导室', '九督整']]),
    sheet('责任区', ['名称'], [['九龙坡第一责任区']]),
    sheet('学校', ['学校名称', '类型', '所属责任区'], [['九龙坡区谢家湾小学', '小学', '九龙坡第一责任区']]),
    sheet('人员', ['姓名', '手机', '角色'], [['钱主任', '13911110000', '督导室管理员']]),
    sheet('挂牌', ['督学手机', '学校名称', '开始日期'], []),
  ], { actor: 'test' });
  const [qian] = await db.select().from(people).where(eq(people.mobile, '13911110000'));
  await createAdmin(db, 'test', { officeId: other.office.id, username: 'jiulongpo', password: PASSWORD, personId: qian.id });

  const [zone1] = await db.select().from(zones).where(eq(zones.name, '第一督学责任区'));
  const [zone2] = await db.select().from(zones).where(eq(zones.name, '第二督学责任区'));
  const [school1] = await db.select().from(schools).where(eq(schools.name, '大渡口区实验小学'));
  const [school2] = await db.select().from(schools).where(and(eq(schools.zoneId, zone2.id)));
  const [wang] = await db.select().from(people).where(eq(people.name, '王建国'));
  const [assignment1] = await db.select().from(assignments).where(eq(assignments.schoolId, school1.id));
  Object.assign(ids, { zone1: zone1.id, zone2: zone2.id, school1: school1.id, school2: school2.id, person1: wang.id, assignment1: assignment1.id });
  // A bot reply to 王建国 that WeCom refused (60111 cannot be retried): the dispatcher parks it as dead.
  server.wecomSimulator!.fail('/cgi-bin/message/send', 60111, 1);
  const said = await request(server.url).post('/sandbox/api/send').send({ as: 'wangjianguo', text: '帮助' });
  expect(said.status).toBe(200);
  for (let i = 0; i < 100 && !ids.message1; i++) {
    const [dead] = await db.select().from(outbox).where(and(eq(outbox.recipient, 'wangjianguo'), eq(outbox.status, 'dead')));
    if (dead) ids.message1 = dead.id;
    else await new Promise((r) => setTimeout(r, 100));
  }
  expect(ids.message1).toBeDefined();
  // A visit with a problem, submitted by chat at a zone-1 school: it issues a 整改通知书.
  for (const text of ['开始督导 实验小学', '事项 1', '亮点：甲', '亮点：乙', '不足：丙', '不足：丁', '问题：消防通道堆放杂物 限期10天', '完成', '提交']) {
    expect((await request(server.url).post('/sandbox/api/send').send({ as: 'wangjianguo', text })).status).toBe(200);
  }
  for (let i = 0; i < 150 && !ids.notice1; i++) {
    const [n] = await db.select().from(rectificationNotices).where(eq(rectificationNotices.schoolId, school1.id));
    if (n) ids.notice1 = n.id;
    else await new Promise((r) => setTimeout(r, 100));
  }
  expect(ids.notice1).toBeDefined();
  // The month's bulletins, compiled the way the office compiles them: zone 1's monthly report and its chart.
  const [demoAdmin] = await db.select().from(admins).where(eq(admins.username, DEMO_ADMIN.username));
  const actor = await reportActorOf(db, demoAdmin);
  const compiled = await compilePeriod(db, { officeId: actor.officeId, period: shanghaiDate(clock.now()).slice(0, 7), actor: actor.actor });
  const report1 = compiled.find((r) => r.zoneId === zone1.id)!;
  ids.report1 = report1.id;
  const [image] = await db.select().from(reportImages).where(eq(reportImages.reportId, report1.id));
  ids.image1 = image.id;
  // A meeting of zone 1, scheduled by the office a week from now (forced past the working-day rule).
  const meeting = await scheduleMeeting(db, { kind: 'office', officeId: actor.officeId, adminId: demoAdmin.id },
    { zoneId: zone1.id, startsAt: new Date(clock.now().getTime() + 7 * 86_400_000), place: '区教委3楼会议室', force: true });
  ids.meeting1 = meeting.id;
}, 60_000);
afterAll(async () => { await server?.stop(); });

/** Every GET page of the console, with the first office's (zone 1) records filled in. */
const PAGES: Record<string, string> = {
  '/admin/assets/console.css': '/admin/assets/console.css',
  '/admin/login': '/admin/login',
  '/admin': '/admin',
  '/admin/org': '/admin/org',
  '/admin/org/zones': '/admin/org/zones',
  '/admin/org/schools': '/admin/org/schools',
  '/admin/org/people': '/admin/org/people',
  '/admin/org/assignments': '/admin/org/assignments',
  '/admin/org/zones/new': '/admin/org/zones/new',
  '/admin/org/schools/new': '/admin/org/schools/new',
  '/admin/org/people/new': '/admin/org/people/new',
  '/admin/org/assignments/new': '/admin/org/assignments/new',
  '/admin/org/zones/:id': '/admin/org/zones/{zone1}',
  '/admin/org/schools/:id/edit': '/admin/org/schools/{school1}/edit',
  '/admin/org/people/:id': '/admin/org/people/{person1}',
  '/admin/org/assignments/:id': '/admin/org/assignments/{assignment1}',
  '/admin/org/import': '/admin/org/import',
  '/admin/org/import/example.xlsx': '/admin/org/import/example.xlsx',
  '/admin/schools/:id': '/admin/schools/{school1}',
  '/admin/org/bind-codes': '/admin/org/bind-codes',
  '/admin/org/bind-codes/print': '/admin/org/bind-codes/print',
  '/admin/notices': '/admin/notices',
  '/admin/notices/export.xlsx': '/admin/notices/export.xlsx',
  '/admin/notices/:id': '/admin/notices/{notice1}',
  '/admin/cadence': '/admin/cadence',
  '/admin/ops/jobs': '/admin/ops/jobs',
  '/admin/meetings': '/admin/meetings',
  '/admin/meetings/:id': '/admin/meetings/{meeting1}',
  '/admin/reports': '/admin/reports',
  '/admin/reports/:id': '/admin/reports/{report1}',
  '/admin/reports/:id/images/:imageId': '/admin/reports/{report1}/images/{image1}',
  '/admin/ops': '/admin/ops',
  '/admin/ops/messages': '/admin/ops/messages',
  '/admin/ops/audit': '/admin/ops/audit',
};
const PUBLIC = new Set(['/admin/assets/console.css', '/admin/login']);
/** Pages that show one record of the first office (zone 1). */
const RECORDS = Object.keys(PAGES).filter((p) => p.includes(':id'));
/** Pages only the office may open (a zone leader is read-only). */
const OFFICE_ONLY = ['/admin/org/zones/new', '/admin/org/schools/new', '/admin/org/people/new', '/admin/org/assignments/new',
  '/admin/org/import', '/admin/org/import/example.xlsx', '/admin/org/bind-codes', '/admin/org/bind-codes/print', '/admin/ops', '/admin/ops/messages', '/admin/ops/audit', '/admin/ops/jobs'];
const fill = (template: string) => PAGES[template].replace(/\{(\w+)\}/g, (_, k) => String(ids[k]));
const get = (path: string, cookie?: string) => request(server.url).get(path).set('Cookie', cookie ?? '').redirects(0);

describe('the office console: who sees what', () => {
  it('lists every GET page of the console here', () => {
    const router = adminRoutes({ database: server.database, loginThrottle: new LoginThrottle(server.database.pool), kickDispatcher: () => {}, dataDir: server.dataDir, jobs: JOBS, agendaTable: AGENDA_TABLE });
    const registered = router.stack.filter((l) => l.methods.includes('GET') && !String(l.path).includes('{*')).map((l) => String(l.path));
    expect([...new Set(registered)].sort()).toEqual(Object.keys(PAGES).sort());
  });

  it('sends every page but sign-in to the sign-in page without a session', async () => {
    for (const template of Object.keys(PAGES).filter((p) => !PUBLIC.has(p))) {
      const res = await get(fill(template));
      expect([template, res.status, res.headers.location]).toEqual([template, 302, `/admin/login?next=${encodeURIComponent(fill(template))}`]);
    }
  });

  it('opens every page for the office’s own admin', async () => {
    const cookie = await signIn(DEMO_ADMIN.username, DEMO_ADMIN.password);
    for (const template of Object.keys(PAGES)) {
      const res = await get(fill(template), cookie);
      expect([template, res.status]).toEqual([template, template === '/admin/org' || template === '/admin/ops' ? 302 : 200]);
    }
  });

  it('answers 403 to another office’s admin on every record of the first office, and its lists show none of them', async () => {
    const cookie = await signIn('jiulongpo');
    for (const template of RECORDS) {
      const res = await get(fill(template), cookie);
      expect([template, res.status]).toEqual([template, 403]);
      expect(res.text).toContain('该记录属于其他督导室，无权查看');
    }
    for (const path of ['/admin', '/admin/notices', '/admin/cadence', '/admin/reports', '/admin/meetings', '/admin/org/zones', '/admin/org/schools', '/admin/org/people', '/admin/org/assignments', '/admin/ops/messages', '/admin/ops/audit']) {
      const res = await get(path, cookie);
      expect([path, res.status]).toEqual([path, 200]);
      for (const name of ['大渡口', '王建国', '第一督学责任区', '60111', '渡督整']) expect([path, res.text.includes(name)]).toEqual([path, false]);
    }
    const schoolsPage = await get('/admin/org/schools', cookie);
    expect(schoolsPage.text).toContain('九龙坡区谢家湾小学');
    const resend = await request(server.url).post(`/admin/ops/messages/${ids.message1}/resend`).set('Cookie', cookie).set('Origin', server.url).type('form').send({});
    expect(resend.status).toBe(403);
    const interview = await request(server.url).post(`/admin/notices/${ids.notice1}/interview`).set('Cookie', cookie).set('Origin', server.url).type('form')
      .send({ date: '2026-01-05', people: '校长', minutes: '越权' });
    expect(interview.status).toBe(403);
    const exported = await fetch(`${server.url}/admin/notices/export.xlsx`, { headers: { Cookie: cookie } });
    expect(exported.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await exported.arrayBuffer()) as never);
    const cells = wb.worksheets.map((ws) => ws.getSheetValues().flat().join(' ')).join(' ');
    expect(cells).not.toContain('消防通道堆放杂物');
    const [still] = await server.database.db.select().from(outbox).where(eq(outbox.id, ids.message1));
    expect(still.status).toBe('dead');
  });

  it('shows a zone leader their zone only, read-only', async () => {
    // The demo district's zone leader account: 周国华 leads 第二督学责任区.
    const cookie = await signIn(DEMO_ZONE_LEADER.username, DEMO_ZONE_LEADER.password);
    for (const template of RECORDS) {
      const res = await get(fill(template), cookie);
      expect([template, res.status]).toEqual([template, 403]);
      expect(res.text).toContain('该记录不属于您负责的责任区');
    }
    for (const template of OFFICE_ONLY) {
      const res = await get(fill(template), cookie);
      expect([template, res.status]).toEqual([template, template === '/admin/ops' ? 302 : 403]);
    }
    const own = await get(`/admin/schools/${ids.school2}`, cookie);
    expect(own.status).toBe(200);
    expect(own.text).not.toContain('编辑学校');
    const ownZone = await get(`/admin/org/zones/${ids.zone2}`, cookie);
    expect(ownZone.status).toBe(200);
    expect(ownZone.text).not.toContain('<form class="edit"');
    const grid = await get('/admin/cadence', cookie);
    expect(grid.text).toContain('大渡口区春晖路小学');
    expect(grid.text).not.toContain('大渡口区实验小学');
    const meetingsList = await get('/admin/meetings', cookie);
    expect(meetingsList.text).not.toContain('第一督学责任区');
    const cancel = await request(server.url).post(`/admin/meetings/${ids.meeting1}/cancel`).set('Cookie', cookie).set('Origin', server.url).type('form').send({});
    expect(cancel.status).toBe(403);
    const reportsList = await get('/admin/reports', cookie);
    expect(reportsList.text).toContain('第二督学责任区');
    expect(reportsList.text).not.toContain('第一督学责任区');
    const list = await get('/admin/org/schools', cookie);
    expect(list.text).toContain('第二督学责任区');
    expect(list.text).not.toContain('第一督学责任区');
    expect(list.text).not.toContain('新建学校');
    const today = await get('/admin', cookie);
    expect(today.text).toContain('周国华 · 第二督学责任区组长（只读）');
    expect(today.text).not.toContain('发送失败的消息');
    expect(today.text).not.toContain('/admin/ops');

    const create = await request(server.url).post('/admin/org/schools').set('Cookie', cookie).set('Origin', server.url).type('form')
      .send({ 学校名称: '组长新建的学校', 类型: '小学', 所属责任区: '第二督学责任区' });
    expect(create.status).toBe(403);
    expect(await server.database.db.select().from(schools).where(eq(schools.name, '组长新建的学校'))).toEqual([]);
    const resend = await request(server.url).post(`/admin/ops/messages/${ids.message1}/resend`).set('Cookie', cookie).set('Origin', server.url).type('form').send({});
    expect(resend.status).toBe(403);
    for (const action of ['interview', 'verify']) {
      const res = await request(server.url).post(`/admin/notices/${ids.notice1}/${action}`).set('Cookie', cookie).set('Origin', server.url).type('form')
        .send({ date: '2026-01-05', people: '校长', minutes: '越权' });
      expect([action, res.status]).toEqual([action, 403]);
    }
    const notices = await get('/admin/notices', cookie);
    expect(notices.text).not.toContain('消防通道堆放杂物');
    const events = await server.database.db.select().from(rectificationNotices).where(eq(rectificationNotices.id, ids.notice1));
    expect(events[0].status).toBe('issued');
  });
});
