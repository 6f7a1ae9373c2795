/**
 * 附件7 先进典型和经验推荐表 over the API: a supervisor recommends, the zone's leader approves with the zone's opinion
 * (a leader of another zone may not), then the office with its own; the office alone may publish. Also: a school
 * contact may not draft, bad input changes nothing, and another office's report is not found.
 */
import request from 'supertest';
import { clock } from '../../src/clock.ts';
import { offices, people, reports, zones } from '../../src/db/schema/index.ts';
import { createOrgFixture, type OrgFixture } from '../helpers/org-fixture.ts';
import { apiAccount, recordVisit } from '../helpers/reports.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let org: OrgFixture;
const tokens: Record<string, string> = {};
const api = () => request(server.url);
const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

beforeAll(async () => {
  clock.set(new Date('2026-05-20T10:00:00+08:00'));
  server = await startTestServer({ SANDBOX: '0' }, { web: true, worker: false });
  const { db } = server.database;
  org = await createOrgFixture(db);
  const [otherZone] = await db.insert(zones).values({ officeId: org.office.id, name: '第二督学责任区' }).returning();
  const [leader, otherLeader] = await db.insert(people).values([
    { officeId: org.office.id, name: '周组长', mobile: '13800000011', roles: ['zone_leader', 'supervisor'], zoneId: org.zone.id },
    { officeId: org.office.id, name: '吴组长', mobile: '13800000012', roles: ['zone_leader'], zoneId: otherZone.id },
  ]).returning();
  tokens.office = await apiAccount(db, org.office.id, 'office-admin');
  tokens.supervisor = await apiAccount(db, org.office.id, 'wang', org.supervisor.id);
  tokens.leader = await apiAccount(db, org.office.id, 'zhou', leader.id);
  tokens.otherLeader = await apiAccount(db, org.office.id, 'wu-leader', otherLeader.id);
  tokens.contact = await apiAccount(db, org.office.id, 'chen', org.contactWecom.id);
  const [elsewhere] = await db.insert(offices).values({ name: '别的督导室', noticePrefix: '别督' }).returning();
  tokens.elsewhere = await apiAccount(db, elsewhere.id, 'elsewhere-admin');
});
afterAll(async () => { await server.stop(); clock.reset(); });

const recommendation = () => ({
  kind: 'exemplary', schoolId: org.schools.shiyan.id, name: '“阳光大课间”体育活动模式',
  content: '学校每天上午安排30分钟大课间，分年级开展跳绳、武术操和趣味游戏，学生体质健康合格率逐年提高。', promotion: '现场观摩会、经验交流材料汇编',
});

