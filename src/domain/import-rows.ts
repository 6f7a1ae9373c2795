/**
 * Turning the sheets of an office's file into typed rows, with every problem a single file can show on its own:
 * missing sheets and headers, empty required cells, bad mobiles and dates, unknown roles, duplicated rows.
 * Checks that need the database (unknown zone, quota…) are made by services/import-plan.ts.
 */
import type { Role } from '../db/schema/org.ts';
import { parseCount, parseDay, parseMobile, parseRoles, parseSchoolType, splitList, type Parsed } from './import-cells.ts';
import type { ImportProblem } from './import-problems.ts';
import { SHEETS, columnFor, type SheetName, type SheetSpec } from './import-sheets.ts';

/** A sheet as read from .xlsx or .csv: header texts, then rows of cell texts (already trimmed strings). */
export interface RawSheet {
  name: string;
  headers: string[];
  rows: { row: number; values: string[] }[];
}

export interface Located {
  sheet: SheetName;
  row?: number;
  column?: string;
  problem: ImportProblem;
}

export interface OfficeRow { row: number; name: string; noticePrefix: string; hotline?: string; maxSchoolsPerSupervisor?: number; defaultRectificationDays?: number }
export interface ZoneRow { row: number; bad?: true; name: string; address?: string; wecomChatId?: string; robotKey?: string; wechatyRoom?: string }
export interface SchoolRow { row: number; bad?: true; name: string; aliases?: string[]; type: string; zone: string; address?: string; enrolment?: number }
export interface PersonRow {
  row: number; bad?: true; name: string; mobile: string; roles: Role[]; zone?: string; school?: string;
  wecomUserId?: string; wechatOpenId?: string; wechatyContact?: string;
}
export interface AssignmentRow { row: number; bad?: true; mobile?: string; name?: string; school: string; startsOn: string; endsOn?: string; reason?: string }

/**
 * Rows with a problem are kept, marked `bad`, so the checks against the database still run on their other cells
 * and the office sees every error at once; fields of a bad row may be missing. A file with any problem is refused.
 */
export interface ParsedFile {
  office?: OfficeRow;
  zones: ZoneRow[];
  schools: SchoolRow[];
  people: PersonRow[];
  assignments: AssignmentRow[];
  /** Sheets whose header could not be read: references into them are not checked, to avoid echo errors. */
  broken: Set<SheetName>;
  errors: Located[];
}

/** One row's cells by canonical header, with helpers that record a problem and return undefined. */
class RowReader {
  bad = false;
  constructor(private sheet: SheetName, readonly row: number, private cells: Map<string, string>, private errors: Located[]) {}

  text(column: string, required = false): string | undefined {
    const v = this.cells.get(column) ?? '';
    if (v) return v;
    if (required) this.fail(column, { kind: 'required' });
    return undefined;
  }

  parsed<T>(column: string, parse: (s: string) => Parsed<T>, required = false): T | undefined {
    const v = this.text(column, required);
    if (v === undefined) return undefined;
    const r = parse(v);
    if (r.ok) return r.value;
    this.fail(column, r.problem);
    return undefined;
  }

  fail(column: string | undefined, problem: ImportProblem) {
    this.bad = true;
    this.errors.push({ sheet: this.sheet, row: this.row, ...(column ? { column } : {}), problem });
  }
}

/** Checks the header row and yields a reader per non-empty row; undefined when the sheet cannot be read at all. */
function readRows(raw: RawSheet | undefined, spec: SheetSpec, errors: Located[]): RowReader[] | undefined {
  if (!raw) {
    if (spec.required) errors.push({ sheet: spec.name, problem: { kind: 'missing_sheet' } });
    return undefined;
  }
  const byIndex = new Map<number, string>();
  let ok = true;
  raw.headers.forEach((h, i) => {
    if (!h) return;
    const col = columnFor(spec, h);
    if (!col) {
      ok = false;
      errors.push({ sheet: spec.name, row: 1, column: h, problem: { kind: 'unknown_header', header: h, expected: spec.columns.map((c) => c.header) } });
    } else if ([...byIndex.values()].includes(col.header)) {
      ok = false;
      errors.push({ sheet: spec.name, row: 1, column: h, problem: { kind: 'duplicate_header', header: col.header } });
    } else byIndex.set(i, col.header);
  });
  for (const col of spec.columns.filter((c) => c.required)) {
    if (![...byIndex.values()].includes(col.header)) {
      ok = false;
      errors.push({ sheet: spec.name, row: 1, problem: { kind: 'missing_header', header: col.header } });
    }
  }
  if (!ok) return undefined;
  return raw.rows
    .filter((r) => r.values.some((v) => v !== ''))
    .map((r) => new RowReader(spec.name, r.row, new Map([...byIndex].map(([i, h]) => [h, r.values[i] ?? ''])), errors));
}

