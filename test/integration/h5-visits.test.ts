import request from 'supertest';
import { clock } from '../../src/clock.ts';
import { createAdmin, createToken } from '../../src/services/auth.ts';
import { signLink } from '../../src/services/links.ts';
import { recordAreaOf } from '../../src/domain/office-settings.ts';
import { storeMedia } from '../../src/services/media.ts';
import { addEntry, attachPhoto, rateVisit, setItems, setMethods, setNarrative, startVisit, submitVisit } from '../../src/services/visits.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createOrgFixture, type OrgFixture } from '../helpers/org-fixture.ts';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);

let server: TestServer;
let org: OrgFixture;
let visitId: number;
let mediaId: number;

beforeAll(async () => {
  server = await startTestServer({ SANDBOX: '0' }, { web: true, worker: false });
  const db = server.database.db;
  org = await createOrgFixture(db);
  const who = org.supervisor.id;
  clock.set(new Date('2026-05-20T09:05:00+08:00'));
  ({ visit: { id: visitId } } = await startVisit(db, { personId: who, schoolId: org.schools.shiyan.id }));
  for (const text of ['校园文化建设有特色', '课后服务丰富']) await addEntry(db, { personId: who, kind: 'strength', text });
  for (const text of ['作业公示不及时', '<b>教师</b>培训记录不全']) await addEntry(db, { personId: who, kind: 'weakness', text });
  await addEntry(db, { personId: who, kind: 'suggestion', text: '建立作业公示制度' });
  await addEntry(db, { personId: who, kind: 'problem', text: '食堂留样记录不全', deadlineDays: 15 });
  await setItems(db, { personId: who, codes: [7] });
  await setMethods(db, { personId: who, methods: ['推门听课', '查阅资料'] });
  await setNarrative(db, { personId: who, text: '上午到校，查看食堂和三年级课堂。' });
  mediaId = (await storeMedia(db, server.dataDir, { bytes: JPEG, mime: 'image/jpeg', source: 'test:canteen' })).id;
  await attachPhoto(db, { personId: who, mediaId });
  clock.set(new Date('2026-05-20T11:30:00+08:00'));
  await submitVisit(db, { personId: who, baseUrl: server.url });
  await rateVisit(db, { personId: org.contactWecom.id, visitId, rating: '满意', requests: '希望多指导课后服务' });
});
afterAll(async () => { clock.reset(); await server.stop(); });

const page = (id: number | string, personId?: number) =>
  request(server.url).get(`/h5/visits/${id}${personId ? `?t=${signLink(Number(id), personId)}` : ''}`);

describe('GET /h5/visits/:id, the printable 工作纪实表', () => {
  it('shows the supervisor the record laid out as the 纪实表, with the school\'s rating ticked and the photos', async () => {
    const res = await page(visitId, org.supervisor.id);
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/html');
    const html = res.text;
    for (const text of [
      '大渡口区责任区督学工作纪实表', '第一督学责任区', '2026年5月20日',
      '被督导单位', '大渡口区实验小学', '在被督导单位工作时间', '2026年5月20日 09:05—11:30',
      '督导工作纪实', '上午到校，查看食堂和三年级课堂。', '7. 食堂、食品、饮水及宿舍卫生情况', '推门听课、查阅资料',
      '校园文化建设有特色', '课后服务丰富', '作业公示不及时',
      '督学意见与建议', '建立作业公示制度', '渡督整〔2026〕1号：食堂留样记录不全（整改期限15天，2026年6月4日前）',
      '学校要求', '希望多指导课后服务', '☐ 非常满意', '☑ 满意', '☐ 基本满意', '☐ 不满意',
      '督学签名：王督学', '学校负责人签名：陈主任', '“2+2”方法',
    ]) expect(html).toContain(text);
    expect(html).toContain('&lt;b&gt;教师&lt;/b&gt;培训记录不全');
    expect(html).toMatch(new RegExp(`<img src="/h5/media/${mediaId}\\?v=${visitId}&amp;t=[^"]+"`));
  });

  it('opens for a contact of the school and for an office admin', async () => {
    expect((await page(visitId, org.contactOpenid.id)).status).toBe(200);
    expect((await page(visitId, org.officeAdmin.id)).status).toBe(200);
  });

  it('refuses a stranger with a reason, and a link without a valid token', async () => {
    const stranger = await page(visitId, org.stranger.id);
    expect(stranger.status).toBe(403);
    expect(stranger.text).toContain('这份纪实表只对本次督导的督学、被督导学校的联系人和督导室管理员开放。');
    const other = await page(visitId, org.otherSupervisor.id);
    expect(other.status).toBe(403);
    const forged = await request(server.url).get(`/h5/visits/${visitId}?t=${org.supervisor.id}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`);
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('链接无效或已过期');
    expect((await page(visitId)).status).toBe(403);
  });

  it('answers 404 for a visit that does not exist', async () => {
    const res = await page(999999, org.supervisor.id);
    expect(res.status).toBe(404);
    expect(res.text).toContain('未找到这次督导记录');
    expect((await request(server.url).get('/h5/visits/abc')).status).toBe(404);
  });
});

