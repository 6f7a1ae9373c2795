/**
 * 学期督导工作计划表 (seed 004 附件4) in three forms from one plan: the printable H5 page, an .xlsx (exceljs) and a
 * .docx (docx). Columns 月份 / 计划被督导学校 / 计划督导内容 / 备注; the month is written once for its rows; the zone
 * leader signs at the foot (组长签名).
 */
import ExcelJS from 'exceljs';
import { AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { SemesterPlan, SemesterPlanRow } from '../src/services/semester-plan.ts';
import { chineseDate } from '../src/domain/deadlines.ts';
import { esc } from './html.ts';

export const SEMESTER_PLAN_TITLE = '督学责任区学期督导工作计划表';
const COLUMNS = ['月份', '计划被督导学校', '计划督导内容', '备  注'];

const monthLabel = (month: string) => `${Number(month.slice(5, 7))}月`;
const termLabel = (p: SemesterPlan) => `（${p.semester.schoolYear}-${p.semester.schoolYear + 1}）学年第${p.semester.term === 1 ? '一' : '二'}学期`;
const note = (r: SemesterPlanRow) => [r.note, chineseDate(r.plannedOn).replace(/^\d+年/, '')].filter(Boolean).join('，');

/** One line per planned visit, grouped by month; a month with none still gets its row. */
function lines(p: SemesterPlan): { month: string; first: boolean; cells: [string, string, string, string] }[] {
  return p.semester.months.flatMap((month) => {
    const rows = p.rows.filter((r) => r.month === month);
    if (rows.length === 0) return [{ month, first: true, cells: [monthLabel(month), '', '', ''] as [string, string, string, string] }];
    return rows.map((r, i) => ({ month, first: i === 0, cells: [i === 0 ? monthLabel(month) : '', r.school, r.content || '经常性督导事项', note(r)] as [string, string, string, string] }));
  });
}

export function semesterPlanFileName(p: SemesterPlan, ext: 'xlsx' | 'docx'): string {
  return `${p.zone.name}${termLabel(p)}督导工作计划表.${ext}`;
}

export function semesterPlanPage(p: SemesterPlan, opts: { today: string; downloads: { xlsx: string; docx: string } }): string {
  const body = lines(p).map((l) => `<tr>${l.cells.map((c, i) => `<td${i === 0 ? ' class="month"' : ''}>${esc(c)}</td>`).join('')}</tr>`).join('');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(p.zone.name)} ${esc(SEMESTER_PLAN_TITLE)}</title><style>
body{font-family:"SimSun","Songti SC",serif;margin:0 auto;max-width:800px;padding:12px;color:#111}
h1{text-align:center;font-size:22px;margin:8px 0}.term{text-align:center;margin:4px 0 10px}.head{display:flex;justify-content:space-between;margin:6px 0}
table{width:100%;border-collapse:collapse}th,td{border:1px solid #333;padding:6px;text-align:left;vertical-align:top}th{text-align:center}
td.month{text-align:center;width:4em;white-space:nowrap}.sign{margin-top:28px;display:flex;justify-content:space-between}
.noprint{margin:8px 0}.noprint a{margin-right:1em}@media print{.noprint{display:none}}</style></head>
<body>
<div class="noprint"><a href="${esc(opts.downloads.xlsx)}">下载 Excel</a><a href="${esc(opts.downloads.docx)}">下载 Word</a><a href="javascript:print()">打印</a></div>
<h1>${esc(SEMESTER_PLAN_TITLE)}</h1>
<div class="term">${esc(termLabel(p))}</div>
<div class="head"><span>${esc(p.zone.name)}</span><span>${esc(chineseDate(opts.today))}</span></div>
<table><thead><tr>${COLUMNS.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>${body}</tbody></table>
<div class="sign"><span>组长签名：＿＿＿＿＿＿${p.leaders.length ? `（组长：${esc(p.leaders.join('、'))}）` : ''}</span><span>报${esc(p.office)}备案</span></div>
</body></html>`;
}

export async function semesterPlanXlsx(p: SemesterPlan, opts: { today: string }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('计划表', { pageSetup: { paperSize: 9, orientation: 'portrait' } });
  ws.columns = [{ width: 8 }, { width: 24 }, { width: 40 }, { width: 20 }];
  ws.mergeCells('A1:D1');
  ws.getCell('A1').value = SEMESTER_PLAN_TITLE;
  ws.getCell('A1').font = { size: 16, bold: true };
  ws.getCell('A1').alignment = { horizontal: 'center' };
  ws.mergeCells('A2:D2');
  ws.getCell('A2').value = termLabel(p);
  ws.getCell('A2').alignment = { horizontal: 'center' };
  ws.getRow(3).values = [p.zone.name, '', '', chineseDate(opts.today)];
  const header = ws.getRow(4);
  header.values = COLUMNS;
  header.font = { bold: true };
  const thin = { style: 'thin' as const };
  const border = { top: thin, left: thin, bottom: thin, right: thin };
  const all = lines(p);
  all.forEach((l, i) => { ws.getRow(5 + i).values = l.cells; });
  for (let r = 4; r < 5 + all.length; r++) {
    ws.getRow(r).eachCell({ includeEmpty: true }, (cell) => { cell.border = border; cell.alignment = { wrapText: true, vertical: 'top' }; });
  }
  ws.getRow(6 + all.length).values = ['组长签名：', '', '', `报${p.office}备案`];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function semesterPlanDocx(p: SemesterPlan, opts: { today: string }): Promise<Buffer> {
  const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });
  const widths = [12, 28, 40, 20];
  const border = { style: BorderStyle.SINGLE, size: 4, color: '333333' };
  const table = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: widths.map((w) => w * 90),
    borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
    rows: [
      new TableRow({ tableHeader: true, children: COLUMNS.map((c) => cell(c, true)) }),
      ...lines(p).map((l) => new TableRow({ children: l.cells.map((c) => cell(c)) })),
    ],
  });
  const doc = new Document({
    sections: [{
      children: [
        new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: SEMESTER_PLAN_TITLE, bold: true, size: 32 })] }),
        new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun(termLabel(p))] }),
        new Paragraph({ children: [new TextRun(`${p.zone.name}　　　　${chineseDate(opts.today)}`)] }),
        table,
        new Paragraph({ spacing: { before: 400 }, children: [new TextRun(`组长签名：＿＿＿＿＿＿　　　　报${p.office}备案`)] }),
      ],
    }],
  });
  return Packer.toBuffer(doc);
}