/** Remembers the first row of each key and reports later ones as duplicates. */
function firstRows() {
  const seen = new Map<string, number>();
  return (reader: RowReader, column: string, key: string | undefined) => {
    if (key === undefined) return;
    const first = seen.get(key);
    if (first !== undefined) reader.fail(column, { kind: 'duplicate_row', value: key, firstRow: first });
    else seen.set(key, reader.row);
  };
}

export function parseFile(sheets: RawSheet[]): ParsedFile {
  const errors: Located[] = [];
  const broken = new Set<SheetName>();
  const get = (name: SheetName) => {
    const raw = sheets.find((s) => s.name === name);
    const rows = readRows(raw, SHEETS[name], errors);
    if (!rows && (raw || SHEETS[name].required)) broken.add(name);
    return rows ?? [];
  };
  const file: ParsedFile = { zones: [], schools: [], people: [], assignments: [], broken, errors };

  const officeRows = get('督导室');
  if (officeRows.length > 1 || (officeRows.length === 0 && sheets.some((s) => s.name === '督导室') && !broken.has('督导室'))) {
    errors.push({ sheet: '督导室', problem: { kind: 'office_rows', count: officeRows.length } });
  }
  for (const r of officeRows.slice(0, 1)) {
    const o = {
      row: r.row, name: r.text('名称', true)!, noticePrefix: r.text('通知书编号前缀', true)!, hotline: r.text('监督电话'),
      maxSchoolsPerSupervisor: r.parsed('每名督学挂牌学校上限', parseCount), defaultRectificationDays: r.parsed('整改期限天数', parseCount),
    };
    if (!r.bad) file.office = o;
  }

  const zoneName = firstRows();
  for (const r of get('责任区')) {
    const z = { row: r.row, name: r.text('名称', true)!, address: r.text('地址'), wecomChatId: r.text('企业微信群聊ID'), robotKey: r.text('群机器人Key'), wechatyRoom: r.text('微信群名称') };
    zoneName(r, '名称', z.name);
    file.zones.push(r.bad ? { ...z, bad: true } : z);
  }

  const schoolName = firstRows();
  for (const r of get('学校')) {
    const aliases = r.text('简称');
    const s = {
      row: r.row, name: r.text('学校名称', true)!, aliases: aliases === undefined ? undefined : splitList(aliases),
      type: r.parsed('类型', parseSchoolType, true)!, zone: r.text('所属责任区', true)!, address: r.text('地址'),
      enrolment: r.parsed('在校生数', parseCount),
    };
    schoolName(r, '学校名称', s.name);
    file.schools.push(r.bad ? { ...s, bad: true } : s);
  }

  const [mobile, wecom, openid] = [firstRows(), firstRows(), firstRows()];
  for (const r of get('人员')) {
    const p = {
      row: r.row, name: r.text('姓名', true)!, mobile: r.parsed('手机', parseMobile, true)!, roles: r.parsed('角色', parseRoles, true)!,
      zone: r.text('所属责任区'), school: r.text('所属学校'), wecomUserId: r.text('企业微信账号'),
      wechatOpenId: r.text('公众号OpenID'), wechatyContact: r.text('个人微信'),
    };
    if (p.roles?.includes('zone_leader') && !p.zone) r.fail('所属责任区', { kind: 'role_needs', role: '责任区组长', column: '所属责任区' });
    if (p.roles?.includes('school_contact') && !p.school) r.fail('所属学校', { kind: 'role_needs', role: '学校联系人', column: '所属学校' });
    mobile(r, '手机', p.mobile);
    wecom(r, '企业微信账号', p.wecomUserId);
    openid(r, '公众号OpenID', p.wechatOpenId);
    file.people.push(r.bad ? { ...p, bad: true } : p);
  }

  const assignmentKey = firstRows();
  for (const r of get('挂牌')) {
    const a = {
      row: r.row, mobile: r.parsed('督学手机', parseMobile), name: r.text('督学姓名'), school: r.text('学校名称', true)!,
      startsOn: r.parsed('开始日期', parseDay, true)!, endsOn: r.parsed('结束日期', parseDay), reason: r.text('原因'),
    };
    if (!a.mobile && !a.name && !r.bad) r.fail('督学手机', { kind: 'required_one_of', columns: ['督学手机', '督学姓名'] });
    if (a.startsOn && a.endsOn && a.endsOn < a.startsOn) r.fail('结束日期', { kind: 'ends_before_start', startsOn: a.startsOn, endsOn: a.endsOn });
    if (!r.bad) assignmentKey(r, '学校名称', `${a.mobile ?? a.name} → ${a.school} @ ${a.startsOn}`);
    file.assignments.push(r.bad ? { ...a, bad: true } : a);
  }
  return file;
}
