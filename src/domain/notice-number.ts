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
