/** What the office reads when an import is refused or done: one sentence per problem, and the summary. */
import type { ImportProblem } from '../src/domain/import-problems.ts';
import { orgText } from './org.ts';

const q = (s: string) => `「${s}」`;

export function importProblemText(p: ImportProblem, column?: string): string {
  const col = column ? q(column) : '该列';
  switch (p.kind) {
    case 'unreadable_file': return `无法读取文件：${p.reason}`;
    case 'too_many_rows': return `文件的数据行超过 ${p.max} 行的上限（已读到第 ${p.seen} 行）：请分成几个文件导入`;
    case 'missing_sheet': return '缺少这张工作表（Excel 的工作表名或 CSV 的文件名须与之一致）';
    case 'missing_header': return `缺少列${q(p.header)}（表头须在第 1 行）`;
    case 'unknown_header': return `无法识别的列${q(p.header)}；这张表的列应为：${p.expected.join('、')}`;
    case 'duplicate_header': return `列${q(p.header)}出现了两次`;
    case 'office_rows': return `督导室表应恰好有 1 行数据，现有 ${p.count} 行`;
    case 'office_mismatch': return `文件中的督导室${q(p.value)}与当前登录的督导室${q(p.office)}不一致`;
    case 'office_unknown': return '不知道导入到哪个督导室：请在文件中加入“督导室”表，或用 --office 指定已有的督导室';
    case 'required': return `${col}不能为空`;
    case 'required_one_of': return `${p.columns.map(q).join('和')}不能都为空`;
    case 'bad_mobile': return `手机号${q(p.value)}不是 11 位手机号码`;
    case 'bad_day': return `日期${q(p.value)}无法识别，请写成 2025-09-01`;
    case 'bad_count': return `${q(p.value)}不是非负整数`;
    case 'unknown_role': return `未知的角色${q(p.value)}；可选：${p.allowed.join('、')}（多个角色用“、”分隔）`;
    case 'unknown_school_type': return `未知的学校类型${q(p.value)}；可选：${p.allowed.join('、')}`;
    case 'duplicate_row': return `${q(p.value)}重复，第 ${p.firstRow} 行已有`;
    case 'unknown_zone': return `责任区${q(p.value)}不存在（既不在“责任区”表中，也不在系统中）`;
    case 'unknown_school': return `学校${q(p.value)}不存在（既不在“学校”表中，也不在系统中）`;
    case 'unknown_person': return `找不到督学${q(p.value)}（既不在“人员”表中，也不在系统中）`;
    case 'ambiguous_person': return `有 ${p.count} 位督学叫${q(p.value)}，请填写督学手机以区分`;
    case 'not_supervisor': return orgText.notSupervisor(p.name);
    case 'role_needs': return `角色为“${p.role}”的人员须填写${q(p.column)}`;
    case 'ends_before_start': return orgText.endsBeforeStart(p.startsOn, p.endsOn);
    case 'identity_taken': return `${q(p.value)}已属于${q(p.holder)}，同一账号不能绑定两个人`;
    case 'alias_taken': return `简称${q(p.value)}已被${q(p.school)}使用，群聊中将无法区分`;
    case 'quota': return orgText.quota(p);
    case 'already_assigned': return orgText.alreadyAssigned(p);
  }
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** Why an upload is refused before it is read (413), and the lock on one import at a time (409). */
export const importLimitText = {
  notXlsx: (reason: string) => `不是有效的 .xlsx 文件（${reason}）`,
  tooManyEntries: (count: number, max: number) => `.xlsx 文件内含 ${count} 个部件，超过 ${max} 个的上限`,
  entryTooLarge: (name: string, bytes: number, max: number) => `.xlsx 文件中的「${name}」解压后有 ${mb(bytes)}，超过 ${mb(max)} 的上限`,
  archiveTooLarge: (max: number) => `.xlsx 文件解压后超过 ${mb(max)} 的上限`,
  sizeLies: (name: string) => `.xlsx 文件中的「${name}」解压后比文件自身声明的大小更大，已拒绝`,
  uploadTooLarge: (max: number) => `上传的文件超过 ${mb(max)} 的上限`,
  busy: '本督导室已有一个导入正在进行，请等它完成后再试',
};

export const importRefused = (count: number) => `导入未执行：文件中有 ${count} 处错误，数据库未作任何修改。`;

export interface SheetCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/** The CLI's summary, one line per sheet. */
export function importSummary(office: string, sheets: Record<string, SheetCounts>): string {
  const lines = Object.entries(sheets).map(([name, c]) => `  ${name}：新增 ${c.created}，更新 ${c.updated}，未变 ${c.unchanged}`);
  return [`已导入到${q(office)}：`, ...lines].join('\n');
}

/** The CLI's refusal: every error with its sheet and row. */
export function importErrorList(errors: { sheet: string; row?: number; column?: string; message: string }[]): string {
  const lines = errors.map((e) => `  [${e.sheet}${e.row ? ` 第 ${e.row} 行` : ''}${e.column ? ` ${e.column}` : ''}] ${e.message}`);
  return [importRefused(errors.length), ...lines].join('\n');
}
