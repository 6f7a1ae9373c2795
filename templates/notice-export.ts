/**
 * The office's list of notices as an .xlsx workbook, one row per problem. Every cell from the database is written as
 * text, and one that begins with = + - @ (or a tab / carriage return) also gets the text number format, so a
 * spreadsheet never runs it as a formula.
 */
import ExcelJS from 'exceljs';
import { chineseDate } from '../src/domain/deadlines.ts';
import type { NoticeStatus } from '../src/domain/rectification-lifecycle.ts';
import type { NoticeListRow } from '../src/services/rectification-view.ts';
import { NOTICE_STATUS_TEXT } from './rectification-errors.ts';

const COLUMNS = [
  ['通知书编号', 22], ['学校', 24], ['责任区', 16], ['责任督学', 10], ['问题序号', 8], ['需整改内容', 40], ['整改期限（天）', 10],
  ['下达日期', 14], ['截止日期', 14], ['状态', 16], ['逾期天数', 8], ['学校报告', 14], ['送达情况', 30], ['约谈/通报', 40],
] as const;

const FORMULA_START = /^[=+\-@\t\r]/;

export const looksLikeFormula = (s: string): boolean => FORMULA_START.test(s);

export async function noticesWorkbook(rows: NoticeListRow[], officeName: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = officeName;
  const ws = wb.addWorksheet('整改通知书');
  ws.columns = COLUMNS.map(([header, width]) => ({ header, width }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) {
    const steps = r.officeSteps.map((s) => `${s.kind === 'interview' ? '约谈' : '通报'} ${s.date} ${s.people}：${s.text ?? ''}`).join('\n');
    const reach = r.reach.state === 'reached' ? '已送达' : r.reach.state === 'waiting' ? '发送中' : `未送达：${r.reach.reason}`;
    for (const item of r.items) {
      const row = ws.addRow([]);
      const values: (string | number)[] = [
        r.notice.number, r.schoolName, r.zoneName, r.supervisorName, item.ordinal, item.text, r.notice.deadlineDays,
        chineseDate(r.notice.issuedOn), chineseDate(r.notice.dueOn), NOTICE_STATUS_TEXT[r.notice.status as NoticeStatus] ?? r.notice.status,
        r.overdueDays, item.reportedAt ? '已报告' : '未报告', reach, steps,
      ];
      values.forEach((v, i) => {
        const cell = row.getCell(i + 1);
        if (typeof v === 'number') { cell.value = v; return; }
        // A plain string value is a shared string, never a formula; the text format keeps it so when edited.
        cell.value = v;
        if (looksLikeFormula(v)) cell.numFmt = '@';
      });
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
