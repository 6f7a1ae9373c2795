/**
 * The report documents as article HTML: inline styles only (the official account's editor strips <style> and
 * scripts), images as <img src="report-image:ID"> that publishing replaces with uploaded URLs and the public page
 * with its own image route. One renderer per view model (services/report-documents.ts builds them).
 */
import { esc, escLines } from '../html.ts';
import type { PeriodFigures } from '../../src/services/report-figures.ts';

const S = {
  body: 'font-size:16px;line-height:1.75;color:#222;',
  h2: 'font-size:18px;font-weight:bold;color:#1f4e79;margin:20px 0 8px;padding-left:8px;border-left:4px solid #1f4e79;',
  p: 'margin:0 0 10px;',
  meta: 'margin:0 0 12px;color:#666;font-size:14px;',
  table: 'width:100%;border-collapse:collapse;font-size:14px;margin:0 0 12px;',
  th: 'border:1px solid #c8d3de;background:#eef3f8;padding:6px;text-align:left;',
  td: 'border:1px solid #c8d3de;padding:6px;',
  num: 'border:1px solid #c8d3de;padding:6px;text-align:right;',
  img: 'display:block;width:100%;height:auto;margin:8px 0;',
  li: 'margin:0 0 6px;',
  strong: 'color:#c0392b;font-weight:bold;',
};

const h2 = (t: string) => `<h2 style="${S.h2}">${esc(t)}</h2>`;
const p = (t: string) => `<p style="${S.p}">${t}</p>`;
const img = (id: number, alt: string) => `<p style="${S.p}"><img src="report-image:${id}" alt="${esc(alt)}" style="${S.img}"></p>`;
const list = (items: string[], tag: 'ol' | 'ul' = 'ol') => items.length
  ? `<${tag} style="margin:0 0 10px;padding-left:22px;">${items.map((i) => `<li style="${S.li}">${escLines(i)}</li>`).join('')}</${tag}>`
  : p('无');
const table = (head: string[], rows: (string | number)[][], numeric: boolean[] = []) =>
  `<table style="${S.table}"><tr>${head.map((h) => `<th style="${S.th}">${esc(h)}</th>`).join('')}</tr>`
  + rows.map((r) => `<tr>${r.map((c, i) => `<td style="${numeric[i] ? S.num : S.td}">${esc(c)}</td>`).join('')}</tr>`).join('')
  + '</table>';
const wrap = (inner: string) => `<section style="${S.body}">${inner}</section>`;

export const rate = (r: number | null) => (r === null ? '—' : `${r}%`);

export interface BulletinView {
  officeName: string;
  periodLabel: string;
  figures: PeriodFigures;
  charts: { visits?: number; items?: number; zones?: number; months?: number };
}

export function renderBulletin(v: BulletinView): string {
  const f = v.figures;
  const scope = f.zone ? f.zone.name : '全区';
  const parts: string[] = [
    `<p style="${S.meta}">${esc(v.officeName)}　${esc(v.periodLabel)}（${esc(f.firstDay)} 至 ${esc(f.lastDay)}）</p>`,
    h2('一、总体情况'),
    p(`${esc(v.periodLabel)}，${esc(scope)}责任督学共开展督导 <strong style="${S.strong}">${f.visits}</strong> 次，覆盖学校 ${f.schools.filter((s) => s.visits > 0).length} 所（共 ${f.schools.length} 所）；`
      + `按每校每月 ${f.quota / Math.max(1, f.visitsByMonth.length)} 次的要求，未达到督导次数的学校 ${f.schoolsBelowQuota} 所。`
      + `发现问题 ${f.problems} 个，下达整改通知书 ${f.noticesIssued} 份，已整改 ${f.noticesRectified} 份，整改率 ${rate(f.rectificationRate)}；`
      + `截至 ${esc(f.asOf)} 逾期未整改 ${f.overdue} 份。`),
  ];
  if (f.zones.length) {
    parts.push(h2('二、各责任区情况'));
    if (v.charts.zones) parts.push(img(v.charts.zones, '各责任区督导次数'));
    parts.push(table(['责任区', '学校数', '督导次数', '未达标学校', '发现问题', '整改通知书', '已整改'],
      f.zones.map((z) => [z.name, z.schools, z.visits, z.schoolsBelowQuota, z.problems, z.noticesIssued, z.noticesRectified]),
      [false, true, true, true, true, true, true]));
  }
  if (f.zones.length) {
    // The district's article lists only the schools below the quota: a table of every school would outgrow the
    // official account's 20 000-character limit in a large district (the zone reports have the full table).
    const below = f.schools.filter((s) => !s.met);
    parts.push(h2('三、未达到督导次数的学校'));
    parts.push(p(below.length ? esc(below.map((s) => `${s.name}（${s.visits}次）`).join('、')) : '无'));
  } else {
    parts.push(h2('二、各校督导次数'));
    if (v.charts.visits) parts.push(img(v.charts.visits, '各校督导次数'));
    parts.push(table(['学校', '督导次数', `要求（${f.quota}次）`], f.schools.map((s) => [s.name, s.visits, s.met ? '达到' : '未达到']), [false, true, false]));
  }
  if (f.visitsByMonth.length > 1) {
    if (v.charts.months) parts.push(img(v.charts.months, '各月督导次数'));
    parts.push(table(['月份', '督导次数'], f.visitsByMonth.map((m) => [m.month, m.visits]), [false, true]));
  }
  parts.push(h2(`${f.zones.length ? '四' : '三'}、发现问题（按督导事项）`));
  if (v.charts.items) parts.push(img(v.charts.items, '问题按督导事项分布'));
  parts.push(table(['督导事项', '问题数'], f.problemsByItem.map((i) => [`${i.code}. ${i.title}`, i.count]), [false, true]));
  parts.push(h2(`${f.zones.length ? '五' : '四'}、整改与例会`));
  parts.push(p(`整改通知书 ${f.noticesIssued} 份，已整改 ${f.noticesRectified} 份，整改率 ${rate(f.rectificationRate)}，逾期 ${f.overdue} 份。`));
  parts.push(p(f.meetings
    ? `召开督导例会 ${f.meetings.held} 次，应到 ${f.meetings.expected} 人次，实到 ${f.meetings.attended} 人次。`
    : '例会情况：暂无数据。'));
  parts.push(h2(`${f.zones.length ? '六' : '五'}、典型经验与亮点`));
  parts.push(list(f.goodPractices.map((g) => `${g.school}：${g.text}`)));
  return wrap(parts.join(''));
}

