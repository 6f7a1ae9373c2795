/** A school's page: who supervises it, its contacts, visits (with the school's ratings) and notices. */
import { esc } from '../html.ts';
import { chineseDate } from '../../src/domain/deadlines.ts';
import { RATINGS } from '../../src/domain/ratings.ts';
import type { SchoolPageView } from '../../src/services/console-school.ts';
import { page, type ShellViewer } from './layout.ts';
import { dateTime, link, pager, table, tag } from './parts.ts';
import { statusTag } from './notices.ts';

const VISIT_STATUS: Record<string, [string, 'ok' | 'warn' | 'bad' | undefined]> = {
  planned: ['计划中', 'warn'], in_progress: ['进行中', 'warn'], recorded: ['已提交', 'ok'], cancelled: ['已取消', undefined],
};

export function schoolPageView(v: ShellViewer, s: SchoolPageView, office: boolean): string {
  const sc = s.school;
  const facts = `<dl class="facts"><dt>责任区</dt><dd>${esc(sc.zone)}</dd><dt>类型</dt><dd>${esc(sc.type)}</dd>` +
    (sc.aliases.length ? `<dt>简称</dt><dd>${esc(sc.aliases.join('、'))}</dd>` : '') +
    (sc.address ? `<dt>地址</dt><dd>${esc(sc.address)}</dd>` : '') + (sc.enrolment != null ? `<dt>在校生</dt><dd>${esc(sc.enrolment)}</dd>` : '') + '</dl>';
  const sup = s.supervisors.length
    ? s.supervisors.map((a) => `${link(`/admin/org/people/${a.supervisorId}`, a.supervisor)} <span class="sub">${esc(a.mobile)}，自 ${esc(a.startsOn)} 起</span>`).join('<br>')
    : `${tag('没有责任督学', 'bad')}${office ? ` ${link(`/admin/org/assignments/new?${new URLSearchParams({ 学校名称: sc.name })}`, '去挂牌')}` : ''}`;
  const contacts = s.contacts.length
    ? s.contacts.map((c) => `${link(`/admin/org/people/${c.id}`, c.name)} <span class="sub">${esc(c.mobile)}</span>${c.wecomUserId || c.wechatOpenId ? '' : ` ${tag('尚未绑定，无法接收通知', 'warn')}`}`).join('<br>')
    : tag('没有学校联系人', 'warn');
  const totalRated = s.ratings.reduce((n, r) => n + r.n, 0);
  const ratings = totalRated
    ? `<p>${RATINGS.map((r) => `${r} <b>${s.ratings.find((x) => x.rating === r)?.n ?? 0}</b>`).join('　')}</p>`
    : '<p class="sub">还没有评价。</p>';
  const visits = table(s.visits.items, [
    { head: '日期', cell: (x) => `<span class="nowrap">${x.submittedAt ? dateTime(x.submittedAt) : x.startedAt ? dateTime(x.startedAt) : esc(x.plannedOn ? chineseDate(x.plannedOn) : '')}</span>` },
    { head: '类型', cell: (x) => esc(x.type) },
    { head: '督学', cell: (x) => esc(x.supervisor) },
    { head: '状态', cell: (x) => tag(...(VISIT_STATUS[x.status] ?? [x.status, undefined])) },
    { head: '学校评价', cell: (x) => (x.rating ? tag(x.rating, x.rating === '不满意' ? 'bad' : 'ok') : '') },
    { head: '', cell: (x) => (x.status === 'recorded' || x.status === 'in_progress' ? link(`/h5/visits/${x.id}`, '纪实表') : '') },
  ], '还没有督导记录。');
  const notices = table(s.notices, [
    { head: '编号', cell: (n) => `<span class="nowrap">${link(`/admin/notices/${n.id}`, n.number)}</span>` },
    { head: '问题', cell: (n) => esc(n.problems.slice(0, 80)) },
    { head: '下达', cell: (n) => `<span class="nowrap">${esc(n.issuedOn)}</span>` },
    { head: '期限', cell: (n) => `<span class="nowrap">${esc(n.dueOn)}</span>` },
    { head: '状态', cell: (n) => statusTag(n.status) },
  ], '没有整改通知书。');
  const body = `<h1>${esc(sc.name)}</h1>
<div class="cards"><section class="card"><h2>基本情况</h2>${facts}${office ? `<p>${link(`/admin/org/schools/${sc.id}/edit`, '编辑学校')}</p>` : ''}</section>
<section class="card"><h2>责任督学</h2><p>${sup}</p><h3>学校联系人</h3><p>${contacts}</p></section>
<section class="card"><h2>学校对督导的评价</h2>${ratings}</section></div>
<h2>督导记录</h2>${visits}${pager(s.visits, `/admin/schools/${sc.id}`)}
<h2>整改通知书</h2>${notices}`;
  return page({ title: sc.name, section: 'org', viewer: v, body });
}
