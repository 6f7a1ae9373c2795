/** China's calendar for reminders, advance notice and semesters (pure rules). */
import { isQuiet, deliveryTime, atLocal } from '../../src/domain/reminder-time.ts';
import { isUnannounced, noticeIsEnough, earliestAnnouncedDay } from '../../src/domain/advance-notice.ts';
import { parseSemester, semesterOf } from '../../src/domain/semester.ts';
import { lastWorkdayOfMonth } from '../../src/domain/working-days.ts';
import { monthBounds } from '../../src/domain/month.ts';

const cal = { quietFrom: '21:00', quietUntil: '08:00' };
const at = (s: string) => new Date(s);

describe('when a reminder may go out', () => {
  it('keeps the quiet hours 21:00–08:00, Beijing time', () => {
    expect(isQuiet(at('2026-05-20T20:59:00+08:00'), cal)).toBe(false);
    expect(isQuiet(at('2026-05-20T21:00:00+08:00'), cal)).toBe(true);
    expect(isQuiet(at('2026-05-21T07:59:00+08:00'), cal)).toBe(true);
    expect(isQuiet(at('2026-05-21T08:00:00+08:00'), cal)).toBe(false);
    expect(isQuiet(at('2026-05-21T12:30:00+08:00'), { quietFrom: '12:00', quietUntil: '14:00' })).toBe(true);
  });

  it('moves a reminder from the evening to the next working morning', () => {
    expect(deliveryTime(at('2026-05-20T22:15:00+08:00'), cal)).toEqual(at('2026-05-21T08:00:00+08:00'));
    expect(deliveryTime(at('2026-05-21T06:00:00+08:00'), cal)).toEqual(at('2026-05-21T08:00:00+08:00'));
    expect(deliveryTime(at('2026-05-21T10:00:00+08:00'), cal)).toEqual(at('2026-05-21T10:00:00+08:00'));
    // Friday evening → Monday morning.
    expect(deliveryTime(at('2026-05-22T21:30:00+08:00'), cal)).toEqual(at('2026-05-25T08:00:00+08:00'));
  });

  it('skips National Day (1–7 October 2026) but sends on the adjusted working Sunday before it', () => {
    expect(deliveryTime(at('2026-10-01T09:00:00+08:00'), cal)).toEqual(at('2026-10-08T08:00:00+08:00'));
    expect(deliveryTime(at('2026-09-20T09:00:00+08:00'), cal)).toEqual(at('2026-09-20T09:00:00+08:00'));
    // A message that is not a reminder (advance notice) keeps only the quiet hours.
    expect(deliveryTime(at('2026-10-01T22:00:00+08:00'), cal, { workingDaysOnly: false })).toEqual(at('2026-10-02T08:00:00+08:00'));
  });

  it('reads HH:mm on a day in Asia/Shanghai', () => {
    expect(atLocal('2026-05-20', '17:30')).toEqual(at('2026-05-20T17:30:00+08:00'));
  });
});

describe('advance notice', () => {
  it('needs two days for an announced visit, none for 随机督导 and 明查暗访', () => {
    expect(noticeIsEnough('2026-05-20', '2026-05-21', 2)).toBe(false);
    expect(noticeIsEnough('2026-05-20', '2026-05-22', 2)).toBe(true);
    expect(earliestAnnouncedDay('2026-05-31', 2)).toBe('2026-06-02');
    expect(isUnannounced('随机督导')).toBe(true);
    expect(isUnannounced('明查暗访')).toBe(true);
    expect(isUnannounced('经常性督导')).toBe(false);
  });
});

describe('months and semesters', () => {
  it('finds the last working day of a month on China\'s calendar', () => {
    expect(lastWorkdayOfMonth('2026-10')).toBe('2026-10-30');
    expect(lastWorkdayOfMonth('2026-05')).toBe('2026-05-29');
    expect(monthBounds('2026-12')).toEqual({ first: '2026-12-01', next: '2027-01-01' });
  });

  it('counts the autumn semester September to January and the spring one February to July', () => {
    expect(parseSemester('2026-autumn')).toMatchObject({ schoolYear: 2026, term: 1, from: '2026-09-01', until: '2027-02-01' });
    expect(parseSemester('2027-spring')).toMatchObject({ schoolYear: 2026, term: 2, months: ['2027-02', '2027-03', '2027-04', '2027-05', '2027-06', '2027-07'] });
    expect(semesterOf('2027-01-15').id).toBe('2026-autumn');
    expect(semesterOf('2026-08-20').id).toBe('2026-autumn');
    expect(parseSemester('2026-summer')).toBeNull();
  });
});
