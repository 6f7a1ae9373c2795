import { readImportPath } from '../../src/services/import-workbook.ts';
import { parseFile } from '../../src/domain/import-rows.ts';
import { EXAMPLE_CSV_DIR, EXAMPLE_XLSX } from '../helpers/org-files.ts';

describe('the example import files shipped in config/import-example', () => {
  it('hold the same rows in the workbook as in the CSV folder, and the workbook adds only a 说明 sheet', async () => {
    const xlsx = await readImportPath(EXAMPLE_XLSX);
    const csv = await readImportPath(EXAMPLE_CSV_DIR);
    const byName = (sheets: typeof csv) => Object.fromEntries(sheets.map((s) => [s.name, s]));
    expect(xlsx.map((s) => s.name)).toEqual(['督导室', '责任区', '学校', '人员', '挂牌', '说明']);
    const { 说明: _help, ...fromXlsx } = byName(xlsx);
    expect(fromXlsx).toEqual(byName(csv));
  });

  it('parse without a single problem', async () => {
    const file = parseFile(await readImportPath(EXAMPLE_CSV_DIR));
    expect(file.errors).toEqual([]);
    expect([file.zones.length, file.schools.length, file.people.length, file.assignments.length]).toEqual([3, 12, 20, 13]);
  });
});
