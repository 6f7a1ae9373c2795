import request from 'supertest';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { startServer } from '../../src/server.ts';
import { createAdmin, createToken } from '../../src/services/auth.ts';
import { saveOffice } from '../../src/services/org.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { countRows } from '../helpers/org-files.ts';

describe('the sandbox demo district and the organisation API', () => {
  let server: TestServer;
  let cookie: string;
  const get = (path: string) => request(server.url).get(path).set('Cookie', cookie);
  const post = (path: string, body: object) => request(server.url).post(path).set('Cookie', cookie).set('Origin', server.url).send(body);
  const idOf = async (kind: 'people' | 'schools', name: string) => (await get(`/api/${kind}`)).body.items.find((x: { name: string }) => x.name === name).id;

  beforeAll(async () => {
    server = await startTestServer({}, { web: true, worker: false });
    const login = await request(server.url).post('/api/login').send({ username: 'admin', password: 'dudao-sandbox' });
    expect(login.status).toBe(200);
    cookie = login.headers['set-cookie'][0].split(';')[0];
  });
  afterAll(async () => { await server.stop(); });

  it('loads the demo district into an empty sandbox database: 3 zones, 12 schools, supervisors and contacts', async () => {
    expect(server.config.sandbox).toBe(true);
    const zones = await get('/api/zones');
    expect(zones.body.items.map((z: { name: string; schoolCount: number }) => [z.name, z.schoolCount])).toEqual([
      ['第一督学责任区', 4], ['第二督学责任区', 4], ['第三督学责任区', 4],
    ]);
    expect(zones.body.items[0].wecomChatId).toBe('dudaozone1');
    expect(zones.body.items[2].robotKey).toMatch(/^[0-9a-f-]{36}$/);
    expect((await get('/api/schools')).body.items).toHaveLength(12);
    const supervisors = await get('/api/people?role=supervisor');
    expect(supervisors.body.items.map((p: { name: string }) => p.name)).toEqual(['王建国', '李秀英', '张伟', '刘志强', '杨丽']);
    const contacts = (await get('/api/people?role=school_contact')).body.items;
    expect(contacts).toHaveLength(12);
    expect(contacts.filter((c: { wecomUserId: string | null }) => c.wecomUserId === null).map((c: { name: string }) => c.name)).toEqual(['郑丽', '林芳', '罗静', '宋洁']);
    const office = await get('/api/office');
    expect(office.body.office).toMatchObject({ name: '大渡口区人民政府教育督导室', noticePrefix: '渡督整', maxSchoolsPerSupervisor: 5 });
  });

  it('records the demo load in the audit log as done by the system', async () => {
    const audit = await get('/api/audit?entity=school&limit=500');
    expect(audit.body.items).toHaveLength(12);
    expect(audit.body.items[0]).toMatchObject({ actor: 'system:demo', action: 'school.create' });
  });

  it('does not load the demo district twice when another sandbox process starts on the same database', async () => {
    const before = { people: await countRows(server.database.pool, 'people'), audit: await countRows(server.database.pool, 'audit_log') };
    const config = loadConfig({ PORT: '0', DATA_DIR: server.dataDir, DATABASE_URL: server.config.DATABASE_URL, LOG_LEVEL: 'silent' });
    const second = await startServer({ config, roles: { web: false, worker: false }, log: createLogger('silent') });
    await second.stop();
    expect(await countRows(server.database.pool, 'offices')).toBe(1);
    expect(await countRows(server.database.pool, 'people')).toBe(before.people);
    expect(await countRows(server.database.pool, 'audit_log')).toBe(before.audit);
  });

  it('refuses a sixth school for a supervisor with 409 and the reason, and stores nothing', async () => {
    const assignments = await countRows(server.database.pool, 'assignments');
    const res = await post('/api/assignments', { supervisorId: await idOf('people', '刘志强'), schoolId: await idOf('schools', '大渡口区特殊教育学校'), startsOn: '2025-03-01' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      error: 'quota_exceeded',
      message: '督学「刘志强」在 2025-03-01 已挂牌 5 所学校（大渡口区九宫庙中学、大渡口区育才实验学校、大渡口区跳磴小学、大渡口区八桥中学、大渡口区建胜高级中学），达到每名督学 5 所的上限，不能再挂牌「大渡口区特殊教育学校」',
      details: { max: 5, day: '2025-03-01' },
    });
    expect(await countRows(server.database.pool, 'assignments')).toBe(assignments);
  });

  it('assigns a school within the limit, answers with the new load, and audits who did it', async () => {
    const res = await post('/api/assignments', { supervisorId: await idOf('people', '杨丽'), schoolId: await idOf('schools', '大渡口区八桥中学'), startsOn: '2025-03-01', reason: '联合督导' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ outcome: 'created', load: 2, max: 5, assignment: { startsOn: '2025-03-01', endsOn: null, reason: '联合督导' } });
    const me = (await get('/api/me')).body.admin;
    const audit = await get(`/api/audit?entity=assignment&entityId=${res.body.assignment.id}`);
    expect(audit.body.items).toEqual([expect.objectContaining({ actor: `admin:${me.id}`, action: 'assignment.create' })]);
  });

  it('refuses to assign a school contact as a supervisor', async () => {
    const res = await post('/api/assignments', { supervisorId: await idOf('people', '赵敏'), schoolId: await idOf('schools', '大渡口区八桥中学') });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('「赵敏」的角色不含“责任督学”，不能挂牌');
  });

  it('lets the office raise its own limit, after which the sixth school is accepted', async () => {
    const patch = await request(server.url).patch('/api/office').set('Cookie', cookie).set('Origin', server.url).send({ maxSchoolsPerSupervisor: 6 });
    expect(patch.status).toBe(200);
    expect(patch.body.office.maxSchoolsPerSupervisor).toBe(6);
    const res = await post('/api/assignments', { supervisorId: await idOf('people', '刘志强'), schoolId: await idOf('schools', '大渡口区特殊教育学校'), startsOn: '2025-03-01' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ load: 6, max: 6 });
    const bad = await request(server.url).patch('/api/office').set('Cookie', cookie).set('Origin', server.url).send({ maxSchoolsPerSupervisor: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/maxSchoolsPerSupervisor/);
  });

  it('answers 403 when an admin of another office touches this office\'s schools', async () => {
    const other = (await saveOffice(server.database.db, 'test', { name: '九龙坡区人民政府教育督导室', noticePrefix: '九督整' })).row;
    const admin = await createAdmin(server.database.db, 'test', { officeId: other.id, username: 'jiulongpo', password: 'another-long-password' });
    const { token } = await createToken(server.database.db, admin);
    const schoolId = await idOf('schools', '大渡口区实验小学');
    const read = await request(server.url).get(`/api/schools/${schoolId}`).set('Authorization', `Bearer ${token}`);
    expect(read.status).toBe(403);
    expect(read.body).toEqual({ error: 'forbidden', message: '该记录属于其他督导室，无权操作' });
    const write = await request(server.url).post('/api/assignments').set('Authorization', `Bearer ${token}`)
      .send({ supervisorId: await idOf('people', '杨丽'), schoolId });
    expect(write.status).toBe(403);
    const list = await request(server.url).get('/api/schools').set('Authorization', `Bearer ${token}`);
    expect(list.body.items).toEqual([]);
  });

  it('shows a school with its assignments to its own office', async () => {
    const res = await get(`/api/schools/${await idOf('schools', '大渡口区跳磴小学')}`);
    expect(res.status).toBe(200);
    expect(res.body.assignments.map((a: { supervisor: string; endsOn: string | null }) => [a.supervisor, a.endsOn])).toEqual([['张伟', '2024-08-31'], ['刘志强', null]]);
  });
});
