/**
 * 组织机构: zones, schools, people and assignments (挂牌) — lists one page at a time, and the one-row forms whose
 * fields are the import sheet's columns (so a refusal names the same column as an import would).
 */
import { esc } from '../html.ts';
import { ROLE_LABELS } from '../../src/domain/import-cells.ts';
import { SCHOOL_TYPES, ROLES, type Role } from '../../src/db/schema/org.ts';
import type { Paged } from '../../src/domain/paging.ts';
import { page, type Notice, type ShellViewer } from './layout.ts';
import { field, link, pager, table, tag, type FieldInput } from './parts.ts';

export type OrgTab = 'zones' | 'schools' | 'people' | 'assignments' | 'import' | 'bind-codes';

const TABS: { tab: OrgTab; href: string; label: string; officeOnly?: boolean }[] = [
  { tab: 'schools', href: '/admin/org/schools', label: '学校' },
  { tab: 'zones', href: '/admin/org/zones', label: '责任区' },
  { tab: 'people', href: '/admin/org/people', label: '人员' },
  { tab: 'assignments', href: '/admin/org/assignments', label: '挂牌' },
  { tab: 'import', href: '/admin/org/import', label: '批量导入', officeOnly: true },
  { tab: 'bind-codes', href: '/admin/org/bind-codes', label: '绑定码', officeOnly: true },
];

function tabs(current: OrgTab, v: ShellViewer): string {
  return `<nav class="actions" aria-label="组织机构">${TABS.filter((t) => !t.officeOnly || v.role === 'office')
    .map((t) => `<a class="button${t.tab === current ? '' : ' secondary'}" href="${t.href}"${t.tab === current ? ' aria-current="page"' : ''}>${t.label}</a>`).join('')}</nav>`;
}

export function orgPage(v: ShellViewer, tab: OrgTab, title: string, body: string, notice?: Notice): string {
  const scope = v.role === 'zone' ? `<p class="sub">只显示${esc(v.zoneName ?? '')}的内容（只读）。</p>` : '';
  return page({ title, section: 'org', viewer: v, notice, body: `<h1>组织机构</h1>${tabs(tab, v)}${scope}${body}` });
}

const newButton = (v: ShellViewer, href: string, label: string) => (v.role === 'office' ? `<p><a class="button" href="${href}">${label}</a></p>` : '');

export interface ZoneRow { id: number; name: string; address: string | null; wecomChatId: string | null; robotKey: string | null; wechatyRoom: string | null; schoolCount: number }

export function zonesPage(v: ShellViewer, zones: ZoneRow[], notice?: Notice): string {
  const group = (z: ZoneRow) => [z.wecomChatId && `企业微信群 ${z.wecomChatId}`, z.robotKey && '群机器人', z.wechatyRoom && `微信群「${z.wechatyRoom}」`].filter(Boolean).join('；') || tag('未设置群', 'warn');
  return orgPage(v, 'zones', '责任区', newButton(v, '/admin/org/zones/new', '新建责任区') + table(zones, [
    { head: '名称', cell: (z) => link(`/admin/org/zones/${z.id}`, z.name) },
    { head: '地址', cell: (z) => esc(z.address ?? '') },
    { head: '责任区群', cell: group },
    { head: '学校数', cell: (z) => String(z.schoolCount), num: true },
    { head: '', cell: (z) => link(`/admin/org/schools?zoneId=${z.id}`, '看学校') },
  ], '还没有责任区。'), notice);
}

export interface SchoolListRow { id: number; name: string; aliases: string[]; type: string; zone: string; zoneId: number; enrolment: number | null; supervisors: string | null }

