/**
 * 整改通知书 numbers: unique per office and year, allocated in sequence and never reused. The office chooses the
 * layout; `{prefix}`, `{year}` and `{seq}` are replaced (default 渡督整〔2026〕12号).
 */
export const DEFAULT_NOTICE_FORMAT = '{prefix}〔{year}〕{seq}号';

export interface NoticeNumberParts {
  prefix: string;
  year: number;
  seq: number;
}

export function formatNoticeNumber(format: string | null | undefined, p: NoticeNumberParts): string {
  const f = format && format.includes('{seq}') ? format : DEFAULT_NOTICE_FORMAT;
  return f.replaceAll('{prefix}', p.prefix).replaceAll('{year}', String(p.year)).replaceAll('{seq}', String(p.seq));
}

/** The short form a school contact types in a reply: `12号` → 12, `第12号` → 12; null when absent. */
export function parseNoticeSeq(text: string): number | null {
  const m = /(?:^|[^\d])(\d{1,6})\s*号/.exec(text);
  return m ? Number(m[1]) : null;
}

export interface NoticeRef {
  /** The year when the full number (渡督整〔2026〕12号) was given. */
  year?: number;
  seq: number;
  /** The text after the number. */
  rest: string;
}

/**
 * A notice number at the start of what someone typed: `12号`, `第12号`, `渡督整〔2026〕12号` (any brackets, the
 * prefix optional), or a bare `12` followed by a space; null when the text does not start with one.
 */
export function parseNoticeRef(text: string): NoticeRef | null {
  const t = text.trim();
  const full = /^[^\s\d〔［\[（(【]{0,12}[〔［\[（(【]\s*(\d{4})\s*[〕］\]）)】]\s*第?\s*(\d{1,6})\s*号/u.exec(t);
  if (full) return { year: Number(full[1]), seq: Number(full[2]), rest: t.slice(full[0].length).trim() };
  const short = /^第?\s*(\d{1,6})\s*号/u.exec(t);
  if (short) return { seq: Number(short[1]), rest: t.slice(short[0].length).trim() };
  const bare = /^(\d{1,6})(?:\s+|$)/u.exec(t);
  if (bare) return { seq: Number(bare[1]), rest: t.slice(bare[0].length).trim() };
  return null;
}

/** Problems named in a report: `第1项`, `第1、3项`, `第1,2项` at the start; empty = all of them. */
export function parseItemRef(text: string): { items: number[]; rest: string } {
  const m = /^第\s*(\d{1,2}(?:\s*[、,，和及]\s*\d{1,2})*)\s*(?:项|条|个问题)/u.exec(text.trim());
  if (!m) return { items: [], rest: text.trim() };
  const items = [...new Set(m[1].split(/[、,，和及]/).map((s) => Number(s.trim())))].sort((a, b) => a - b);
  return { items, rest: text.trim().slice(m[0].length).replace(/^[\s:：,，]+/, '').trim() };
}
