import { parseItemRef, parseNoticeRef } from '../../src/domain/notice-number.ts';
import { canTake, reviewerRole, splitProblems, transition } from '../../src/domain/rectification-lifecycle.ts';
import { isQuiet, mayNudgeAt, nudgeOn, nudgeTime, type NudgeRules } from '../../src/domain/rectification-nudges.ts';
import { dueDate } from '../../src/domain/deadlines.ts';

const RULES: NudgeRules = { remindDaysBefore: 3, overdueEveryWorkingDays: 2, escalateToSupervisorAfterDays: 3, escalateToOfficeAfterDays: 7 };

/** Who hears about a notice due on `dueOn`, day by day from `from` to `to`. */
function schedule(dueOn: string, from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = dueDate(d, 1)) {
    const p = nudgeOn(d, dueOn, RULES);
    if (p) out.push(`${d} ${p.kind} ${p.audiences.join('+')}${p.escalate ? ' 预警' : ''}`);
  }
  return out;
}

describe('the nudge schedule (conversations.md §3.4)', () => {
  it('across the National Day holiday: the deadline day on a holiday, nothing until the first working day, escalation at +3 and +7', () => {
    // 2026-10-01..07 are holidays; 10-10 (a Saturday) is a working day.
    expect(schedule('2026-10-01', '2026-09-25', '2026-10-14')).toEqual([
      '2026-09-28 before contact',
      '2026-10-01 due contact',
      '2026-10-08 overdue supervisor+zone_leader+office 预警',
      '2026-10-09 overdue contact+supervisor+zone_leader',
      '2026-10-12 overdue contact+supervisor+zone_leader',
      '2026-10-14 overdue contact+supervisor+zone_leader',
    ]);
  });

  it('counts the adjusted working Saturday and skips the Sunday; a reminder that would fall in the holiday is dropped', () => {
    expect(schedule('2026-10-08', '2026-10-01', '2026-10-16')).toEqual([
      '2026-10-08 due contact',
      '2026-10-10 overdue contact',
      '2026-10-12 overdue supervisor+zone_leader',
      '2026-10-13 overdue contact+supervisor+zone_leader',
      '2026-10-15 overdue contact+supervisor+zone_leader+office 预警',
    ]);
    // 2026-09-20 is a working Sunday: the D-3 reminder goes out on it.
    expect(schedule('2026-09-23', '2026-09-18', '2026-09-23')).toEqual(['2026-09-20 before contact', '2026-09-23 due contact']);
    // D-3 on an ordinary Sunday moves to Monday.
    expect(schedule('2026-06-10', '2026-06-05', '2026-06-10')).toEqual(['2026-06-08 before contact', '2026-06-10 due contact']);
  });

  it('keeps the quiet hours: 21:00–08:00, and a nudge time inside them moves to 08:00', () => {
    expect(isQuiet('21:00', '21:00', '08:00')).toBe(true);
    expect(isQuiet('07:59', '21:00', '08:00')).toBe(true);
    expect(isQuiet('08:00', '21:00', '08:00')).toBe(false);
    expect(nudgeTime('09:00', '21:00', '08:00')).toBe('09:00');
    expect(nudgeTime('22:30', '21:00', '08:00')).toBe('08:00');
    expect(mayNudgeAt('08:30', '09:00', '21:00', '08:00')).toBe(false);
    expect(mayNudgeAt('09:00', '09:00', '21:00', '08:00')).toBe(true);
    expect(mayNudgeAt('21:30', '09:00', '21:00', '08:00')).toBe(false);
  });
});

