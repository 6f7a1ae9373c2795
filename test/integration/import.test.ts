import fs from 'node:fs';
import request from 'supertest';
import { createAdmin, createToken } from '../../src/services/auth.ts';
import { saveOffice } from '../../src/services/org.ts';
import { XLSX_TYPE } from '../../src/http/routes/api-import.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { EXAMPLE_XLSX, countRows, exampleSheets, orgSnapshot, toCsv, toXlsx, type Sheets } from '../helpers/org-files.ts';

const OFFICE = '大渡口区人民政府教育督导室';

describe('POST /api/import: an office loads its lists', () => {
  let server: TestServer;
  let token: string;
  const upload = (bytes: Buffer) => request(server.url).post('/api/import').set('Authorization', `Bearer ${token}`).set('Content-Type', XLSX_TYPE).send(bytes);
  const uploadCsv = (sheets: Sheets) => {
    let req = request(server.url).post('/api/import').set('Authorization', `Bearer ${token}`);
    for (const [name, rows] of Object.entries(sheets)) req = req.attach('file', toCsv(rows), `${name}.csv`);
    return req;
  };
  /** Uploads a broken file and checks the answer lists the errors while nothing in the database changed. */
  async function refused(sheets: Sheets) {
    const before = await orgSnapshot(server.database.pool);
    const res = await upload(await toXlsx(sheets));
    expect(res.status).toBe(422);
    expect(res.body.error).toBe('invalid_import');
    expect(res.body.message).toMatch(/数据库未作任何修改/);
    expect(await orgSnapshot(server.database.pool)).toBe(before);
    return res.body.errors as { sheet: string; row?: number; column?: string; message: string }[];
  }

  beforeAll(async () => {
    server = await startTestServer({ SANDBOX: '0' }, { web: true, worker: false });
    const office = (await saveOffice(server.database.db, 'test', { name: OFFICE, noticePrefix: '渡督整' })).row;
    const admin = await createAdmin(server.database.db, 'test', { officeId: office.id, username: 'dadukou', password: 'a-long-test-password' });
    token = (await createToken(server.database.db, admin, { label: 'tests' })).token;
  });
  afterAll(async () => { await server.stop(); });

  it('imports the example workbook and reports what it created on each sheet', async () => {
    const res = await upload(fs.readFileSync(EXAMPLE_XLSX));
    expect(res.status).toBe(200);
    expect(res.body.office).toEqual({ id: expect.any(Number), name: OFFICE });
    expect(res.body.sheets).toEqual({
      督导室: { created: 0, updated: 1, unchanged: 0 },
      责任区: { created: 3, updated: 0, unchanged: 0 },
      学校: { created: 12, updated: 0, unchanged: 0 },
      人员: { created: 20, updated: 0, unchanged: 0 },
      挂牌: { created: 13, updated: 0, unchanged: 0 },
    });
  });

  it('stores the schools with their aliases and zone, and the people with roles and channel ids', async () => {
    const schools = await request(server.url).get('/api/schools').set('Authorization', `Bearer ${token}`);
    expect(schools.body.items).toHaveLength(12);
    expect(schools.body.items[0]).toMatchObject({ name: '大渡口区实验小学', aliases: ['实验小学', '实小'], type: '小学', zone: '第一督学责任区', enrolment: 1860 });
    const people = await request(server.url).get('/api/people').set('Authorization', `Bearer ${token}`);
    const byName = Object.fromEntries(people.body.items.map((p: { name: string }) => [p.name, p]));
    expect(byName['王建国']).toMatchObject({ mobile: '13908301001', roles: ['supervisor', 'zone_leader'], wecomUserId: 'wangjianguo' });
    expect(byName['郑丽']).toMatchObject({ roles: ['school_contact'], wecomUserId: null, wechatOpenId: 'oDuDaoZhengLixxxxxxxxxxxxxxx' });
    const office = await request(server.url).get('/api/office').set('Authorization', `Bearer ${token}`);
    expect(office.body.office).toMatchObject({ name: OFFICE, noticePrefix: '渡督整', hotline: '023-68830000', maxSchoolsPerSupervisor: 5 });
    const active = await request(server.url).get('/api/assignments?activeOn=2025-03-01').set('Authorization', `Bearer ${token}`);
    expect(active.body.items.filter((a: { supervisor: string }) => a.supervisor === '刘志强')).toHaveLength(5);
    expect(active.body.items).toHaveLength(12);
  });

  it('changes nothing and writes no audit rows when the same lists are imported again as CSV files', async () => {
    const audit = await countRows(server.database.pool, 'audit_log');
    const res = await uploadCsv(exampleSheets());
    expect(res.status).toBe(200);
    for (const counts of Object.values(res.body.sheets)) expect(counts).toMatchObject({ created: 0, updated: 0 });
    expect(res.body.sheets['人员']).toEqual({ created: 0, updated: 0, unchanged: 20 });
    expect(await countRows(server.database.pool, 'audit_log')).toBe(audit);
  });

  it('updates an edited row and records the old and new value in the audit log', async () => {
    const sheets = exampleSheets();
    sheets['学校'][1][4] = '大渡口区新山村街道松青路2号（新校区）';
    const res = await upload(await toXlsx(sheets));
    expect(res.body.sheets['学校']).toEqual({ created: 0, updated: 1, unchanged: 11 });
    const audit = await request(server.url).get('/api/audit?entity=school').set('Authorization', `Bearer ${token}`);
    expect(audit.body.items[0]).toMatchObject({
      actor: expect.stringMatching(/^import:admin:\d+$/), action: 'school.update',
      before: { address: '大渡口区新山村街道松青路2号' }, after: { address: '大渡口区新山村街道松青路2号（新校区）' },
    });
  });

  it('keeps an openid a contact bound in chat when the office file leaves that cell empty', async () => {
    await server.database.pool.query(`update people set wechat_openid = 'oBoundInChat' where mobile = '13908302010'`);
    const res = await uploadCsv(exampleSheets());
    expect(res.body.sheets['人员']).toEqual({ created: 0, updated: 0, unchanged: 20 });
    const { rows } = await server.database.pool.query(`select wechat_openid from people where mobile = '13908302010'`);
    expect(rows[0].wechat_openid).toBe('oBoundInChat');
  });

  it('refuses a file without the 学校 sheet, naming the sheet', async () => {
    const { 学校: _dropped, ...sheets } = exampleSheets();
    expect(await refused(sheets)).toEqual([{ sheet: '学校', message: '缺少这张工作表（Excel 的工作表名或 CSV 的文件名须与之一致）' }]);
  });

  it('refuses a misspelt header and says which columns the sheet takes', async () => {
    const sheets = exampleSheets();
    sheets['学校'][0][0] = '学校名';
    expect(await refused(sheets)).toEqual([
      { sheet: '学校', row: 1, column: '学校名', message: '无法识别的列「学校名」；这张表的列应为：学校名称、简称、类型、所属责任区、地址、在校生数' },
      { sheet: '学校', row: 1, message: '缺少列「学校名称」（表头须在第 1 行）' },
    ]);
  });

  it('refuses a school listed twice, pointing at both rows', async () => {
    const sheets = exampleSheets();
    sheets['学校'].push([...sheets['学校'][3]]);
    expect(await refused(sheets)).toEqual([{ sheet: '学校', row: 14, column: '学校名称', message: '「大渡口区新山中学」重复，第 4 行已有' }]);
  });

  it('refuses a school in a zone that exists neither in the file nor in the system', async () => {
    const sheets = exampleSheets();
    sheets['学校'][2][3] = '第九督学责任区';
    expect(await refused(sheets)).toEqual([{ sheet: '学校', row: 3, column: '所属责任区', message: '责任区「第九督学责任区」不存在（既不在“责任区”表中，也不在系统中）' }]);
  });

  it('refuses a sixth school for one supervisor with the reason and the five schools already held', async () => {
    const sheets = exampleSheets();
    sheets['挂牌'].push(['13908301004', '刘志强', '大渡口区特殊教育学校', '2025-03-01', '', '加挂']);
    expect(await refused(sheets)).toEqual([{
      sheet: '挂牌', row: 15, column: '学校名称',
      message: '督学「刘志强」在 2025-03-01 已挂牌 5 所学校（大渡口区九宫庙中学、大渡口区育才实验学校、大渡口区跳磴小学、大渡口区八桥中学、大渡口区建胜高级中学），达到每名督学 5 所的上限，不能再挂牌「大渡口区特殊教育学校」',
    }]);
  });

  it('lists every error of a file with many mistakes, by sheet and row, in one answer', async () => {
    const sheets = exampleSheets();
    sheets['人员'][3][1] = '1390830';
    sheets['人员'][9][2] = '校长';
    sheets['人员'].push(['新联系人', '13908309999', '学校联系人', '', '不存在的学校', 'sunliping', '', '']);
    sheets['挂牌'].push(['', '王小明', '大渡口区实验小学', '2025-13-01', '', '']);
    sheets['挂牌'].push(['13908302002', '', '大渡口区实验小学', '2025-03-01', '', '']);
    const errors = await refused(sheets);
    expect(errors.map((e) => [e.sheet, e.row, e.column])).toEqual([
      ['人员', 4, '手机'], ['人员', 10, '角色'], ['人员', 22, '企业微信账号'], ['人员', 22, '所属学校'], ['人员', 22, '企业微信账号'],
      ['挂牌', 15, '开始日期'], ['挂牌', 15, '督学姓名'], ['挂牌', 16, '督学手机'],
    ]);
    expect(errors.map((e) => e.message)).toEqual(expect.arrayContaining([
      '手机号「1390830」不是 11 位手机号码',
      '学校「不存在的学校」不存在（既不在“学校”表中，也不在系统中）',
      '「sunliping」已属于「孙丽萍」，同一账号不能绑定两个人',
      '找不到督学「王小明」（既不在“人员”表中，也不在系统中）',
      '「钱伟」的角色不含“责任督学”，不能挂牌',
    ]));
  });

  it('refuses a file that belongs to another office', async () => {
    const sheets = exampleSheets();
    sheets['督导室'][1][0] = '九龙坡区人民政府教育督导室';
    expect(await refused(sheets)).toEqual([{ sheet: '督导室', row: 2, column: '名称', message: '文件中的督导室「九龙坡区人民政府教育督导室」与当前登录的督导室「大渡口区人民政府教育督导室」不一致' }]);
  });

  it('refuses a file that is not a workbook with 422 and the reason', async () => {
    const res = await upload(Buffer.from('这不是 Excel 文件'));
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ sheet: 'xlsx', message: expect.stringMatching(/^无法读取文件：不是有效的 .xlsx 文件/) }]);
  });

  it('answers 401 with the reason when no one is signed in, and imports nothing', async () => {
    const before = await orgSnapshot(server.database.pool);
    const res = await request(server.url).post('/api/import').set('Content-Type', XLSX_TYPE).send(fs.readFileSync(EXAMPLE_XLSX));
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: 'unauthenticated', message: '未登录：请先登录（POST /api/login），或在 Authorization 头中提供 Bearer 令牌' });
    expect(await orgSnapshot(server.database.pool)).toBe(before);
  });

  it('answers 415 with what to send when the body is neither a workbook nor a form', async () => {
    const res = await request(server.url).post('/api/import').set('Authorization', `Bearer ${token}`).set('Content-Type', 'text/plain').send('学校');
    expect(res.status).toBe(415);
    expect(res.body.message).toMatch(/请上传 .xlsx/);
  });
});
