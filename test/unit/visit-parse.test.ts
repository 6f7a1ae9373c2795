import { parseDay, parseDeadline, parseItemCodes, parseNumber, parsePlan, nextWorkingDays } from '../../src/chat/visits/parse.ts';
import { readMethods } from '../../src/domain/visit-methods.ts';

const NOW = new Date('2026-05-20T09:00:00+08:00');

describe('what supervisors type during a visit', () => {
  it.each([
    ['15', 15], ['十五', 15], ['十', 10], ['二十一', 21], ['三十', 30], ['两', 2], ['一百二十', 120], ['一百零五', 105],
  ])('reads the number %s as %d', (text, n) => {
    expect(parseNumber(text)).toBe(n);
  });

  it.each([
    ['食堂留样记录不全 限期15天', '食堂留样记录不全', 15],
    ['食堂留样记录不全，限期十五天。', '食堂留样记录不全', 15],
    ['围墙破损 期限 7 日', '围墙破损', 7],
    ['围墙破损 7天内整改', '围墙破损', 7],
  ])('reads the deadline in "%s"', (raw, text, days) => {
    expect(parseDeadline(raw)).toEqual({ text, days });
  });

  it('leaves a problem without a deadline alone', () => {
    expect(parseDeadline('食堂留样记录不全')).toEqual({ text: '食堂留样记录不全' });
    expect(parseDeadline('限期15天')).toEqual({ text: '', days: 15 });
    // Working days are not calendar days: such a deadline is left in the text for the office default.
    expect(parseDeadline('围墙破损 限期30个工作日')).toEqual({ text: '围墙破损 限期30个工作日' });
  });

  it('reads item numbers written many ways and reports the words that are not numbers', () => {
    expect(parseItemCodes('3 5 6')).toEqual({ codes: [3, 5, 6], invalid: [] });
    expect(parseItemCodes('3、5，6')).toEqual({ codes: [3, 5, 6], invalid: [] });
    expect(parseItemCodes('356')).toEqual({ codes: [3, 5, 6], invalid: [] });
    expect(parseItemCodes('第三项 五')).toEqual({ codes: [3, 5], invalid: [] });
    expect(parseItemCodes('3 食堂')).toEqual({ codes: [3], invalid: ['食堂'] });
  });

  it('reads days with or without a year, and relative days', () => {
    expect(parseDay('5月21日', NOW)).toBe('2026-05-21');
    expect(parseDay('5月20号', NOW)).toBe('2026-05-20');
    expect(parseDay('3月1日', NOW)).toBe('2027-03-01');
    expect(parseDay('2026-06-01', NOW)).toBe('2026-06-01');
    expect(parseDay('2026/6/1', NOW)).toBe('2026-06-01');
    expect(parseDay('明天', NOW)).toBe('2026-05-21');
    expect(parseDay('2月30日', NOW)).toBeNull();
    expect(parseDay('食堂', NOW)).toBeNull();
  });

  it('splits a plan into school, day and content', () => {
    expect(parsePlan('实验小学 5月21日 食堂卫生 课堂教学', NOW)).toEqual({ school: '实验小学', day: '2026-05-21', content: '食堂卫生 课堂教学' });
    expect(parsePlan('实验小学 食堂卫生', NOW)).toEqual({ school: '实验小学', day: null, content: '食堂卫生' });
  });

  it('offers the next working days, skipping weekends and holidays', () => {
    expect(nextWorkingDays('2026-05-21', 3)).toEqual(['2026-05-22', '2026-05-25', '2026-05-26']);
  });

  it('knows the six methods and their short forms, and names the words it does not know', () => {
    expect(readMethods(['推门听课', '查阅', '巡视', '推门听课', '跳舞'])).toEqual({ methods: ['推门听课', '查阅资料', '校园巡视'], unknown: ['跳舞'] });
  });
});
