/**
 * 报告 in the console: the list by status, compiling a month's or quarter's drafts, and one report — its personal-data
 * flags highlighted in the text, each fixed (replaced) or kept with a reason, its photos marked publishable or not,
 * a preview as the official account will show it, and the steps (submit, approve, publish, withdraw) with the
 * publication's status.
 */
import { esc } from '../html.ts';
import type { Paged } from '../../src/domain/paging.ts';
import type { ReportStatus, ReportStep } from '../../src/domain/report-lifecycle.ts';
import { REPORT_STATUSES_SHOWN } from './report-text.ts';
import type { ReportDetail } from '../../src/services/reports.ts';
import { withImageUrls } from '../../src/domain/report-html.ts';
import { FLAG_LABEL, KIND_LABEL, STATUS_LABEL } from '../reports/text.ts';
import { page, type Notice, type ShellViewer } from './layout.ts';
import { dateTime, field, link, pager, table, tag } from './parts.ts';

const statusKind = (s: ReportStatus) => (s === 'published' ? 'ok' : s === 'publish_failed' ? 'bad' : s === 'submitted' || s === 'zone_approved' || s === 'publishing' ? 'warn' : undefined);
export const reportStatusTag = (s: ReportStatus) => tag(STATUS_LABEL[s], statusKind(s));

export interface ReportListRow { id: number; kind: keyof typeof KIND_LABEL; title: string; period: string | null; status: ReportStatus; updatedAt: Date; publishError: string | null; articleUrl: string | null }

export function reportsPage(v: ShellViewer, list: Paged<ReportListRow>, f: { status?: ReportStatus }, opts: { canCompile: boolean; notice?: Notice; period?: string; visits: { id: number; school: string; supervisor: string; submittedAt: Date | null }[] }): string {
  const opt = (value: string, label: string) => `<option value="${esc(value)}"${value === (f.status ?? '') ? ' selected' : ''}>${esc(label)}</option>`;
  const filters = `<form class="filters" method="get" action="/admin/reports"><label>状态<select name="status">${opt('', '全部')}${REPORT_STATUSES_SHOWN.map((s) => opt(s, STATUS_LABEL[s])).join('')}</select></label><button type="submit">筛选</button></form>`;
  const compile = opts.canCompile ? `<form class="filters" method="post" action="/admin/reports/compile"><label>汇编月报或季报<input type="text" name="period" value="${esc(opts.period ?? '')}" placeholder="2026-05 或 2026-Q2" required></label><button type="submit" class="secondary">生成草稿</button></form>` : '';
  const fromVisit = opts.visits.length ? `<form class="filters" method="post" action="/admin/reports/from-visit"><label>从督导记录生成督导报告<select name="visitId">${opts.visits.map((x) => `<option value="${x.id}">${esc(x.school)} · ${esc(x.supervisor)} · ${dateTime(x.submittedAt)}</option>`).join('')}</select></label><button type="submit" class="secondary">生成报告草稿</button></form>` : '';
  const rows = table(list.items, [
    { head: '报告', cell: (r) => link(`/admin/reports/${r.id}`, r.title) },
    { head: '类型', cell: (r) => esc(KIND_LABEL[r.kind]) + (r.period ? ` <span class="sub">${esc(r.period)}</span>` : ''), wide: true },
    { head: '状态', cell: (r) => reportStatusTag(r.status) + (r.publishError ? `<div class="err-cell">${esc(r.publishError)}</div>` : '') },
    { head: '更新', cell: (r) => `<span class="nowrap">${dateTime(r.updatedAt)}</span>`, wide: true },
  ], '没有符合条件的报告。');
  return page({ title: '报告', section: 'reports', viewer: v, notice: opts.notice, body: `<h1>报告</h1>${filters}<div class="cards"><div>${compile}</div><div>${fromVisit}</div></div>${rows}${pager(list, '/admin/reports', { status: f.status })}` });
}