describe('GET /h5/media/:id, a photo on the record', () => {
  it('serves the stored bytes to a viewer of the record', async () => {
    const res = await request(server.url).get(`/h5/media/${mediaId}?v=${visitId}&t=${signLink(visitId, org.contactWecom.id)}`).buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(Buffer.from(res.body)).toEqual(JPEG);
  });

  it('refuses a stranger and answers 404 for a photo that is not on that visit', async () => {
    expect((await request(server.url).get(`/h5/media/${mediaId}?v=${visitId}&t=${signLink(visitId, org.stranger.id)}`)).status).toBe(403);
    expect((await request(server.url).get(`/h5/media/${mediaId}?v=${visitId}`)).status).toBe(403);
    expect((await request(server.url).get(`/h5/media/${mediaId + 1}?v=${visitId}&t=${signLink(visitId, org.supervisor.id)}`)).status).toBe(404);
  });
});

describe('the office console', () => {
  let token: string;
  beforeAll(async () => {
    const admin = await createAdmin(server.database.db, 'test', { officeId: org.office.id, username: 'visits-admin', password: 'Dudao-visits-2026!' });
    ({ token } = await createToken(server.database.db, admin));
  });

  it('opens the record page and its photos for a signed-in admin of the office, without a link token', async () => {
    const res = await request(server.url).get(`/h5/visits/${visitId}`).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(`<img src="/h5/media/${mediaId}?v=${visitId}"`);
    const img = await request(server.url).get(`/h5/media/${mediaId}?v=${visitId}`).set('Authorization', `Bearer ${token}`);
    expect(img.status).toBe(200);
  });

  it('prints the record under the title the office configured, and under its own area\'s title by default', async () => {
    const title = async () => /<h1>([^<]*)<\/h1>/.exec((await request(server.url).get(`/h5/visits/${visitId}`).set('Authorization', `Bearer ${token}`)).text)?.[1];
    expect(await title()).toBe('大渡口区责任区督学工作纪实表');
    const set = await request(server.url).patch('/api/office').set('Authorization', `Bearer ${token}`).send({ visitRecordTitle: '大渡口区督学挂牌督导工作纪实表' });
    expect(set.status).toBe(200);
    expect(await title()).toBe('大渡口区督学挂牌督导工作纪实表');
    expect((await request(server.url).patch('/api/office').set('Authorization', `Bearer ${token}`).send({ visitRecordTitle: null })).status).toBe(200);
    expect(await title()).toBe('大渡口区责任区督学工作纪实表');
    expect(recordAreaOf('清远市教育局督导室')).toBe('清远市');
  });

    it('plans a visit through POST /api/visits, and refuses a school the supervisor is not assigned to', async () => {
    const res = await request(server.url).post('/api/visits').set('Authorization', `Bearer ${token}`)
      .send({ supervisorId: org.supervisor.id, schoolId: org.schools.shiyanZhong.id, plannedOn: '2026-06-02', content: '课后服务' });
    expect(res.status).toBe(201);
    expect(res.body.visit).toMatchObject({ status: 'planned', plannedOn: '2026-06-02', planContent: '课后服务', schoolId: org.schools.shiyanZhong.id });
    const refused = await request(server.url).post('/api/visits').set('Authorization', `Bearer ${token}`)
      .send({ supervisorId: org.supervisor.id, schoolId: org.schools.ganghua.id, plannedOn: '2026-06-02' });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ error: 'forbidden', message: '你不是钢花小学的责任督学，不能为该校安排督导计划。' });
    const anonymous = await request(server.url).post('/api/visits').send({ supervisorId: org.supervisor.id, schoolId: org.schools.shiyanZhong.id, plannedOn: '2026-06-02' });
    expect(anonymous.status).toBe(401);
  });
});
