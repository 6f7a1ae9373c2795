/**
 * 整改通知书 in the console: the list with its filters and the .xlsx export, and one notice with its problems, its
 * history and the office's steps (约谈, 通报, 整改到位, 退回重新整改).
 */
import { esc, escLines } from '../html.ts';
import { chineseDate } from '../../src/domain/deadlines.ts';
import { NOTICE_STATUSES, type NoticeStatus } from '../../src/domain/rectification-lifecycle.ts';
import type { NoticeDetail, NoticeListRow, Reach } from '../../src/services/rectification-view.ts';
import type { OpenPage } from '../../src/services/console-notices.ts';
import { eventText } from '../notice-page.ts';
import { NOTICE_STATUS_TEXT } from '../rectification-errors.ts';
import { page, type Notice, type ShellViewer } from './layout.ts';
import { dateTime, field, link, table, tag } from './parts.ts';

export const noticeFormText = {
  badDate: '请填写日期（年-月-日）',
  required: (label: string) => `请填写「${label}」`,
};

export interface NoticeFilterView {
  status?: NoticeStatus;
  zoneId?: number;
  schoolId?: number;
  overdue?: boolean;
  from?: string;
  to?: string;
}

export function statusTag(status: string, overdueDays = 0): string {
  const kind = status === 'overdue' || status === 'escalated' ? 'bad' : status === 'closed' || status === 'verified' ? 'ok' : status === 'submitted' ? 'warn' : undefined;
  return tag(NOTICE_STATUS_TEXT[status as NoticeStatus] ?? status, kind) + (overdueDays > 0 ? ` <span class="err-cell nowrap">逾期 ${overdueDays} 天</span>` : '');
}

const reachTag = (r: Reach) => (r.state === 'reached' ? '' : r.state === 'waiting' ? tag('发送中', 'warn') : tag('未送达', 'bad'));

function query(f: NoticeFilterView): Record<string, string | undefined> {
  return { status: f.status, zoneId: f.zoneId ? String(f.zoneId) : undefined, schoolId: f.schoolId ? String(f.schoolId) : undefined, overdue: f.overdue ? '1' : undefined, from: f.from, to: f.to };
}

export function noticesPage(v: ShellViewer, list: OpenPage<NoticeListRow>, f: NoticeFilterView, choices: { zones: { id: number; name: string }[]; schools: { id: number; name: string }[] }, problem?: string): string {
  const opt = (value: string, label: string, chosen?: string) => `<option value="${esc(value)}"${value === chosen ? ' selected' : ''}>${esc(label)}</option>`;
  const zoneSelect = v.role === 'office'
    ? `<label>责任区<select name="zoneId"><option value="">全部</option>${choices.zones.map((z) => opt(String(z.id), z.name, String(f.zoneId ?? ''))).join('')}</select></label>` : '';
  const filters = `<form class="filters" method="get" action="/admin/notices">
<label>状态<select name="status"><option value="">全部</option>${NOTICE_STATUSES.map((s) => opt(s, NOTICE_STATUS_TEXT[s], f.status)).join('')}</select></label>
${zoneSelect}<label>学校<select name="schoolId"><option value="">全部</option>${choices.schools.map((s) => opt(String(s.id), s.name, String(f.schoolId ?? ''))).join('')}</select></label>
<label>下达日期从<input type="date" name="from" value="${esc(f.from)}"></label><label>至<input type="date" name="to" value="${esc(f.to)}"></label>
<label class="check"><input type="checkbox" name="overdue" value="1"${f.overdue ? ' checked' : ''}> 只看逾期</label>
<button type="submit">筛选</button></form>`;
  const qs = new URLSearchParams(Object.entries(query(f)).filter((e): e is [string, string] => !!e[1]));
  const exportLink = `<p><a class="button secondary" href="/admin/notices/export.xlsx${qs.size ? `?${esc(qs.toString())}` : ''}">导出 Excel（按当前筛选）</a></p>`;
  const rows = table(list.items, [
    { head: '编号', cell: (r) => `<span class="nowrap">${link(`/admin/notices/${r.notice.id}`, r.notice.number)}</span>` },
    { head: '学校', cell: (r) => link(`/admin/schools/${r.notice.schoolId}`, r.schoolName) },
    { head: '责任区', cell: (r) => esc(r.zoneName), wide: true },
    { head: '问题', cell: (r) => esc(r.items.map((i) => i.text).join('；').slice(0, 60)), wide: true },
    { head: '督学', cell: (r) => esc(r.supervisorName), wide: true },
    { head: '整改期限', cell: (r) => `<span class="nowrap">${esc(r.notice.dueOn)}</span>` },
    { head: '状态', cell: (r) => `${statusTag(r.notice.status, r.overdueDays)} ${reachTag(r.reach)}${r.officeSteps.length ? ` ${tag(r.officeSteps.map((s) => (s.kind === 'interview' ? '已约谈' : '已通报')).join('、'))}` : ''}` },
  ], '没有符合条件的整改通知书。');
  const base = (p: number) => `/admin/notices?${new URLSearchParams({ ...Object.fromEntries(qs), page: String(p) })}`;
  const pager = `<nav class="pager" aria-label="分页">${list.page > 1 ? `<a rel="prev" href="${esc(base(list.page - 1))}">上一页</a>` : ''}<span>第 ${list.page} 页</span>${list.hasNext ? `<a rel="next" href="${esc(base(list.page + 1))}">下一页</a>` : ''}</nav>`;
  return page({
    title: '整改通知书', section: 'notices', viewer: v, notice: problem ? { kind: 'err', text: problem } : undefined,
    body: `<h1>整改通知书</h1>${filters}${exportLink}${rows}${pager}`,
  });
}

