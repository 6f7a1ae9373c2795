/**
 * Import files for tests: the example lists (config/import-example/csv) as editable rows, turned into an .xlsx or
 * CSV files; and a snapshot of every organisation table, to prove a refused import left the database unchanged.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import type { QueryPool } from '../../src/db/client.ts';
import { ROOT } from './process.ts';

export type Sheets = Record<string, string[][]>;

export const EXAMPLE_DIR = path.join(ROOT, 'config/import-example');
export const EXAMPLE_XLSX = path.join(EXAMPLE_DIR, 'dudao-import-example.xlsx');
export const EXAMPLE_CSV_DIR = path.join(EXAMPLE_DIR, 'csv');

/** The example lists, header row first, as a fresh copy the test may edit. */
export function exampleSheets(): Sheets {
  const sheets: Sheets = {};
  for (const file of fs.readdirSync(EXAMPLE_CSV_DIR).filter((f) => f.endsWith('.csv'))) {
    sheets[file.replace(/\.csv$/, '')] = parse(fs.readFileSync(path.join(EXAMPLE_CSV_DIR, file), 'utf8'), { bom: true });
  }
  return sheets;
}

export async function toXlsx(sheets: Sheets): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = workbook.addWorksheet(name);
    for (const row of rows) ws.addRow(row);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function toCsv(rows: string[][]): Buffer {
  const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return Buffer.from(`\uFEFF${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`, 'utf8');
}

export function writeCsvFolder(dir: string, sheets: Sheets): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, rows] of Object.entries(sheets)) fs.writeFileSync(path.join(dir, `${name}.csv`), toCsv(rows));
}

export const ORG_TABLES = ['offices', 'zones', 'schools', 'people', 'assignments', 'audit_log'] as const;

/** Every row of the organisation tables (and the audit log), as one comparable string. */
export async function orgSnapshot(pool: QueryPool): Promise<string> {
  const parts: string[] = [];
  for (const table of ORG_TABLES) {
    const { rows } = await pool.query(`select * from ${table} order by id`);
    parts.push(`${table}:${JSON.stringify(rows)}`);
  }
  return parts.join('\n');
}

export async function countRows(pool: QueryPool, table: (typeof ORG_TABLES)[number]): Promise<number> {
  const { rows } = await pool.query(`select count(*)::int as n from ${table}`);
  return rows[0].n;
}
