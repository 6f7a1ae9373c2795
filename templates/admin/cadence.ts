/**
 * 督导进度 (cadence): submitted visits per school and month against the office's monthly quota — red below it, green
 * at or above — grouped by zone, with a month picker, and an inline SVG trend (no CDN, no script): for each month,
 * the share of schools that reached the quota.
 */
import { esc } from '../html.ts';
import { page, type ShellViewer } from './layout.ts';
import { link } from './parts.ts';

export interface CadenceRow {
  schoolId: number;
  school: string;
  zoneId: number;
  zone: string;
  /** Submitted visits, one per month shown (oldest first). */
  counts: number[];
}

export interface CadenceView {
  /** 'YYYY-MM', oldest first; the last one is the month picked. */
  months: string[];
  quota: number;
  rows: CadenceRow[];
  zones: { id: number; name: string }[];
  zoneId?: number;
}

const monthLabel = (m: string) => `${Number(m.slice(0, 4))}年${Number(m.slice(5, 7))}月`;
const shortMonth = (m: string) => `${Number(m.slice(5, 7))}月`;

/** The trend: per month, how many schools reached the quota (bars), out of all schools shown. */
export function trendSvg(v: CadenceView): string {
  const w = 640;
  const h = 180;
  const left = 40;
  const bottom = 30;
  const n = v.months.length;
  const total = v.rows.length || 1;
  const slot = (w - left - 10) / n;
  const bars = v.months.map((m, i) => {
    const met = v.rows.filter((r) => r.counts[i] >= v.quota).length;
    const share = met / total;
    const bh = Math.round((h - bottom - 20) * share);
    const x = Math.round(left + i * slot + slot * 0.2);
    const y = h - bottom - bh;
    return `<rect class="${share >= 1 ? 'bar-ok' : 'bar'}" x="${x}" y="${y}" width="${Math.round(slot * 0.6)}" height="${bh}"><title>${esc(monthLabel(m))}：${met}/${v.rows.length} 所学校达标</title></rect>` +
      `<text x="${Math.round(x + slot * 0.3)}" y="${y - 4}" text-anchor="middle" class="bar-label">${Math.round(share * 100)}%</text>` +
      `<text x="${Math.round(x + slot * 0.3)}" y="${h - bottom + 16}" text-anchor="middle" class="axis">${esc(shortMonth(m))}</text>`;
  }).join('');
  const axis = `<line x1="${left}" y1="${h - bottom}" x2="${w - 5}" y2="${h - bottom}" class="axis-line"/>` +
    `<text x="${left - 6}" y="${h - bottom}" text-anchor="end" class="axis">0%</text><text x="${left - 6}" y="24" text-anchor="end" class="axis">100%</text>`;
  return `<svg class="grid-chart" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="各月达标学校占比">${axis}${bars}</svg>`;
}

export function cadencePage(v: ShellViewer, c: CadenceView): string {
  const picked = c.months[c.months.length - 1];
  const zoneSelect = v.role === 'office'
    ? `<label>责任区<select name="zoneId"><option value="">全部</option>${c.zones.map((z) => `<option value="${z.id}"${z.id === c.zoneId ? ' selected' : ''}>${esc(z.name)}</option>`).join('')}</select></label>` : '';
  const filters = `<form class="filters" method="get" action="/admin/cadence"><label>月份<input type="month" name="month" value="${esc(picked)}"></label>${zoneSelect}<button type="submit">查看</button></form>`;
  const below = c.rows.filter((r) => r.counts[r.counts.length - 1] < c.quota).length;
  const summary = `<p>${esc(monthLabel(picked))}：每校每月至少 <b>${c.quota}</b> 次督导。${c.rows.length} 所学校中 <b class="${below ? 'err-cell' : ''}">${below} 所未达标</b>。<span class="legend"><span class="tag bad">未达标</span> <span class="tag ok">已达标</span></span></p>`;
  const head = `<tr><th scope="col">学校</th>${c.months.map((m, i) => `<th scope="col" class="num${i === c.months.length - 1 ? ' current' : ''}">${esc(shortMonth(m))}</th>`).join('')}</tr>`;
  const groups = c.zones.filter((z) => c.rows.some((r) => r.zoneId === z.id)).map((z) => {
    const rows = c.rows.filter((r) => r.zoneId === z.id).map((r) => `<tr><th scope="row" class="school">${link(`/admin/schools/${r.schoolId}`, r.school)}</th>${r.counts.map((n, i) =>
      `<td class="num cell ${n >= c.quota ? 'met' : 'short'}${i === r.counts.length - 1 ? ' current' : ''}" title="${esc(monthLabel(c.months[i]))}：${n} 次">${n}</td>`).join('')}</tr>`).join('');
    return `<tbody><tr class="zone-row"><th colspan="${c.months.length + 1}" scope="rowgroup">${esc(z.name)}</th></tr>${rows}</tbody>`;
  }).join('');
  const grid = c.rows.length ? `<div class="scroll"><table class="cadence"><thead>${head}</thead>${groups}</table></div>` : '<p class="empty">没有学校。</p>';
  const body = `<h1>督导进度</h1>${filters}${summary}<section class="card"><h2>各月达标学校占比</h2>${trendSvg(c)}</section><h2>每校每月提交的督导次数</h2>${grid}`;
  return page({ title: '督导进度', section: 'cadence', viewer: v, body });
}
