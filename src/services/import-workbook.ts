/**
 * Reading an office's file into plain sheets: an .xlsx workbook (one worksheet per list) or CSV files named after
 * the lists (责任区.csv, 学校.csv…), UTF-8 with or without BOM, or GBK as Excel saves it on Chinese Windows.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { DudaoError } from '../domain/errors.ts';
import type { RawSheet } from '../domain/import-rows.ts';
import { importProblemText, importRefused } from '../../templates/import.ts';

export interface ImportFile {
  name: string;
  data: Buffer;
}

/** Refuses the whole file because it cannot be read at all. */
export function unreadable(file: string, reason: string): DudaoError {
  const errors = [{ sheet: file, message: importProblemText({ kind: 'unreadable_file', reason }) }];
  return new DudaoError('invalid_import', importRefused(1), { errors });
}

export async function readXlsx(data: Buffer, fileName = 'xlsx'): Promise<RawSheet[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as any);
  } catch (err) {
    throw unreadable(fileName, `不是有效的 .xlsx 文件（${(err as Error).message}）`);
  }
  return workbook.worksheets.map((ws) => {
    const headerRow = ws.getRow(1);
    const width = Math.max(ws.columnCount, headerRow.cellCount);
    const texts = (row: ExcelJS.Row) => Array.from({ length: width }, (_, i) => cellText(row.getCell(i + 1).value));
    const rows: RawSheet['rows'] = [];
    ws.eachRow((row, n) => { if (n > 1) rows.push({ row: n, values: texts(row) }); });
    return { name: ws.name.trim(), headers: texts(headerRow), rows };
  });
}

/** The text a person sees in a cell: dates as YYYY-MM-DD, numbers without exponent, rich text and formulas flattened. */
export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  if (typeof v === 'string') return v.replace(/\u3000/g, ' ').trim();
  if (typeof v === 'boolean') return v ? '是' : '否';
  if ('richText' in v) return v.richText.map((t) => t.text).join('').trim();
  if ('result' in v) return cellText((v.result ?? null) as ExcelJS.CellValue);
  if ('text' in v) return cellText((v as { text: ExcelJS.CellValue }).text);
  return '';
}

export function readCsvFiles(files: ImportFile[]): RawSheet[] {
  return files
    .filter((f) => /\.csv$/i.test(f.name))
    .map((f) => {
      let records: string[][];
      try {
        records = parse(decodeText(f.data), { record_delimiter: ['\r\n', '\n', '\r'], relax_column_count: true, skip_empty_lines: false, trim: true });
      } catch (err) {
        throw unreadable(f.name, `CSV 格式错误（${(err as Error).message}）`);
      }
      const [headers = [], ...rest] = records;
      return {
        name: path.basename(f.name).replace(/\.csv$/i, '').trim(),
        headers: headers.map((h) => h.trim()),
        rows: rest.map((values, i) => ({ row: i + 2, values: values.map((v) => v.replace(/\u3000/g, ' ').trim()) })),
      };
    });
}

/** UTF-8 (BOM optional); anything that is not valid UTF-8 is read as GB18030 (a superset of GBK). */
function decodeText(data: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    text = new TextDecoder('gb18030').decode(data);
  }
  return text.replace(/^\uFEFF/, '');
}

/** An .xlsx file, or a folder of .csv files. */
export async function readImportPath(p: string): Promise<RawSheet[]> {
  const stat = await fs.stat(p).catch(() => undefined);
  if (!stat) throw unreadable(p, '文件或文件夹不存在');
  if (stat.isDirectory()) {
    const names = (await fs.readdir(p)).filter((n) => /\.csv$/i.test(n)).sort();
    if (names.length === 0) throw unreadable(p, '文件夹中没有 .csv 文件');
    return readCsvFiles(await Promise.all(names.map(async (name) => ({ name, data: await fs.readFile(path.join(p, name)) }))));
  }
  if (/\.csv$/i.test(p)) return readCsvFiles([{ name: path.basename(p), data: await fs.readFile(p) }]);
  return readXlsx(await fs.readFile(p), path.basename(p));
}
