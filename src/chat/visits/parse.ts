/**
 * The small grammar of what supervisors type during a visit: deadlines (限期15天 / 限期十五天), item numbers
 * (事项 3 5 6 / 3、5、6), lists of methods, and plan lines (实验小学 5月20日 食堂卫生). The words here are the input
 * vocabulary people type, not replies; replies live in templates/chat/visits.ts.
 */
import dayjs from 'dayjs';
import { workdayAfter } from '../../domain/working-days.ts';
import { DudaoError } from '../../domain/errors.ts';
import { localDay, OFFICE_TZ } from '../../domain/local-day.ts';
import { visitErrors } from '../../../templates/visit-errors.ts';

const DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 15, 十五, 二十一, 三十, 一百二十 → the number; null when the text is not a number. */
export function parseNumber(raw: string): number | null {
  const text = raw.trim();
  if (/^\d+$/.test(text)) return Number(text);
  if (!/^[零〇一二两三四五六七八九十百]+$/.test(text)) return null;
  let total = 0;
  let digit = -1;
  for (const ch of text) {
    if (ch === '百' || ch === '十') {
      total += (digit < 0 ? 1 : digit) * (ch === '百' ? 100 : 10);
      digit = -1;
    } else {
      digit = DIGIT[ch]!;
    }
  }
  return total + Math.max(digit, 0);
}

const NUM = '(\\d+|[零〇一二两三四五六七八九十百]+)';
const DEADLINE = [
  new RegExp(`[,，;；。\\s]*(?:整改)?(?:限期|期限)\\s*${NUM}\\s*(?:天|日)(?:内)?(?:整改|完成)?[。.]?\\s*$`),
  new RegExp(`[,，;；。\\s]*${NUM}\\s*(?:天|日)内(?:完成)?整改(?:完成|到位)?[。.]?\\s*$`),
];

/** '食堂留样记录不全 限期15天' → { text: '食堂留样记录不全', days: 15 }; days is absent when none is given. */
export function parseDeadline(raw: string): { text: string; days?: number } {
  for (const re of DEADLINE) {
    const m = re.exec(raw);
    const days = m ? parseNumber(m[1]!) : null;
    if (m && days !== null) return { text: raw.slice(0, m.index).trim(), days };
  }
  return { text: raw.trim() };
}

/** Splits a list typed with spaces, commas or 、 into its words. */
export function words(raw: string): string[] {
  return raw.split(/[\s,，、;；/]+/).map((w) => w.trim()).filter(Boolean);
}

/** '3 5 6', '3、5、6', '三 五', '356' (single digits run together) → numbers, and the words that are not numbers. */
export function parseItemCodes(raw: string): { codes: number[]; invalid: string[] } {
  const tokens = words(raw).flatMap((w) => (/^[1-9]{2,}$/.test(w) && w.length <= 8 ? [...w] : [w.replace(/^第|项$/g, '')]));
  const codes: number[] = [];
  const invalid: string[] = [];
  for (const token of tokens) {
    const n = parseNumber(token);
    if (n === null) invalid.push(token);
    else if (!codes.includes(n)) codes.push(n);
  }
  return { codes, invalid };
}

/**
 * A day as people write it: 2026-05-20, 2026/5/20, 5月20日, 5月20号, 5-20, 5/20, 今天, 明天, 后天. Without a year, the
 * next such day from today. Null when the word is not a day.
 */
export function parseDay(word: string, now: Date): string | null {
  const today = dayjs(now).tz(OFFICE_TZ).startOf('day');
  const relative: Record<string, number> = { 今天: 0, 今日: 0, 明天: 1, 明日: 1, 后天: 2 };
  if (word in relative) return today.add(relative[word]!, 'day').format('YYYY-MM-DD');
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})[日号]?$/.exec(word);
  if (m) return validDay(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[-/.月](\d{1,2})[日号]?$/.exec(word);
  if (!m) return null;
  const thisYear = validDay(today.year(), Number(m[1]), Number(m[2]));
  if (thisYear === null) return validDay(today.year() + 1, Number(m[1]), Number(m[2]));
  return thisYear >= localDay(now) ? thisYear : validDay(today.year() + 1, Number(m[1]), Number(m[2]));
}

function validDay(y: number, mo: number, d: number): string | null {
  const s = `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const date = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === s ? s : null;
}

/** '实验小学 5月20日 食堂卫生' → school words before the day, the day, and the content after it. */
export function parsePlan(raw: string, now: Date): { school: string; day: string | null; content: string } {
  const parts = raw.trim().split(/\s+/);
  const at = parts.findIndex((p) => parseDay(p, now) !== null);
  if (at < 0) return { school: parts[0] ?? '', day: null, content: parts.slice(1).join(' ') };
  return { school: parts.slice(0, at).join(' '), day: parseDay(parts[at]!, now), content: parts.slice(at + 1).join(' ') };
}

/** The next `count` working days after `from` (YYYY-MM-DD), on the Chinese calendar (调休 included). */
export function nextWorkingDays(from: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => workdayAfter(from, i + 1));
}

/** The visit id a card key carries ('visit.submit:12' → 12); a key without one is a card we never sent. */
export function visitIdOf(arg: string | undefined): number {
  const part = (arg ?? '').split(':')[0] ?? '';
  if (!/^\d{1,10}$/.test(part)) throw new DudaoError('not_found', visitErrors.visitNotFound());
  return Number(part);
}
