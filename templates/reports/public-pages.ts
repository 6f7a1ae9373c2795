/**
 * The public pages (/reports, /reports/:id, /reports/schools/:id): server-rendered, mobile-first, Chinese. The
 * article body is the report's own HTML (inline styles, sanitized), with images pointing at /reports/:id/images/.
 */
import { esc, escLines } from '../html.ts';
import { KIND_LABEL } from './text.ts';
import type { ReportKind } from '../../src/domain/report-lifecycle.ts';

export interface PublicListItem {
  id: number;
  title: string;
  kind: ReportKind;
  digest: string | null;
  publishedOn: string;
  school: string | null;
}

const CSS = `
*{box-sizing:border-box}body{margin:0;font-family:"PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;background:#f4f6f9;color:#222}
header{background:#1f4e79;color:#fff;padding:14px 16px}header a{color:#fff;text-decoration:none}header h1{margin:0;font-size:18px}
main{max-width:720px;margin:0 auto;padding:12px}
.card{display:block;background:#fff;border-radius:8px;padding:14px 16px;margin:0 0 10px;color:inherit;text-decoration:none;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.card h2{margin:0 0 6px;font-size:17px;line-height:1.4}.meta{color:#777;font-size:13px;margin:0 0 6px}.digest{margin:0;color:#444;font-size:14px;line-height:1.6}
.tag{display:inline-block;background:#eef3f8;color:#1f4e79;border-radius:4px;padding:1px 6px;font-size:12px;margin-right:6px}
article{background:#fff;border-radius:8px;padding:16px;overflow-wrap:anywhere}article h1{font-size:21px;line-height:1.4;margin:0 0 8px}
article img{max-width:100%;height:auto}article table{display:block;overflow-x:auto}
.empty{text-align:center;color:#888;padding:40px 0}footer{text-align:center;color:#999;font-size:12px;padding:20px}
h2.section{font-size:16px;color:#1f4e79;margin:18px 4px 8px}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`
    + `<title>${esc(title)}</title><style>${CSS}</style></head><body><header><a href="/reports"><h1>督导报告公开</h1></a></header>`
    + `<main>${body}</main><footer>责任督学挂牌督导 · 督导结论由教育督导部门公开</footer></body></html>`;
}

function card(r: PublicListItem): string {
  return `<a class="card" href="/reports/${r.id}"><h2>${esc(r.title)}</h2>`
    + `<p class="meta"><span class="tag">${esc(KIND_LABEL[r.kind])}</span>${esc(r.publishedOn)}${r.school ? `　${esc(r.school)}` : ''}</p>`
    + `${r.digest ? `<p class="digest">${esc(r.digest)}</p>` : ''}</a>`;
}

export function reportListPage(items: PublicListItem[]): string {
  return page('督导报告', items.length ? items.map(card).join('') : '<p class="empty">暂无已发布的督导报告</p>');
}

export function reportPage(r: { title: string; kind: ReportKind; officeName: string; publishedOn: string; bodyHtml: string; school: { id: number; name: string } | null }): string {
  return page(r.title, `<article><h1>${esc(r.title)}</h1>`
    + `<p class="meta"><span class="tag">${esc(KIND_LABEL[r.kind])}</span>${esc(r.officeName)}　${esc(r.publishedOn)}`
    + `${r.school ? `　<a href="/reports/schools/${r.school.id}">${esc(r.school.name)}</a>` : ''}</p>${r.bodyHtml}</article>`);
}

export function schoolPage(s: { name: string; reports: PublicListItem[]; rectifications: { noticeNumber: string; problems: string; issuedOn: string; summary: string; publishedOn: string }[] }): string {
  const reports = s.reports.length ? s.reports.map(card).join('') : '<p class="empty">暂无已发布的督导报告</p>';
  const outcomes = s.rectifications.length
    ? s.rectifications.map((o) => `<div class="card"><h2>${esc(o.noticeNumber)}</h2><p class="meta">下达 ${esc(o.issuedOn)}　公布 ${esc(o.publishedOn)}</p>`
      + `<p class="digest">问题：${escLines(o.problems)}</p><p class="digest">整改情况：${escLines(o.summary)}</p></div>`).join('')
    : '<p class="empty">暂无公布的整改情况</p>';
  return page(`${s.name} 督导报告`, `<h2 class="section">${esc(s.name)} · 督导报告</h2>${reports}<h2 class="section">整改情况公布</h2>${outcomes}`);
}

export const notFoundPage = () => page('未找到', '<p class="empty">该报告不存在或已撤回</p>');
