/**
 * 批量导入: upload the office's workbook; a refused file is shown as a table of every error (sheet, row, column,
 * what is wrong) and nothing is written; an accepted one as counts per sheet.
 */
import { esc } from '../html.ts';
import type { SheetCounts } from '../import.ts';
import type { ShellViewer } from './layout.ts';
import { orgPage } from './org.ts';
import { table } from './parts.ts';

export interface ImportErrorRow { sheet: string; row?: number; column?: string; message: string }

const form = `<form class="edit" method="post" action="/admin/org/import" enctype="multipart/form-data">
<div class="field"><label for="upload">名单文件 *</label><div><input id="upload" type="file" name="file" accept=".xlsx,.csv" multiple required>
<div class="hint">一个 .xlsx 工作簿（工作表：责任区、学校、人员、挂牌，可选 督导室），或每张表一个 .csv 文件。最大 10 MB。</div></div></div>
<div class="actions"><button type="submit">检查并导入</button><a class="button secondary" href="/admin/org/import/example.xlsx">下载示例文件</a></div>
<p class="sub">先检查全部内容：只要有一处错误，就什么都不写入，并列出每一处错误；全部正确才一次性导入。已有的记录按名称或手机号更新，空白单元格不会清除已有内容。</p>
</form>`;

export function importPage(v: ShellViewer, result?: { errors?: ImportErrorRow[]; message?: string; sheets?: Record<string, SheetCounts>; office?: string }): string {
  let outcome = '';
  if (result?.errors) {
    outcome = `<div class="flash err" role="alert">${esc(result.message ?? '')}</div><h2>错误清单（${result.errors.length} 处）</h2>` + table(result.errors, [
      { head: '工作表', cell: (e) => esc(e.sheet) },
      { head: '行', cell: (e) => esc(e.row ?? ''), num: true },
      { head: '列', cell: (e) => esc(e.column ?? '') },
      { head: '问题', cell: (e) => `<span class="err-cell">${esc(e.message)}</span>` },
    ], '') + '<p>请在 Excel 中改正以上各处后重新上传。</p>';
  } else if (result?.sheets) {
    outcome = `<div class="flash ok" role="status">已导入到「${esc(result.office ?? '')}」。</div>` + table(Object.entries(result.sheets), [
      { head: '工作表', cell: ([name]) => esc(name) },
      { head: '新增', cell: ([, c]) => String(c.created), num: true },
      { head: '更新', cell: ([, c]) => String(c.updated), num: true },
      { head: '未变', cell: ([, c]) => String(c.unchanged), num: true },
    ], '');
  }
  return orgPage(v, 'import', '批量导入', `${outcome}<h2>上传名单</h2>${form}`);
}