describe('the notice lifecycle', () => {
  it('allows only the steps of domain.md §2.3.2', () => {
    expect(transition('issued', 'report_part', 'N')).toBe('rectifying');
    expect(transition('issued', 'report_all', 'N')).toBe('submitted');
    expect(transition('overdue', 'report_part', 'N')).toBe('overdue');
    expect(transition('escalated', 'report_all', 'N')).toBe('submitted');
    expect(transition('submitted', 'return', 'N')).toBe('rectifying');
    expect(transition('submitted', 'verify', 'N')).toBe('verified');
    expect(transition('verified', 'close', 'N')).toBe('closed');
    expect(transition('rectifying', 'overdue', 'N')).toBe('overdue');
    expect(transition('overdue', 'escalate', 'N')).toBe('escalated');
    expect(canTake('issued', 'verify')).toBe(false);
    expect(canTake('closed', 'report_all')).toBe(false);
    expect(canTake('submitted', 'overdue')).toBe(false);
    expect(() => transition('closed', 'return', '渡督整〔2026〕1号')).toThrow('渡督整〔2026〕1号当前状态为"已办结"，不能退回。');
  });

  it('lets the supervisor of the school, the zone leader and the office review; nobody else', () => {
    const notice = { officeId: 1, zoneId: 7 };
    expect(reviewerRole({ roles: ['supervisor'], officeId: 1, zoneId: 7, supervisesSchool: true }, notice)).toBe('supervisor');
    expect(reviewerRole({ roles: ['supervisor'], officeId: 1, zoneId: 7, supervisesSchool: false }, notice)).toBeNull();
    expect(reviewerRole({ roles: ['zone_leader'], officeId: 1, zoneId: 7, supervisesSchool: false }, notice)).toBe('zone_leader');
    expect(reviewerRole({ roles: ['zone_leader'], officeId: 1, zoneId: 8, supervisesSchool: false }, notice)).toBeNull();
    expect(reviewerRole({ roles: ['office_admin'], officeId: 1, zoneId: null, supervisesSchool: false }, notice)).toBe('office_admin');
    expect(reviewerRole({ roles: ['office_admin'], officeId: 2, zoneId: null, supervisesSchool: false }, notice)).toBeNull();
    expect(reviewerRole({ roles: ['school_contact'], officeId: 1, zoneId: null, supervisesSchool: false }, notice)).toBeNull();
  });

  it('splits numbered problems and keeps an unnumbered one whole', () => {
    expect(splitProblems('1.食堂留样记录不全；2.消防通道堆放杂物')).toEqual(['食堂留样记录不全', '消防通道堆放杂物']);
    expect(splitProblems('（1）台账缺失 （2）标识不清')).toEqual(['台账缺失', '标识不清']);
    expect(splitProblems('①一 ②二 ③三')).toEqual(['一', '二', '三']);
    expect(splitProblems('食堂留样记录不全，需在3天内补齐')).toEqual(['食堂留样记录不全，需在3天内补齐']);
    expect(splitProblems('第一条\n第二条')).toEqual(['第一条', '第二条']);
  });
});

describe('notice numbers as contacts type them', () => {
  it('reads 12号, 第12号, the full number with any brackets, and a bare number', () => {
    expect(parseNoticeRef('12号 已补齐')).toEqual({ seq: 12, rest: '已补齐' });
    expect(parseNoticeRef('第12号已补齐')).toEqual({ seq: 12, rest: '已补齐' });
    expect(parseNoticeRef('渡督整〔2026〕12号 已补齐')).toEqual({ year: 2026, seq: 12, rest: '已补齐' });
    expect(parseNoticeRef('渡督整[2026]12号')).toEqual({ year: 2026, seq: 12, rest: '' });
    expect(parseNoticeRef('〔2025〕3号 好')).toEqual({ year: 2025, seq: 3, rest: '好' });
    expect(parseNoticeRef('12 已补齐')).toEqual({ seq: 12, rest: '已补齐' });
    expect(parseNoticeRef('已补齐3天的记录')).toBeNull();
    expect(parseNoticeRef('2026年留样')).toBeNull();
  });

  it('reads the problems a report covers', () => {
    expect(parseItemRef('第2项 杂物已清理')).toEqual({ items: [2], rest: '杂物已清理' });
    expect(parseItemRef('第1、3项：都好了')).toEqual({ items: [1, 3], rest: '都好了' });
    expect(parseItemRef('都好了')).toEqual({ items: [], rest: '都好了' });
  });
});
