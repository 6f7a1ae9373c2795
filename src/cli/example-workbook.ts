/**
 * `npx tsx src/cli/example-workbook.ts`: writes config/import-example/dudao-import-example.xlsx from the CSV folder
 * next to it, so the two example files always hold the same rows. Dates become real date cells and counts numbers,
 * as an office's own Excel file would have them; mobiles stay text.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { readImportPath } from '../services/import-workbook.ts';
import { SHEETS, SHEET_NAMES } from '../domain/import-sheets.ts';

const folder = fileURLToPath(new URL('../../config/import-example/', import.meta.url));
const DATE_COLUMNS = new Set(['开始日期', '结束日期']);
const NUMBER_COLUMNS = new Set(['在校生数', '每名督学挂牌学校上限', '整改期限天数']);

const sheets = await readImportPath(path.join(folder, 'csv'));
const workbook = new ExcelJS.Workbook();
workbook.creator = '督导通';
workbook.created = new Date('2024-09-01T00:00:00Z');
workbook.modified = workbook.created;

for (const name of SHEET_NAMES) {
  const sheet = sheets.find((s) => s.name === name);
  if (!sheet) continue;
  const ws = workbook.addWorksheet(name);
  ws.addRow(sheet.headers).font = { bold: true };
  for (const { values } of sheet.rows) {
    ws.addRow(values.map((v, i) => {
      const header = sheet.headers[i];
      if (v && DATE_COLUMNS.has(header)) return new Date(`${v}T00:00:00Z`);
      if (v && NUMBER_COLUMNS.has(header)) return Number(v);
      return v || null;
    }));
  }
  sheet.headers.forEach((h, i) => {
    const col = ws.getColumn(i + 1);
    col.width = Math.max(10, ...[h, ...sheet.rows.map((r) => r.values[i] ?? '')].map((t) => [...t].length * 2 + 2));
    if (DATE_COLUMNS.has(h)) col.numFmt = 'yyyy-mm-dd';
    else if (!NUMBER_COLUMNS.has(h)) col.numFmt = '@';
  });
}

const help = workbook.addWorksheet('说明');
help.addRow(['工作表', '列（* 为必填）']).font = { bold: true };
for (const name of SHEET_NAMES) {
  help.addRow([name, SHEETS[name].columns.map((c) => `${c.header}${c.required ? '*' : ''}`).join('、')]);
}
help.addRow([]);
help.addRow(['', '按自然键更新：督导室按名称，责任区按名称，学校按学校名称，人员按手机，挂牌按督学+学校+开始日期。空单元格不会清除已有的值。']);
help.getColumn(1).width = 10;
help.getColumn(2).width = 110;

const out = path.join(folder, 'dudao-import-example.xlsx');
await fs.writeFile(out, Buffer.from(await workbook.xlsx.writeBuffer()));
console.log(`wrote ${path.relative(process.cwd(), out)}`);
