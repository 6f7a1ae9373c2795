/** 今日: what the office should look at first — visits planned today and this week, messages not delivered. */
import { esc } from '../html.ts';
import { chineseDate } from '../../src/domain/deadlines.ts';
import { page, type ShellViewer } from './layout.ts';
import { link, table } from './parts.ts';

export interface PlannedVisitRow {
  id: number;
  plannedOn: string | null;
  planContent: string | null;
  schoolId: number;
  school: string;
  zone: string;
  supervisor: string;
}

export interface TodayView {
  today: string;
  week: { from: string; to: string };
  planned: { items: PlannedVisitRow[]; total: number };
  /** Messages that could not be delivered; null when the viewer may not see operations. */
  undelivered: number | null;
  /** Extra cards other features add (already rendered `<section class="card">`s). */
  panels: string[];
}

export function todayPage(v: ShellViewer, t: TodayView, notice?: string): string {
  const todays = t.planned.items.filter((r) => r.plannedOn === t.today);
  const cards = [
    `<section class="card"><h2>今日计划督导</h2><div class="big">${todays.length}</div><div class="sub">${esc(chineseDate(t.today))}</div></section>`,
    `<section class="card"><h2>本周计划督导</h2><div class="big">${t.planned.total}</div><div class="sub">${esc(chineseDate(t.week.from))}—${esc(chineseDate(t.week.to))}</div></section>`,
  ];
  if (t.undelivered !== null) {
    cards.push(`<section class="card"><h2>发送失败的消息</h2><div class="big ${t.undelivered ? 'bad' : 'ok'}">${t.undelivered}</div>` +
      `<div class="sub">${t.undelivered ? link('/admin/ops/messages', '查看并重发') : '全部送达'}</div></section>`);
  }
  const rows = table(t.planned.items, [
    { head: '日期', cell: (r) => `<span class="nowrap">${esc(r.plannedOn ? chineseDate(r.plannedOn) : '')}</span>${r.plannedOn === t.today ? ' <span class="tag warn">今天</span>' : ''}` },
    { head: '学校', cell: (r) => link(`/admin/schools/${r.schoolId}`, r.school) },
    { head: '责任区', cell: (r) => esc(r.zone) },
    { head: '督学', cell: (r) => esc(r.supervisor) },
    { head: '计划内容', cell: (r) => esc(r.planContent ?? '') },
  ], '本周没有计划中的督导。');
  const more = t.planned.total > t.planned.items.length ? `<p class="sub">只显示前 ${t.planned.items.length} 条，共 ${t.planned.total} 条。</p>` : '';
  const body = `<h1>今日 <span class="sub">${esc(chineseDate(t.today))}</span></h1>
<div class="cards">${cards.join('')}${t.panels.join('')}</div>
<h2>本周计划的督导</h2>${rows}${more}`;
  return page({ title: '今日', section: 'today', viewer: v, body, notice: notice ? { kind: 'ok', text: notice } : undefined });
}
