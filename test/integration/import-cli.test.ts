import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { freshDatabaseUrl } from '../helpers/db.ts';
import { runCli } from '../helpers/cli.ts';
import { EXAMPLE_CSV_DIR, EXAMPLE_XLSX, countRows, exampleSheets, orgSnapshot, writeCsvFolder } from '../helpers/org-files.ts';

describe('npm run import on a fresh PostgreSQL database', () => {
  let url: string;
  let database: Database;
  let tmp: string;
  beforeAll(async () => {
    url = await freshDatabaseUrl();
    database = await openDatabase({ databaseUrl: url, dataDir: '/nonexistent', poolMax: 2 });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dudao-import-'));
  });
  afterAll(async () => {
    await database.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('imports the example workbook, creating the office, and prints what it did on each sheet', async () => {
    const run = await runCli('import.ts', [EXAMPLE_XLSX], { DATABASE_URL: url });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe([
      '已导入到「大渡口区人民政府教育督导室」：',
      '  督导室：新增 1，更新 0，未变 0',
      '  责任区：新增 3，更新 0，未变 0',
      '  学校：新增 12，更新 0，未变 0',
      '  人员：新增 20，更新 0，未变 0',
      '  挂牌：新增 13，更新 0，未变 0',
      '',
    ].join('\n'));
    expect(await countRows(database.pool, 'schools')).toBe(12);
    const { rows } = await database.pool.query(`select actor, count(*)::int as n from audit_log group by actor`);
    expect(rows).toEqual([{ actor: 'import:cli', n: 49 }]);
  });

  it('reports the CSV folder with the same rows as unchanged, and writes nothing', async () => {
    const before = await orgSnapshot(database.pool);
    const run = await runCli('import.ts', [EXAMPLE_CSV_DIR], { DATABASE_URL: url });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('  人员：新增 0，更新 0，未变 20');
    expect(await orgSnapshot(database.pool)).toBe(before);
  });

  it('prints every error with its sheet and row, exits 1, and leaves the database as it was', async () => {
    const sheets = exampleSheets();
    sheets['学校'].push([...sheets['学校'][1]]);
    sheets['挂牌'].push(['13908301004', '刘志强', '大渡口区特殊教育学校', '2025-03-01', '', '']);
    sheets['学校'][5][3] = '第九督学责任区';
    const folder = path.join(tmp, 'broken');
    writeCsvFolder(folder, sheets);
    const before = await orgSnapshot(database.pool);
    const run = await runCli('import.ts', [folder], { DATABASE_URL: url });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n').slice(0, 4)).toEqual([
      '导入未执行：文件中有 3 处错误，数据库未作任何修改。',
      '  [学校 第 6 行 所属责任区] 责任区「第九督学责任区」不存在（既不在“责任区”表中，也不在系统中）',
      '  [学校 第 14 行 学校名称] 「大渡口区实验小学」重复，第 2 行已有',
      expect.stringMatching(/^ {2}\[挂牌 第 15 行 学校名称\] 督学「刘志强」在 2025-03-01 已挂牌 5 所学校.*不能再挂牌「大渡口区特殊教育学校」$/),
    ]);
    expect(await orgSnapshot(database.pool)).toBe(before);
  });

  it('says what is wrong when the path does not exist', async () => {
    const run = await runCli('import.ts', [path.join(tmp, 'missing.xlsx')], { DATABASE_URL: url });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('无法读取文件：文件或文件夹不存在');
  });
});
