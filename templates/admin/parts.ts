/** Pieces every console screen uses: tables, the pager, form fields, filters, status tags. */
import { esc } from '../html.ts';
import type { Paged } from '../../src/domain/paging.ts';

export interface Column<T> {
  head: string;
  cell: (row: T) => string;
  num?: boolean;
  /** Secondary: left out on a phone's narrow screen. */
  wide?: boolean;
}

const cls = (c: { num?: boolean; wide?: boolean }) => {
  const names = [c.num && 'num', c.wide && 'wide'].filter(Boolean);
  return names.length ? ` class="${names.join(' ')}"` : '';
};

/** A table in a horizontally scrolling box (phones), or a sentence when there is nothing. */
export function table<T>(rows: T[], columns: Column<T>[], empty: string, caption?: string): string {
  if (rows.length === 0) return `<p class="empty">${esc(empty)}</p>`;
  const head = columns.map((c) => `<th scope="col"${cls(c)}>${esc(c.head)}</th>`).join('');
  const body = rows.map((r) => `<tr>${columns.map((c) => `<td${cls(c)}>${c.cell(r)}</td>`).join('')}</tr>`).join('');
  return `<div class="scroll"><table>${caption ? `<caption class="sub">${esc(caption)}</caption>` : ''}<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

/** 第 2 / 5 页 with previous/next links that keep the other query parameters. */
export function pager(p: Pick<Paged<unknown>, 'page' | 'pages' | 'total'>, base: string, query: Record<string, string | undefined> = {}): string {
  if (p.pages <= 1) return `<div class="pager">共 ${p.total} 条</div>`;
  const link = (page: number) => {
    const qs = new URLSearchParams(Object.entries({ ...query, page: String(page) }).filter((e): e is [string, string] => !!e[1]));
    return `${base}?${qs}`;
  };
  const prev = p.page > 1 ? `<a href="${esc(link(p.page - 1))}" rel="prev">上一页</a>` : '';
  const next = p.page < p.pages ? `<a href="${esc(link(p.page + 1))}" rel="next">下一页</a>` : '';
  return `<nav class="pager" aria-label="分页">${prev}<span>第 ${p.page} / ${p.pages} 页，共 ${p.total} 条</span>${next}</nav>`;
}

export const link = (href: string, text: unknown) => `<a href="${esc(href)}">${esc(text)}</a>`;
export const tag = (text: string, kind?: 'ok' | 'bad' | 'warn') => `<span class="tag${kind ? ` ${kind}` : ''}">${esc(text)}</span>`;

export interface FieldInput {
  name: string;
  label: string;
  value?: string;
  type?: 'text' | 'date' | 'datetime-local' | 'number' | 'month' | 'password' | 'textarea';
  required?: boolean;
  readonly?: boolean;
  hint?: string;
  problem?: string;
  options?: { value: string; label: string }[];
  /** For a select: allow leaving it empty. */
  blank?: string;
  autocomplete?: string;
}

let fieldSeq = 0;

/** A labelled field; its problem (if any) is shown under it and tied to it for screen readers. */
export function field(f: FieldInput): string {
  const id = `f${++fieldSeq}`;
  const describe = [f.hint ? `${id}-h` : '', f.problem ? `${id}-p` : ''].filter(Boolean).join(' ');
  const attrs = `id="${id}" name="${esc(f.name)}"${f.required ? ' required' : ''}${f.readonly ? ' readonly' : ''}${describe ? ` aria-describedby="${describe}"` : ''}${f.problem ? ' aria-invalid="true"' : ''}${f.autocomplete ? ` autocomplete="${f.autocomplete}"` : ''}`;
  let control: string;
  if (f.options) {
    const blank = f.blank !== undefined ? `<option value="">${esc(f.blank)}</option>` : '';
    control = `<select ${attrs}>${blank}${f.options.map((o) => `<option value="${esc(o.value)}"${o.value === (f.value ?? '') ? ' selected' : ''}>${esc(o.label)}</option>`).join('')}</select>`;
  } else if (f.type === 'textarea') {
    control = `<textarea ${attrs}>${esc(f.value)}</textarea>`;
  } else {
    control = `<input type="${f.type ?? 'text'}" ${attrs} value="${esc(f.value)}">`;
  }
  return `<div class="field${f.problem ? ' has-error' : ''}"><label for="${id}">${esc(f.label)}${f.required ? ' *' : ''}</label><div>${control}` +
    `${f.hint ? `<div class="hint" id="${id}-h">${esc(f.hint)}</div>` : ''}${f.problem ? `<div class="problem" id="${id}-p">${esc(f.problem)}</div>` : ''}</div></div>`;
}

/** A one-button form that posts to `action` (an office action on a record). */
export function actionButton(action: string, label: string, opts: { danger?: boolean; hidden?: Record<string, string> } = {}): string {
  const hidden = Object.entries(opts.hidden ?? {}).map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join('');
  return `<form class="inline" method="post" action="${esc(action)}">${hidden}<button type="submit"${opts.danger ? ' class="danger"' : ''}>${esc(label)}</button></form>`;
}

export const dateTime = (d: Date | null | undefined): string => {
  if (!d) return '';
  const s = d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  return esc(s);
};