export interface VisitReportView {
  officeName: string;
  school: string;
  zone: string;
  day: string;
  supervisors: string[];
  type: string;
  items: string[];
  methods: string[];
  narrative: string | null;
  strengths: string[];
  weaknesses: string[];
  suggestions: string[];
  problems: { text: string; number: string | null; dueOn: string | null }[];
  photos: number[];
}

export function renderVisitReport(v: VisitReportView): string {
  return wrap([
    `<p style="${S.meta}">${esc(v.zone)}　${esc(v.type)}　${esc(v.day)}　责任督学：${esc(v.supervisors.join('、'))}</p>`,
    h2('督导事项'),
    list(v.items, 'ul'),
    ...(v.methods.length ? [p(`督导方式：${esc(v.methods.join('、'))}`)] : []),
    ...(v.narrative ? [h2('督导纪实'), p(escLines(v.narrative))] : []),
    h2('亮点'), list(v.strengths),
    h2('不足'), list(v.weaknesses),
    h2('建议'), list(v.suggestions),
    h2('整改要求'),
    list(v.problems.map((pr) => `${pr.text}${pr.number ? `（${pr.number}，限${pr.dueOn ?? ''}前整改）` : ''}`)),
    ...v.photos.map((id) => img(id, '督导现场照片')),
    `<p style="${S.meta}">${esc(v.officeName)}</p>`,
  ].join(''));
}

export interface ExemplaryView {
  zone: string;
  date: string;
  school: string;
  name: string;
  content: string;
  promotion: string;
  zoneOpinion: { text: string; by: string } | null;
  officeOpinion: { text: string; by: string } | null;
}

/** 附件7 清远市学校先进典型和经验推荐表, as an article. */
export function renderExemplary(v: ExemplaryView): string {
  const opinion = (o: ExemplaryView['zoneOpinion'], who: string) => (o ? `${escLines(o.text)}<br>${who}：${esc(o.by)}` : '（待审核）');
  return wrap([
    `<p style="${S.meta}">${esc(v.zone)}　${esc(v.date)}</p>`,
    `<table style="${S.table}">`,
    `<tr><th style="${S.th}">推荐学校</th><td style="${S.td}">${esc(v.school)}</td></tr>`,
    `<tr><th style="${S.th}">典型经验名称</th><td style="${S.td}">${esc(v.name)}</td></tr>`,
    `<tr><th style="${S.th}">具体内容</th><td style="${S.td}">${escLines(v.content)}</td></tr>`,
    `<tr><th style="${S.th}">建议推广方式</th><td style="${S.td}">${escLines(v.promotion)}</td></tr>`,
    `<tr><th style="${S.th}">责任区意见</th><td style="${S.td}">${opinion(v.zoneOpinion, '组长')}</td></tr>`,
    `<tr><th style="${S.th}">督导室意见</th><td style="${S.td}">${opinion(v.officeOpinion, '负责人')}</td></tr>`,
    '</table>',
  ].join(''));
}