describe('an exemplary-practice recommendation (附件7)', () => {
  let id: number;

  it('is written by a supervisor, not by a school contact, and bad input is refused', async () => {
    expect((await api().post('/api/reports').set(as('contact')).send(recommendation())).status).toBe(403);
    const bad = await api().post('/api/reports').set(as('supervisor')).send({ ...recommendation(), content: '太短' });
    expect(bad.status).toBe(400);
    expect((await api().post('/api/reports').set(as('supervisor')).send({ kind: 'visit' })).status).toBe(400);
    expect((await server.database.db.select().from(reports)).length).toBe(0);

    const res = await api().post('/api/reports').set(as('supervisor')).send(recommendation());
    expect(res.status).toBe(201);
    id = res.body.report.id;
    expect(res.body.report).toMatchObject({ kind: 'exemplary', status: 'draft', title: '大渡口区实验小学：“阳光大课间”体育活动模式' });
    expect(res.body.report.bodyHtml).toContain('典型经验名称');
    expect(res.body.report.bodyHtml).toContain('（待审核）');
  });

  it('needs its own zone leader before the office', async () => {
    // Someone else's draft is not the leader's to edit or submit.
    const notYours = await api().post(`/api/reports/${id}/submit`).set(as('leader')).send({});
    expect(notYours.status).toBe(403);
    expect(notYours.body.message).toBe('只能修改或提交自己起草的报告，其他报告由督导室处理');
    await api().post(`/api/reports/${id}/submit`).set(as('supervisor')).send({}).expect(200);
    const early = await api().post(`/api/reports/${id}/approve`).set(as('office')).send({});
    expect(early.status).toBe(409);
    expect(early.body.message).toBe('报告当前为「待审核」，不能审核通过');
    expect((await api().post(`/api/reports/${id}/zone-approve`).set(as('supervisor')).send({ opinion: '同意' })).status).toBe(403);
    const other = await api().post(`/api/reports/${id}/zone-approve`).set(as('otherLeader')).send({ opinion: '同意' });
    expect(other.status).toBe(403);
    expect(other.body.message).toBe('只有本责任区的组长可以审核这份推荐');

    const zone = await api().post(`/api/reports/${id}/zone-approve`).set(as('leader')).send({ opinion: '做法成熟，同意推荐。' });
    expect(zone.status).toBe(200);
    expect(zone.body.report.status).toBe('zone_approved');
    expect(zone.body.report.bodyHtml).toContain('做法成熟，同意推荐。<br>组长：周组长');
    expect((await api().post(`/api/reports/${id}/approve`).set(as('leader')).send({})).status).toBe(403);

    const office = await api().post(`/api/reports/${id}/approve`).set(as('office')).send({ opinion: '同意在全区推广。' });
    expect(office.status).toBe(200);
    expect(office.body.report.status).toBe('approved');
    expect(office.body.report.bodyHtml).toContain('同意在全区推广。<br>负责人：office-admin');
  });

  it('is not found by another office, and each step is in the audit log', async () => {
    expect((await api().get(`/api/reports/${id}`).set(as('elsewhere'))).status).toBe(404);
    expect((await api().get('/api/reports').set(as('elsewhere'))).body.items).toEqual([]);
    const audit = await api().get(`/api/audit?entity=report&entityId=${id}`).set(as('office'));
    expect(audit.body.items.map((a: any) => [a.action, a.actor]).reverse()).toEqual([
      ['report.create', expect.stringMatching(/^admin:/)], ['report.submit', expect.any(String)],
      ['report.zone_approve', expect.any(String)], ['report.approve', expect.any(String)],
    ]);
    const [create, , zone, approve] = audit.body.items.reverse();
    expect(new Set([create.actor, zone.actor, approve.actor]).size).toBe(3);
  });
});

describe('rectification outcomes on a school public page (整改情况向社会公布)', () => {
  it('are published by the office only, checked for personal data, and listed on the school page', async () => {
    const { notices } = await recordVisit(server.database.db, {
      personId: org.supervisor.id, schoolId: org.schools.shiyan.id, at: '2026-05-21T10:00:00+08:00', items: [6], problems: [{ text: '消防通道堆放杂物' }],
    });
    const noticeId = notices[0].id;
    const summary = '学校已清理消防通道，建立每日巡查制度，经督学回访确认整改到位。';
    expect((await api().post(`/api/rectifications/${noticeId}/publish`).set(as('supervisor')).send({ summary })).status).toBe(403);
    const pii = await api().post(`/api/rectifications/${noticeId}/publish`).set(as('office')).send({ summary: '由班主任刘洋负责清理，电话13912345678。' });
    expect(pii.status).toBe(409);
    expect(pii.body.details.flags.map((f: any) => f.kind)).toEqual(['person_name', 'mobile']);
    expect((await api().post('/api/rectifications/999999/publish').set(as('office')).send({ summary })).status).toBe(404);
    expect((await api().post(`/api/rectifications/${noticeId}/publish`).set(as('elsewhere')).send({ summary })).status).toBe(404);

    const before = await api().get(`/reports/schools/${org.schools.shiyan.id}`);
    expect(before.text).toContain('暂无公布的整改情况');
    const res = await api().post(`/api/rectifications/${noticeId}/publish`).set(as('office')).send({ summary });
    expect(res.status).toBe(201);
    const page = await api().get(`/reports/schools/${org.schools.shiyan.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(notices[0].number);
    expect(page.text).toContain('问题：消防通道堆放杂物');
    expect(page.text).toContain(`整改情况：${summary}`);
    expect((await api().get(`/reports/schools/${org.schools.ganghua.id}`)).text).toContain('暂无公布的整改情况');
    expect((await api().get('/reports/schools/999999')).status).toBe(404);
  });
});
