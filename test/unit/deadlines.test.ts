import { chineseDate, daysBetween, dueDate, isIsoDate, shanghaiDate, shanghaiYear } from '../../src/domain/deadlines.ts';

describe('rectification deadlines', () => {
  it('falls due N calendar days after the issue date', () => {
    expect(dueDate('2026-05-21', 15)).toBe('2026-06-05');
  });

  it('crosses month and year ends and leap days', () => {
    expect(dueDate('2026-12-25', 10)).toBe('2027-01-04');
    expect(dueDate('2028-02-20', 10)).toBe('2028-03-01');
  });

  it('prints dates the way the notice form does', () => {
    expect(chineseDate('2026-06-05')).toBe('2026年6月5日');
  });

  it('takes the issue date and year in Asia/Shanghai, not UTC', () => {
    const lateEvening = new Date('2026-12-31T16:30:00Z'); // 2027-01-01 00:30 in Shanghai
    expect(shanghaiDate(lateEvening)).toBe('2027-01-01');
    expect(shanghaiYear(lateEvening)).toBe(2027);
  });

  it('refuses impossible dates and negative days', () => {
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(() => dueDate('2026-02-30', 3)).toThrow(RangeError);
    expect(() => dueDate('2026-02-01', -1)).toThrow(RangeError);
  });

  it('counts days between two dates', () => {
    expect(daysBetween('2026-05-21', '2026-06-05')).toBe(15);
    expect(daysBetween('2026-06-05', '2026-05-21')).toBe(-15);
  });
});