/** The body with each flagged passage marked: open ones to fix, kept ones quietly. */
export function highlighted(html: string, flags: ReportDetail['flags']): string {
  const marks = flags.filter((f) => f.kind !== 'photo' && f.status !== 'fixed').sort((a, b) => b.matched.length - a.matched.length);
  // Text between tags is already escaped HTML, so the flagged text is looked for in its escaped form.
  return html.split(/(<[^>]*>)/).map((part) => {
    if (part.startsWith('<')) return part;
    let pieces = [part];
    for (const f of marks) {
      const text = esc(f.matched);
      const mark = `<mark class="${f.status === 'open' ? 'flag' : 'flag-kept'}" title="${esc(FLAG_LABEL[f.kind as keyof typeof FLAG_LABEL] ?? f.kind)}">${text}</mark>`;
      pieces = pieces.flatMap((p) => (p.startsWith('<mark') ? [p] : p.split(text).flatMap((t, i) => (i === 0 ? [t] : [mark, t]))));
    }
    return pieces.join('');
  }).join('');
}

export function reportPage(v: ShellViewer, d: ReportDetail, opts: { steps: ReportStep[]; notice?: Notice; values?: Record<string, string> }): string {
  const r = d.report;
  const id = r.id;
  const can = (s: ReportStep) => opts.steps.includes(s);
  const open = d.flags.filter((f) => f.status === 'open');
  const facts = `<dl class="facts"><dt>类型</dt><dd>${esc(KIND_LABEL[r.kind])}${r.period ? `（${esc(r.period)}）` : ''}</dd><dt>状态</dt><dd>${reportStatusTag(r.status)}</dd>
${r.digest ? `<dt>摘要</dt><dd>${esc(r.digest)}</dd>` : ''}${r.approvedAt ? `<dt>审核通过</dt><dd>${dateTime(r.approvedAt)}</dd>` : ''}
${r.publishedAt ? `<dt>发布时间</dt><dd>${dateTime(r.publishedAt)}</dd>` : ''}${r.articleUrl ? `<dt>公众号文章</dt><dd><a href="${esc(r.articleUrl)}">${esc(r.articleUrl)}</a></dd>` : ''}
${r.status === 'published' ? `<dt>公开页面</dt><dd>${link(`/reports/${id}`, `/reports/${id}`)}</dd>` : ''}
${r.publishError ? `<dt>发布失败</dt><dd class="err-cell">${esc(r.publishError)}</dd>` : ''}${r.withdrawnAt ? `<dt>撤回时间</dt><dd>${dateTime(r.withdrawnAt)}</dd>` : ''}</dl>`;
  const flagRows = table(d.flags, [
    { head: '类型', cell: (f) => esc(FLAG_LABEL[f.kind as keyof typeof FLAG_LABEL] ?? f.kind) },
    { head: '内容', cell: (f) => (f.kind === 'photo' ? '照片' : f.status === 'fixed' ? `<s>${esc(f.matched)}</s>` : `<mark class="${f.status === 'open' ? 'flag' : 'flag-kept'}">${esc(f.matched)}</mark>`) },
    { head: '处理', cell: (f) => (f.status === 'open' ? tag('待处理', 'bad') : f.status === 'fixed' ? tag('已修改', 'ok') : `${tag('保留', 'ok')}<div class="sub">理由：${esc(f.reason ?? '')}</div>`) },
    { head: '', cell: (f) => (f.status !== 'open' || !can('edit') ? '' : f.kind === 'photo' ? '<span class="sub">在下方“照片”中标记是否可公开</span>' : `
<form class="inline-form" method="post" action="/admin/reports/${id}/flags/${f.id}/fix"><label class="vh" for="fix-${f.id}">改为</label><input id="fix-${f.id}" type="text" name="replacement" value="${esc(opts.values?.[`fix-${f.id}`] ?? '')}" placeholder="改为，如：某同学、（已隐去）" required><button type="submit">修改</button></form>
<form class="inline-form" method="post" action="/admin/reports/${id}/flags/${f.id}/accept"><label class="vh" for="keep-${f.id}">保留理由</label><input id="keep-${f.id}" type="text" name="reason" placeholder="保留理由，如：获奖公示已征得本人同意" required><button type="submit" class="secondary">保留</button></form>`) },
  ], '没有发现个人信息。');
  const photos = d.images.filter((i) => i.kind === 'photo');
  const photoRows = photos.length ? table(photos, [
    { head: '照片', cell: (i) => `<img class="thumb" src="/admin/reports/${id}/images/${i.id}" alt="${esc(i.caption ?? '督导照片')}">` },
    { head: '说明', cell: (i) => esc(i.caption ?? '') },
    { head: '可公开', cell: (i) => (i.publishable ? tag('可公开', 'ok') : tag('不公开', 'warn')) },
    { head: '', cell: (i) => (can('edit') ? `<form method="post" action="/admin/reports/${id}/images/${i.id}"><input type="hidden" name="publishable" value="${i.publishable ? '0' : '1'}"><button type="submit" class="secondary">${i.publishable ? '改为不公开' : '标记为可公开'}</button></form>` : '') },
  ], '') : '';
  const preview = withImageUrls(d.report.bodyHtml, (imageId) => (d.images.find((i) => i.id === imageId)?.publishable ? `/admin/reports/${id}/images/${imageId}` : null));
  const stepForm = (step: string, label: string, extra = '', kind = '') => `<form method="post" action="/admin/reports/${id}/${step}">${extra}<button type="submit"${kind ? ` class="${kind}"` : ''}>${esc(label)}</button></form>`;
  const actions: string[] = [];
  if (can('submit')) actions.push(stepForm('submit', '提交审核', '', 'secondary'));
  if (can('zone_approve')) actions.push(stepForm('zone-approve', '责任区审核通过', field({ name: 'opinion', label: '责任区意见', type: 'textarea', required: true })));
  if (can('approve')) {
    actions.push(open.length
      ? `<p class="err-cell">还有 ${open.length} 处个人信息未处理：逐条修改或写明理由保留后才能审核通过。</p>`
      : stepForm('approve', '审核通过', r.kind === 'exemplary' ? field({ name: 'opinion', label: '督导室意见', type: 'textarea' }) : ''));
  }
  if (can('publish')) actions.push(stepForm('publish', r.status === 'publish_failed' ? '重新发布' : '发布到公众号和公开页面'));
  if (can('withdraw')) actions.push(stepForm('withdraw', '撤回（公开页面立即下线，并从公众号删除）', '', 'danger'));
  const body = `<h1>${esc(r.title)}</h1><p>${link('/admin/reports', '返回报告列表')}</p>
<div class="cards"><section class="card"><h2>基本情况</h2>${facts}</section><section class="card"><h2>操作</h2>${actions.join('') || '<p class="sub">当前没有可进行的操作。</p>'}</section></div>
<h2>个人信息检查 <span class="sub">${open.length ? `待处理 ${open.length} 处` : '已全部处理'}</span></h2>${flagRows}
${photoRows ? `<h2>照片</h2><p class="sub">学生面部、姓名等未经同意不得公开；只有标记为“可公开”的照片会出现在公众号文章中。</p>${photoRows}` : ''}
<div class="cards"><section class="card"><h2>正文（标出的是个人信息）</h2><div class="report-text">${highlighted(d.report.bodyHtml.replace(/<img\b[^>]*>/g, '[图片]'), d.flags)}</div></section>
<section class="card"><h2>公众号预览</h2><div class="phone"><h3>${esc(r.title)}</h3>${preview}</div></section></div>`;
  return page({ title: r.title, section: 'reports', viewer: v, notice: opts.notice, body });
}

/** Today's card: reports waiting for the office's approval. */
export function reportsPanel(waiting: Paged<ReportListRow>): string {
  const items = waiting.items.slice(0, 5).map((r) => `<li>${link(`/admin/reports/${r.id}`, r.title)} ${reportStatusTag(r.status)}</li>`).join('');
  return `<section class="card"><h2>待审核的报告</h2><div class="big${waiting.total ? ' bad' : ' ok'}">${waiting.total}</div>${items ? `<ul>${items}</ul>` : '<p class="sub">没有待审核的报告。</p>'}${waiting.total > 5 ? `<p>${link('/admin/reports?status=submitted', '查看全部')}</p>` : ''}</section>`;
}
