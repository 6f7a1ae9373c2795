/** Where the console's clock buttons lead, and which job firings a jump passes over (cron in Asia/Shanghai). */
import { targetOf } from '../../src/sandbox/clock-control.ts';
import { firingsBetween, lastFiring, nextFiring, parseCron } from '../../src/domain/cron.ts';
import { firingsIn } from '../../src/jobs/runner.ts';
import type { JobDefinition } from '../../src/jobs/job.ts';
import { DudaoError } from '../../src/domain/errors.ts';

const at = (iso: string) => new Date(iso);

describe('the clock control', () => {
  it('jumps to 08:00 tomorrow, Beijing time, even before 08:00 today', () => {
    expect(targetOf({ preset: 'next-morning' }, at('2026-05-19T22:30:00+08:00'))).toEqual(at('2026-05-20T08:00:00+08:00'));
    expect(targetOf({ preset: 'next-morning' }, at('2026-05-20T06:00:00+08:00'))).toEqual(at('2026-05-21T08:00:00+08:00'));
  });

  it('jumps to 08:00 on the 1st of next month, across a year end', () => {
    expect(targetOf({ preset: 'next-month' }, at('2026-05-19T10:00:00+08:00'))).toEqual(at('2026-06-01T08:00:00+08:00'));
    expect(targetOf({ preset: 'next-month' }, at('2026-12-31T23:00:00+08:00'))).toEqual(at('2027-01-01T08:00:00+08:00'));
  });

  it('reads a time without an offset (the custom picker) as Beijing time', () => {
    expect(targetOf({ to: '2026-06-05T08:00' }, at('2026-05-19T10:00:00+08:00'))).toEqual(at('2026-06-05T08:00:00+08:00'));
  });

  it('refuses to go backwards or to stand still, and a time it cannot read', () => {
    const now = at('2026-05-19T10:00:00+08:00');
    expect(() => targetOf({ to: '2026-05-01T08:00' }, now)).toThrow(new DudaoError('bad_request', '时钟只能向前拨'));
    expect(() => targetOf({ advanceMs: 0 }, now)).toThrow(DudaoError);
    expect(() => targetOf({ to: '下周一' }, now)).toThrow('无法识别的时间：下周一');
  });
});

describe('job firings passed over by a jump', () => {
  it('fires a daily 08:00 job once for each morning in the jump, not for the one it starts on', () => {
    expect(firingsBetween('0 8 * * *', at('2026-05-19T08:00:00+08:00'), at('2026-05-21T09:00:00+08:00')))
      .toEqual([at('2026-05-20T08:00:00+08:00'), at('2026-05-21T08:00:00+08:00')]);
    expect(firingsBetween('0 8 * * *', at('2026-05-19T08:30:00+08:00'), at('2026-05-19T23:00:00+08:00'))).toEqual([]);
    // The end of the jump is included.
    expect(firingsBetween('0 8 * * *', at('2026-05-19T07:00:00+08:00'), at('2026-05-19T08:00:00+08:00'))).toEqual([at('2026-05-19T08:00:00+08:00')]);
  });

  it('reads steps, ranges, lists, the day of the month and the day of the week', () => {
    expect(firingsBetween('*/20 9-10 * * *', at('2026-05-19T00:00:00+08:00'), at('2026-05-19T23:59:00+08:00')).map((d) => d.toISOString()))
      .toEqual(['01:00', '01:20', '01:40', '02:00', '02:20', '02:40'].map((t) => `2026-05-19T${t}:00.000Z`));
    expect(firingsBetween('30 9 20 * *', at('2026-05-01T00:00:00+08:00'), at('2026-07-01T00:00:00+08:00')))
      .toEqual([at('2026-05-20T09:30:00+08:00'), at('2026-06-20T09:30:00+08:00')]);
    // 2026-05-24 and 2026-05-31 are Sundays (0 and 7 both mean Sunday).
    expect(firingsBetween('0 12 * * 7', at('2026-05-19T00:00:00+08:00'), at('2026-06-01T00:00:00+08:00')))
      .toEqual([at('2026-05-24T12:00:00+08:00'), at('2026-05-31T12:00:00+08:00')]);
    expect(() => parseCron('0 8 * *')).toThrow(/five fields/);
    expect(() => parseCron('61 8 * * *')).toThrow(/outside 0-59/);
  });

  it('finds the last firing at or before an instant and the next one after it', () => {
    expect(lastFiring('0 8 * * *', at('2026-05-19T07:59:00+08:00'))).toEqual(at('2026-05-18T08:00:00+08:00'));
    expect(lastFiring('0 8 * * *', at('2026-05-19T08:00:00+08:00'))).toEqual(at('2026-05-19T08:00:00+08:00'));
    expect(nextFiring('0 8 1 * *', at('2026-12-15T10:00:00+08:00'))).toEqual(at('2027-01-01T08:00:00+08:00'));
  });

  it('orders the firings of several jobs by time, jobs firing together in list order', () => {
    const job = (name: string, cron: string): JobDefinition => ({ name, cron, run: async () => null });
    const list = firingsIn(at('2026-05-19T12:00:00+08:00'), at('2026-05-20T12:00:00+08:00'), [job('hourly-ish', '0 8,12 * * *'), job('morning', '0 8 * * *')]);
    expect(list.map((f) => `${f.def.name} ${f.at.toISOString()}`)).toEqual([
      'hourly-ish 2026-05-20T00:00:00.000Z', 'morning 2026-05-20T00:00:00.000Z', 'hourly-ish 2026-05-20T04:00:00.000Z',
    ]);
  });
});
