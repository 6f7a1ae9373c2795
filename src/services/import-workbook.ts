/**
 * Reading an office's file into plain sheets: an .xlsx workbook (one worksheet per list) or CSV files named after
 * the lists (责任区.csv, 学校.csv…), UTF-8 with or without BOM, or GBK as Excel saves it on Chinese Windows.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { DudaoError } from '../domain/errors.ts';
import type { RawSheet } from '../domain/import-rows.ts';
import { importProblemText, importRefused } from '../../templates/import.ts';
import { IMPORT_LIMITS } from '../domain/import-limits.ts';
import { openXlsxArchive } from './xlsx-archive.ts';

export type ImportLimits = { [K in keyof typeof IMPORT_LIMITS]: number };

export interface ImportFile {
  name: string;
  data: Buffer;
}

/** Refuses the whole file because it cannot be read at all. */
export function unreadable(file: string, reason: string): DudaoError {
  const errors = [{ sheet: file, message: importProblemText({ kind: 'unreadable_file', reason }) }];
  return new DudaoError('invalid_import', importRefused(1), { errors });
}

/**
 * Reads an .xlsx without holding the workbook: the archive is checked first (xlsx-archive.ts: entry count and
 * uncompressed sizes), then each sheet's XML is streamed through ExcelJS's worksheet reader, one row at a time, and
 * only each row's text is kept — at most IMPORT_LIMITS.rows data rows in all (more refuse the file, naming the limit).
 *
 * The entries are opened through yauzl in the order the reader needs them (relations, workbook, shared strings,
 * styles, then the sheets in workbook order): ExcelJS's own streaming reader takes them in archive order and stops
 * early on the archives its own writer makes (sheets before xl/workbook.xml). Its parsing steps are used as they
 * are (ExcelJS 4.4; the underscore methods below).
 */
export async function readXlsx(data: Buffer, fileName = 'xlsx', limits: ImportLimits = IMPORT_LIMITS): Promise<RawSheet[]> {
  const archive = await openXlsxArchive(data, fileName, limits);
  const count = rowCounter(fileName, limits.rows);
  const sheets: RawSheet[] = [];
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([]), {
      worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore',
    }) as unknown as StreamingWorkbook;
    const part = async (name: string) => {
      const text = await archive.text(name);
      if (!text) throw new Error(`${name} is missing`);
      return text;
    };
    await reader._parseRels(await part('xl/_rels/workbook.xml.rels'));
    await reader._parseWorkbook(await part('xl/workbook.xml'));
    const shared = await archive.text('xl/sharedStrings.xml');
    if (shared) for await (const _ of reader._parseSharedStrings(shared)) { /* cached on the reader */ }
    const styles = await archive.text('xl/styles.xml');
    if (styles) await reader._parseStyles(styles);
    for (const sheet of reader.model?.sheets ?? []) {
      const target = reader.workbookRels?.find((r) => r.Id === sheet.rId)?.Target ?? '';
      const entry = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
      const sheetNo = /sheet(\d+)\.xml$/.exec(entry)?.[1];
      if (!sheetNo) continue;
      for (const { value: ws } of reader._parseWorksheet(await part(entry), sheetNo)) {
        let headers: string[] = [];
        const rows: RawSheet['rows'] = [];
        for await (const row of ws) {
          if (row.number === 1) {
            headers = texts(row, row.cellCount);
            continue;
          }
          count();
          rows.push({ row: row.number, values: texts(row, Math.max(headers.length, row.cellCount)) });
        }
        sheets.push({ name: String(sheet.name).trim(), headers, rows });
      }
    }
  } catch (err) {
    if (err instanceof DudaoError) throw err;
    throw unreadable(fileName, `不是有效的 .xlsx 文件（${(err as Error).message}）`);
  } finally {
    archive.close();
  }
  return sheets;
}

/** The parts of ExcelJS's streaming WorkbookReader that readXlsx drives. */
interface StreamingWorkbook {
  model?: { sheets?: { name: string; id: number; rId: string }[] };
  workbookRels?: { Id: string; Target: string }[];
  _parseRels(text: AsyncIterable<string>): Promise<void>;
  _parseWorkbook(text: AsyncIterable<string>): Promise<void>;
  _parseSharedStrings(text: AsyncIterable<string>): AsyncIterable<unknown>;
  _parseStyles(text: AsyncIterable<string>): Promise<void>;
  _parseWorksheet(text: AsyncIterable<string>, sheetNo: string): Iterable<{ value: AsyncIterable<ExcelJS.Row> }>;
}

const texts = (row: ExcelJS.Row, width: number) => Array.from({ length: width }, (_, i) => cellText(row.getCell(i + 1).value));

/** Counts data rows across all sheets of one import; past the limit the file is refused. */
function rowCounter(fileName: string, max: number): (n?: number) => void {
  let seen = 0;
  return (n = 1) => {
    seen += n;
    if (seen > max) {
      const errors = [{ sheet: fileName, message: importProblemText({ kind: 'too_many_rows', max, seen }) }];
      throw new DudaoError('invalid_import', importRefused(1), { errors });
    }
  };
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

/** CSV files, at most IMPORT_LIMITS.rows data rows in all: the parser stops one record past what is left. */
export function readCsvFiles(files: ImportFile[], limits: ImportLimits = IMPORT_LIMITS): RawSheet[] {
  let left = limits.rows;
  return files
    .filter((f) => /\.csv$/i.test(f.name))
    .map((f) => {
      let records: string[][];
      try {
        records = parse(decodeText(f.data), { record_delimiter: ['\r\n', '\n', '\r'], relax_column_count: true, skip_empty_lines: false, trim: true, to: left + 2 });
      } catch (err) {
        throw unreadable(f.name, `CSV 格式错误（${(err as Error).message}）`);
      }
      if (records.length - 1 > left) {
        const errors = [{ sheet: f.name, message: importProblemText({ kind: 'too_many_rows', max: limits.rows, seen: limits.rows - left + records.length - 1 }) }];
        throw new DudaoError('invalid_import', importRefused(1), { errors });
      }
      left -= Math.max(0, records.length - 1);
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