export function schoolsPage(v: ShellViewer, list: Paged<SchoolListRow>, f: { zoneId?: number; q?: string }, zones: { id: number; name: string }[], notice?: Notice): string {
  const zoneSelect = v.role === 'office'
    ? `<label>责任区<select name="zoneId"><option value="">全部</option>${zones.map((z) => `<option value="${z.id}"${z.id === f.zoneId ? ' selected' : ''}>${esc(z.name)}</option>`).join('')}</select></label>`
    : '';
  const filters = `<form class="filters" method="get" action="/admin/org/schools">${zoneSelect}<label>学校名称<input type="search" name="q" value="${esc(f.q)}"></label><button type="submit">筛选</button></form>`;
  const rows = table(list.items, [
    { head: '学校', cell: (s) => link(`/admin/schools/${s.id}`, s.name) + (s.aliases.length ? ` <span class="sub wide">（${esc(s.aliases.join('、'))}）</span>` : '') },
    { head: '类型', cell: (s) => esc(s.type), wide: true },
    { head: '责任区', cell: (s) => esc(s.zone) },
    { head: '责任督学', cell: (s) => (s.supervisors ? esc(s.supervisors) : tag('未挂牌', 'bad')) },
    { head: '在校生', cell: (s) => esc(s.enrolment ?? ''), num: true, wide: true },
    ...(v.role === 'office' ? [{ head: '', cell: (s: SchoolListRow) => link(`/admin/org/schools/${s.id}/edit`, '编辑') }] : []),
  ], '没有符合条件的学校。');
  const q = { zoneId: f.zoneId ? String(f.zoneId) : undefined, q: f.q };
  return orgPage(v, 'schools', '学校', newButton(v, '/admin/org/schools/new', '新建学校') + filters + rows + pager(list, '/admin/org/schools', q), notice);
}

export interface PersonListRow { id: number; name: string; mobile: string; roles: Role[]; zone: string | null; school: string | null; wecomUserId: string | null; wechatOpenId: string | null; wechatyContact: string | null; active: boolean }

export const rolesText = (roles: Role[]) => roles.map((r) => ROLE_LABELS[r]).join('、');

export function peoplePage(v: ShellViewer, list: Paged<PersonListRow>, f: { role?: Role; q?: string }, notice?: Notice): string {
  const roleSelect = `<label>角色<select name="role"><option value="">全部</option>${ROLES.map((r) => `<option value="${r}"${r === f.role ? ' selected' : ''}>${ROLE_LABELS[r]}</option>`).join('')}</select></label>`;
  const filters = `<form class="filters" method="get" action="/admin/org/people">${roleSelect}<label>姓名或手机<input type="search" name="q" value="${esc(f.q)}"></label><button type="submit">筛选</button></form>`;
  const reach = (p: PersonListRow) => [p.wecomUserId && '企业微信', p.wechatOpenId && '公众号', p.wechatyContact && '个人微信'].filter(Boolean).join('、') || tag('无法联系', 'warn');
  const rows = table(list.items, [
    { head: '姓名', cell: (p) => link(`/admin/org/people/${p.id}`, p.name) + (p.active ? '' : ` ${tag('已停用')}`) },
    { head: '手机', cell: (p) => `<span class="nowrap">${esc(p.mobile)}</span>` },
    { head: '角色', cell: (p) => esc(rolesText(p.roles)) },
    { head: '责任区 / 学校', cell: (p) => esc([p.zone, p.school].filter(Boolean).join(' / ')) },
    { head: '联系渠道', cell: reach, wide: true },
  ], '没有符合条件的人员。');
  return orgPage(v, 'people', '人员', newButton(v, '/admin/org/people/new', '新建人员') + filters + rows + pager(list, '/admin/org/people', { role: f.role, q: f.q }), notice);
}

export interface AssignmentListRow { id: number; supervisor: string; supervisorId: number; school: string; schoolId: number; startsOn: string; endsOn: string | null; reason: string | null }

