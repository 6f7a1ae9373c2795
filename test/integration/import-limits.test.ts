/**
 * An import is bounded before it is read: a zip bomb (.xlsx whose sheet inflates to 60 MB), an archive that lies
 * about its sizes, too many rows (xlsx and CSV, 100k rows), too many files; the largest import the limit allows goes
 * through (IN lists split under PostgreSQL's parameter limit); and an office runs one import at a time (409).
 */
import request from 'supertest';
import { createAdmin, createToken } from '../../src/services/auth.ts';
import { saveOffice } from '../../src/services/org.ts';
import { IMPORT_LIMITS } from '../../src/domain/import-limits.ts';
import { XLSX_TYPE } from '../../src/http/routes/api-import.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { orgSnapshot, toXlsx } from '../helpers/org-files.ts';
import { buildZip } from '../helpers/zip.ts';

const OFFICE = '测试区教育督导室';
let server: TestServer;
let token: string;
const post = () => request(server.url).post('/api/import').set('Authorization', `Bearer ${token}`);
const uploadXlsx = (bytes: Buffer) => post().set('Content-Type', XLSX_TYPE).send(bytes);
const uploadCsv = (files: Record<string, string>) => {
  let req = post();
  for (const [name, text] of Object.entries(files)) req = req.attach('file', Buffer.from(text), `${name}.csv`);
  return req;
};

/** 责任区, 学校 and 人员 with `n` supervisors, each with a WeCom account. */
function peopleCsv(n: number): Record<string, string> {
  const people = ['姓名,手机,角色,所属责任区,所属学校,企业微信账号'];
  for (let i = 0; i < n; i++) people.push(`督学${i},139${String(i).padStart(8, '0')},责任督学,,,wx${i}`);
  return { 责任区: '名称\n一区\n', 学校: '学校名称,类型,所属责任区\n一小,小学,一区\n', 人员: people.join('\n'), 挂牌: '督学手机,学校名称,开始日期\n' };
}

beforeAll(async () => {
  server = await startTestServer({ SANDBOX: '0' }, { web: true, worker: false });
  const office = (await saveOffice(server.database.db, 'test', { name: OFFICE, noticePrefix: '测督整' })).row;
  const admin = await createAdmin(server.database.db, 'test', { officeId: office.id, username: 'limits', password: 'a-long-test-password' });
  token = (await createToken(server.database.db, admin, { label: 'tests' })).token;
});
afterAll(async () => { await server.stop(); });

describe('import limits', () => {
  it('refuses a zip bomb (a 60 MB sheet in a few KB) with 413 naming the limit, before reading it, and keeps serving', async () => {
    const bomb = buildZip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(60 * 1024 * 1024, 0x20) },
    ]);
    expect(bomb.length).toBeLessThan(200 * 1024);
    const before = await orgSnapshot(server.database.pool);
    const res = await uploadXlsx(bomb);
    expect(res.status).toBe(413);
    expect(res.body.message).toMatch(/xl\/worksheets\/sheet1\.xml」解压后有 60 MB，超过 50 MB 的上限/);
    expect(await orgSnapshot(server.database.pool)).toBe(before);
    expect((await request(server.url).get('/healthz')).status).toBe(200);
  });

  it('refuses an archive whose directory understates what an entry inflates to', async () => {
    const liar = buildZip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(5 * 1024 * 1024, 0x20), declaredSize: 1000 }]);
    const res = await uploadXlsx(liar);
    expect(res.status).toBe(413);
    expect(res.body.message).toMatch(/比文件自身声明的大小更大/);
  });

  it('refuses an archive with too many entries', async () => {
    const many = buildZip(Array.from({ length: IMPORT_LIMITS.archiveEntries + 1 }, (_, i) => ({ name: `x/${i}.xml`, data: Buffer.from('<a/>') })));
    const res = await uploadXlsx(many);
    expect(res.status).toBe(413);
    expect(res.body.message).toMatch(/超过 500 个的上限/);
  });

  it(`refuses a workbook with more than ${IMPORT_LIMITS.rows} data rows with 422 naming the limit`, async () => {
    const rows = [['名称'], ...Array.from({ length: IMPORT_LIMITS.rows + 1 }, (_, i) => [`区${i}`])];
    const res = await uploadXlsx(await toXlsx({ 责任区: rows }));
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ sheet: 'xlsx', message: expect.stringMatching(/超过 20000 行的上限/) }]);
  }, 60_000);

  it('refuses a 100,000-row CSV with 422 naming the limit, without parsing all of it', async () => {
    const before = await orgSnapshot(server.database.pool);
    const started = Date.now();
    const res = await uploadCsv(peopleCsv(100_000));
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ sheet: '人员.csv', message: expect.stringMatching(/超过 20000 行的上限/) }]);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(await orgSnapshot(server.database.pool)).toBe(before);
  }, 60_000);

  it('refuses more files than an upload may carry', async () => {
    const files = Object.fromEntries(Array.from({ length: IMPORT_LIMITS.files + 1 }, (_, i) => [`f${i}`, 'a\n']));
    const res = await uploadCsv(files);
    expect(res.status).toBe(413);
    expect(res.body.message).toMatch(/最多上传 10 个文件/);
  });

  it('imports the largest file the limit allows, and refuses a second import of the office while it runs (409)', async () => {
    const big = uploadCsv(peopleCsv(IMPORT_LIMITS.rows - 2)).then((r) => r);
    // Once the first holds the office's import lock, a second one is turned away at once.
    let second: request.Response | undefined;
    for (let i = 0; i < 100; i++) {
      await new Promise((r) => setTimeout(r, 100));
      second = await uploadCsv(peopleCsv(1));
      if (second.status !== 200) break;
    }
    expect(second!.status).toBe(409);
    expect(second!.body.message).toMatch(/已有一个导入正在进行/);
    const res = await big;
    expect([res.status, res.body.errors?.slice(0, 3)]).toEqual([200, undefined]);
    expect(res.body.sheets['人员']).toEqual({ created: IMPORT_LIMITS.rows - 2, updated: 0, unchanged: 0 });
    const { rows } = await server.database.pool.query(`select count(*)::int as n from people where wecom_userid like 'wx%'`);
    expect(rows[0].n).toBe(IMPORT_LIMITS.rows - 2);
    // The lock is free again.
    expect((await uploadCsv(peopleCsv(1))).status).toBe(200);
  }, 180_000);
});
