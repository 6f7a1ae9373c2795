/**
 * What organisers type after 例会: `第一责任区 5月28日 14:30 区教委3楼会议室 议程：…`, `改期 [责任区] 6月2日 15:00 [地点]`,
 * `取消 [责任区]`, `名单 [责任区]`, `出席 王建国 李秀英`, `纪要 …`. The words here are the input vocabulary people
 * type, not replies (replies are in templates/meetings/).
 */
import dayjs from 'dayjs';
import { TZ } from '../../domain/deadlines.ts';
import { parseDay, words } from '../visits/parse.ts';

export const SUBCOMMANDS = {
  改期: ['改期', '改时间', '调整'],
  取消: ['取消', '撤销'],
  名单: ['名单', '回执', '参会情况'],
  出席: ['出席', '签到', '考勤'],
  纪要: ['纪要', '会议纪要'],
} as const;
export type Subcommand = keyof typeof SUBCOMMANDS;

export const ALL_ZONES_WORDS = ['全部', '全部责任区', '所有责任区', '全体'];

/** Splits off a leading subcommand word: '改期 6月2日 15:00' → { sub: '改期', rest: '6月2日 15:00' }. */
export function splitSubcommand(args: string): { sub: Subcommand | null; rest: string } {
  const text = args.trim();
  for (const [sub, list] of Object.entries(SUBCOMMANDS) as [Subcommand, readonly string[]][]) {
    for (const w of list) {
      if (text === w || text.startsWith(`${w} `) || text.startsWith(`${w}:`) || text.startsWith(`${w}：`)) {
        return { sub, rest: text.slice(w.length).replace(/^[\s:：]+/, '') };
      }
    }
  }
  return { sub: null, rest: text };
}

/** 14:30, 14：30, 14点, 14点30, 14点30分, 下午2点半 → 'HH:mm'; null when the word is not a time. */
export function parseTime(word: string): string | null {
  let m = /^(\d{1,2})[:：](\d{2})$/.exec(word);
  let h: number;
  let min: number;
  if (m) {
    h = Number(m[1]);
    min = Number(m[2]);
  } else {
    m = /^(上午|早上|中午|下午|晚上)?(\d{1,2})[点时](半|(\d{1,2})分?)?$/.exec(word);
    if (!m) return null;
    h = Number(m[2]);
    min = m[3] === '半' ? 30 : m[4] ? Number(m[4]) : 0;
    if ((m[1] === '下午' || m[1] === '晚上') && h < 12) h += 12;
    if (m[1] === '中午' && h < 6) h += 12;
  }
  if (h > 23 || min > 59) return null;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

/** The word an office admin adds to hold a meeting on a day the rules refuse (a weekend, a holiday). */
export const FORCE_WORDS = ['强制', '强制安排'];

export interface MeetingLine {
  /** The words before the date: a zone name, 全部, or '' when none was given. */
  zone: string;
  startsAt: Date | null;
  /** The day was given without a time. */
  missingTime: boolean;
  day: string | null;
  place: string;
  agenda: string | null;
  /** The line carries 强制. */
  force: boolean;
}

/** '第一责任区 5月28日 14:30 区教委3楼会议室 议程：学期总结' → its parts; a line without a date has startsAt null. */
export function parseMeetingLine(raw: string, now: Date, opts: { defaultDay?: string } = {}): MeetingLine {
  const agendaAt = raw.search(/议程\s*[:：]?/);
  const head = agendaAt >= 0 ? raw.slice(0, agendaAt) : raw;
  const agenda = agendaAt >= 0 ? raw.slice(agendaAt).replace(/^议程\s*[:：]?\s*/, '').trim() || null : null;
  // '5月28日14:30' written together is two words.
  const words = head.trim().split(/\s+/).filter(Boolean);
  const force = words.some((w) => FORCE_WORDS.includes(w));
  const parts = words.filter((w) => !FORCE_WORDS.includes(w)).flatMap((p) => {
    const m = /^(.+?[日号])(\d{1,2}[:：]\d{2}|(?:上午|下午|中午|晚上)?\d{1,2}[点时].*)$/.exec(p);
    return m ? [m[1]!, m[2]!] : [p];
  });
  const dayAt = parts.findIndex((p) => parseDay(p, now) !== null);
  const timeAt = parts.findIndex((p, i) => (dayAt < 0 || i > dayAt) && parseTime(p) !== null);
  const day = dayAt >= 0 ? parseDay(parts[dayAt]!, now) : (timeAt >= 0 ? opts.defaultDay ?? null : null);
  const time = timeAt >= 0 ? parseTime(parts[timeAt]!) : null;
  const firstWhen = [dayAt, timeAt].filter((i) => i >= 0);
  const zoneEnd = firstWhen.length ? Math.min(...firstWhen) : parts.length;
  const lastWhen = Math.max(dayAt, timeAt);
  return {
    zone: parts.slice(0, zoneEnd).join(' '),
    day,
    startsAt: day && time ? dayjs.tz(`${day} ${time}`, TZ).toDate() : null,
    missingTime: !!day && !time,
    place: lastWhen >= 0 ? parts.slice(lastWhen + 1).join(' ') : '',
    agenda,
    force,
  };
}

/** Names typed after 出席: '王建国 李秀英、张伟' → the names. */
export const nameList = (raw: string): string[] => words(raw);