export function assignmentsPage(v: ShellViewer, list: Paged<AssignmentListRow>, f: { active: boolean }, today: string, notice?: Notice): string {
  const filters = `<form class="filters" method="get" action="/admin/org/assignments"><label>范围<select name="active"><option value="1"${f.active ? ' selected' : ''}>今天有效的</option><option value="0"${f.active ? '' : ' selected'}>全部（含已结束）</option></select></label><button type="submit">筛选</button></form>`;
  const state = (a: AssignmentListRow) => (a.endsOn && a.endsOn < today ? tag('已结束') : a.startsOn > today ? tag('未开始', 'warn') : tag('有效', 'ok'));
  const rows = table(list.items, [
    { head: '督学', cell: (a) => link(`/admin/org/people/${a.supervisorId}`, a.supervisor) },
    { head: '学校', cell: (a) => link(`/admin/schools/${a.schoolId}`, a.school) },
    { head: '开始', cell: (a) => `<span class="nowrap">${esc(a.startsOn)}</span>` },
    { head: '结束', cell: (a) => `<span class="nowrap">${esc(a.endsOn ?? '—')}</span>` },
    { head: '原因', cell: (a) => esc(a.reason ?? ''), wide: true },
    { head: '状态', cell: state },
    ...(v.role === 'office' ? [{ head: '', cell: (a: AssignmentListRow) => link(`/admin/org/assignments/${a.id}`, '修改 / 结束') }] : []),
  ], '没有挂牌记录。');
  return orgPage(v, 'assignments', '挂牌', newButton(v, '/admin/org/assignments/new', '新建挂牌') + filters + rows + pager(list, '/admin/org/assignments', { active: f.active ? '1' : '0' }), notice);
}

/** How each column of a sheet is asked for in a form. */
export interface ColumnForm {
  type?: FieldInput['type'];
  hint?: string;
  options?: { value: string; label: string }[];
  blank?: string;
  /** Checkboxes (several values, joined with 、). */
  multi?: { value: string; label: string }[];
}

export interface RowFormInput {
  title: string;
  action: string;
  columns: { header: string; required?: boolean }[];
  /** The natural key's columns: shown but not editable when editing. */
  keyColumns: string[];
  editing: boolean;
  values: Record<string, string>;
  problems: Record<string, string>;
  /** Problems not tied to one column. */
  general: string[];
  forms: Record<string, ColumnForm>;
  back: string;
}

export function rowForm(f: RowFormInput): string {
  const fields = f.columns.map((c) => {
    const spec = f.forms[c.header] ?? {};
    const problem = f.problems[c.header];
    if (spec.multi) {
      const chosen = new Set((f.values[c.header] ?? '').split('、').filter(Boolean));
      const boxes = spec.multi.map((o) => `<label class="nowrap"><input type="checkbox" name="${esc(c.header)}" value="${esc(o.value)}"${chosen.has(o.value) ? ' checked' : ''}> ${esc(o.label)}</label>`).join(' ');
      return `<div class="field${problem ? ' has-error' : ''}"><span class="label-like">${esc(c.header)}${c.required ? ' *' : ''}</span><div><fieldset class="choices"><legend class="vh">${esc(c.header)}</legend>${boxes}</fieldset>${problem ? `<div class="problem">${esc(problem)}</div>` : ''}</div></div>`;
    }
    const readonly = f.editing && f.keyColumns.includes(c.header);
    return field({
      name: c.header, label: c.header, value: f.values[c.header], required: c.required, readonly, problem,
      type: spec.type, options: readonly ? undefined : spec.options, blank: spec.blank,
      hint: readonly ? '用于识别这一条记录，不能在此修改' : spec.hint,
    });
  }).join('');
  const general = f.general.length ? `<div class="flash err" role="alert">未保存：<ul>${f.general.map((g) => `<li>${esc(g)}</li>`).join('')}</ul></div>` : '';
  const fieldErrors = Object.keys(f.problems).length && !f.general.length ? '<div class="flash err" role="alert">未保存：请按下面标红的提示修改后再保存。</div>' : '';
  return `<h2>${esc(f.title)}</h2>${general}${fieldErrors}<form class="edit" method="post" action="${esc(f.action)}">${f.editing ? '<input type="hidden" name="_editing" value="1">' : ''}${fields}
<p class="sub">留空的项目不会清除已保存的内容。</p>
<div class="actions"><button type="submit">保存</button><a class="button secondary" href="${esc(f.back)}">返回</a></div></form>`;
}

export const schoolTypeOptions = SCHOOL_TYPES.map((t) => ({ value: t, label: t }));
export const roleOptions = ROLES.map((r) => ({ value: ROLE_LABELS[r], label: ROLE_LABELS[r] }));