export interface NoticeForms {
  values?: Record<string, string>;
}

export function noticePage(v: ShellViewer, d: NoticeDetail, opts: { today: string; notice?: Notice; values?: Record<string, string> }): string {
  const n = d.notice;
  const val = opts.values ?? {};
  const facts = `<dl class="facts"><dt>学校</dt><dd>${link(`/admin/schools/${d.school.id}`, d.school.name)}（${esc(d.zoneName)}）</dd>
<dt>督学</dt><dd>${esc(d.supervisor.name)}</dd><dt>下达日期</dt><dd>${esc(chineseDate(n.issuedOn))}</dd>
<dt>整改期限</dt><dd>${n.deadlineDays} 天，至 ${esc(chineseDate(n.dueOn))}</dd><dt>状态</dt><dd>${statusTag(n.status, d.overdueDays)}</dd>
${d.reach.state === 'unreached' ? `<dt>送达</dt><dd class="err-cell">${esc(d.reach.reason)}</dd>` : d.reach.state === 'waiting' ? '<dt>送达</dt><dd>发送中</dd>' : ''}
${n.returnReason && n.status === 'rectifying' ? `<dt>退回原因</dt><dd>${esc(n.returnReason)}</dd>` : ''}</dl>`;
  const problems = `<ol>${d.items.map((i) => `<li>${escLines(i.text)}${i.reportedAt ? ` ${tag('学校已报告', 'ok')}` : ''}</li>`).join('')}</ol>`;
  const history = table(d.events, [
    { head: '时间', cell: (e) => `<span class="nowrap">${dateTime(e.at)}</span>` },
    { head: '谁', cell: (e) => esc(e.who) },
    { head: '内容', cell: (e) => escLines(eventText(e)) },
  ], '还没有记录。');
  const canReview = n.status === 'submitted';
  const review = canReview ? `<section class="card"><h2>审核学校的整改报告</h2>
<form class="inline" method="post" action="/admin/notices/${n.id}/verify"><button type="submit">确认整改到位</button></form>
<form class="edit" method="post" action="/admin/notices/${n.id}/return">${field({ name: 'reason', label: '退回原因', type: 'textarea', required: true, value: val.reason, hint: '退回后学校须重新整改并重新报告每一项' })}
<div class="actions"><button type="submit" class="secondary">退回，重新整改</button></div></form></section>` : '';
  const office = v.role === 'office' ? `<div class="cards">
<section class="card"><h2>记录约谈</h2><form class="edit" method="post" action="/admin/notices/${n.id}/interview">
${field({ name: 'date', label: '约谈日期', type: 'date', required: true, value: val.date ?? opts.today })}
${field({ name: 'people', label: '约谈对象', required: true, value: val.people, hint: '如：校长 张某，督导室 孙丽萍' })}
${field({ name: 'minutes', label: '约谈纪要', type: 'textarea', required: true, value: val.minutes })}
<div class="actions"><button type="submit">保存约谈记录</button></div></form></section>
<section class="card"><h2>记录通报</h2><form class="edit" method="post" action="/admin/notices/${n.id}/bulletin">
${field({ name: 'date', label: '通报日期', type: 'date', required: true, value: val.bulletinDate ?? opts.today })}
${field({ name: 'to', label: '通报范围', value: val.to, hint: '如：全区中小学' })}
${field({ name: 'text', label: '通报内容', type: 'textarea', required: true, value: val.text })}
<div class="actions"><button type="submit">保存通报</button></div></form></section></div>` : '';
  const body = `<h1>${esc(n.number)}</h1><p>${link(`/h5/notices/${n.id}`, '打印版通知书（存根 + 通知书）')} · ${link('/admin/notices', '返回列表')}</p>
<div class="cards"><section class="card"><h2>基本情况</h2>${facts}</section><section class="card"><h2>需整改的问题</h2>${problems}</section></div>
${review}<h2>办理记录</h2>${history}${office}`;
  return page({ title: n.number, section: 'notices', viewer: v, notice: opts.notice, body });
}

/** Today's panel: notices past their deadline and those due within a week. */
export function noticesPanel(overdue: NoticeListRow[], dueSoon: NoticeListRow[], cap: number): string {
  const count = (rows: NoticeListRow[]) => `<span class="big${rows.length ? ' bad' : ' ok'}">${rows.length >= cap ? `${cap}+` : rows.length}</span>`;
  const list = (rows: NoticeListRow[], empty: string) => (rows.length
    ? `<ul>${rows.slice(0, 8).map((r) => `<li>${link(`/admin/notices/${r.notice.id}`, r.notice.number)} ${esc(r.schoolName)} <span class="sub">至 ${esc(r.notice.dueOn)}</span>${r.overdueDays ? ` <span class="err-cell">逾期 ${r.overdueDays} 天</span>` : ''}</li>`).join('')}</ul>`
    : `<p class="sub">${esc(empty)}</p>`);
  return `<section class="card"><h2>逾期未整改</h2>${count(overdue)}${list(overdue, '没有逾期的通知书。')}${overdue.length > 8 ? `<p>${link('/admin/notices?overdue=1', '查看全部逾期')}</p>` : ''}</section>
<section class="card"><h2>7 天内到期</h2>${count(dueSoon)}${list(dueSoon, '近 7 天没有到期的通知书。')}</section>`;
}
