import { dueNotice, meetingDateProblem, noticeInstants } from '../../src/domain/meeting-rules.ts';
import { matchZones } from '../../src/domain/zone-name.ts';
import { parseMeetingLine, parseTime, splitSubcommand } from '../../src/chat/meetings/parse.ts';

const at = (iso: string) => new Date(iso);
const settings = { noticeDaysBefore: 3, noticeTime: '08:30' };

describe('meeting dates', () => {
  const now = at('2026-05-20T09:00:00+08:00');
  it('refuses the past and days that are not working days (weekends, holidays), and accepts a make-up working day', () => {
    expect(meetingDateProblem(at('2026-05-20T08:59:00+08:00'), now)).toBe('past');
    expect(meetingDateProblem(at('2026-05-23T14:30:00+08:00'), now)).toBe('non_working_day'); // Saturday
    expect(meetingDateProblem(at('2026-10-01T14:30:00+08:00'), now)).toBe('non_working_day'); // 国庆
    expect(meetingDateProblem(at('2026-05-28T14:30:00+08:00'), now)).toBeNull();
    expect(meetingDateProblem(at('2026-09-20T14:30:00+08:00'), now)).toBeNull(); // a Sunday worked for 国庆 (调休)
  });
});

describe('notice times', () => {
  it('puts the first notice D-3 at noticeTime and the day notice at noticeTime on the day', () => {
    const i = noticeInstants(at('2026-05-28T14:30:00+08:00'), settings);
    expect(i.announceAt.toISOString()).toBe(at('2026-05-25T08:30:00+08:00').toISOString());
    expect(i.dayAt!.toISOString()).toBe(at('2026-05-28T08:30:00+08:00').toISOString());
    expect(noticeInstants(at('2026-05-28T08:00:00+08:00'), settings).dayAt).toBeNull();
    expect(noticeInstants(at('2026-05-28T14:30:00+08:00'), { noticeDaysBefore: 0, noticeTime: '09:00' }).announceAt.toISOString())
      .toBe(at('2026-05-28T09:00:00+08:00').toISOString());
  });

  it('owes the first notice, then the day notice, once each per version, and nothing once the meeting has begun', () => {
    const startsAt = at('2026-05-28T14:30:00+08:00');
    const i = noticeInstants(startsAt, settings);
    const m = { status: 'scheduled', startsAt, version: 1, announcedVersion: null, dayNoticeVersion: null };
    expect(dueNotice(m, i, at('2026-05-25T08:29:00+08:00'))).toBeNull();
    expect(dueNotice(m, i, at('2026-05-25T08:30:00+08:00'))).toBe('announce');
    expect(dueNotice({ ...m, announcedVersion: 1 }, i, at('2026-05-27T08:30:00+08:00'))).toBeNull();
    expect(dueNotice({ ...m, announcedVersion: 1 }, i, at('2026-05-28T08:30:00+08:00'))).toBe('day');
    expect(dueNotice({ ...m, announcedVersion: 1, dayNoticeVersion: 1 }, i, at('2026-05-28T09:30:00+08:00'))).toBeNull();
    expect(dueNotice({ ...m, version: 2, announcedVersion: 1, dayNoticeVersion: 1 }, i, at('2026-05-26T08:30:00+08:00'))).toBe('announce');
    expect(dueNotice(m, i, at('2026-05-28T14:30:00+08:00'))).toBeNull();
    expect(dueNotice({ ...m, status: 'cancelled' }, i, at('2026-05-25T08:30:00+08:00'))).toBeNull();
  });
});

describe('what organisers type', () => {
  const now = at('2026-05-20T09:00:00+08:00');
  it('reads zone, day, time, place and agenda', () => {
    const line = parseMeetingLine('第一责任区 5月28日 14:30 区教委3楼会议室 议程：学期工作总结', now);
    expect(line).toMatchObject({ zone: '第一责任区', day: '2026-05-28', place: '区教委3楼会议室', agenda: '学期工作总结' });
    expect(line.startsAt!.toISOString()).toBe(at('2026-05-28T14:30:00+08:00').toISOString());
    expect(parseMeetingLine('全部 5月28日14:30 区教委', now)).toMatchObject({ zone: '全部', place: '区教委' });
    expect(parseMeetingLine('第一责任区 5月28日 区教委', now)).toMatchObject({ startsAt: null, missingTime: true });
    expect(parseMeetingLine('15:00', now, { defaultDay: '2026-05-28' }).startsAt!.toISOString()).toBe(at('2026-05-28T15:00:00+08:00').toISOString());
  });

  it('reads times as people write them', () => {
    expect(['14:30', '14：30', '14点30', '14点30分', '下午2点半', '9点'].map(parseTime)).toEqual(['14:30', '14:30', '14:30', '14:30', '14:30', '09:00']);
    expect(parseTime('25:00')).toBeNull();
    expect(parseTime('区教委')).toBeNull();
  });

  it('splits the subcommand off', () => {
    expect(splitSubcommand('改期 6月2日 15:00')).toEqual({ sub: '改期', rest: '6月2日 15:00' });
    expect(splitSubcommand('名单')).toEqual({ sub: '名单', rest: '' });
    expect(splitSubcommand('第一责任区 5月28日 14:30')).toEqual({ sub: null, rest: '第一责任区 5月28日 14:30' });
  });

  it('finds a zone by its name or a short form, and only when unambiguous', () => {
    const zones = [{ name: '第一督学责任区' }, { name: '第二督学责任区' }, { name: '第十一督学责任区' }];
    expect(matchZones(zones, '第一督学责任区')).toEqual([zones[0]]);
    expect(matchZones(zones, '第一责任区')).toEqual([zones[0]]);
    expect(matchZones(zones, '第二')).toEqual([zones[1]]);
    expect(matchZones(zones, '责任区')).toHaveLength(3);
    expect(matchZones(zones, '第九责任区')).toEqual([]);
  });
});
