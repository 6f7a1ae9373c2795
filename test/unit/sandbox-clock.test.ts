/** Where the console's clock buttons lead, and which scheduled work a jump passes over. */
import { targetOf } from '../../src/sandbox/clock-control.ts';
import { dailyAt, runDueWork, whenClockMoves, type DueWork } from '../../src/jobs/due-work.ts';
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

describe('scheduled work passed over by a jump', () => {
  it('fires a daily 08:00 job once for each morning in the jump, not for the one before it', () => {
    const fires = dailyAt('08:00')(at('2026-05-19T08:00:00+08:00'), at('2026-05-21T09:00:00+08:00'));
    expect(fires).toEqual([at('2026-05-20T08:00:00+08:00'), at('2026-05-21T08:00:00+08:00')]);
    expect(dailyAt('08:00')(at('2026-05-19T08:30:00+08:00'), at('2026-05-19T23:00:00+08:00'))).toEqual([]);
  });

  it('runs the firings in time order and names what ran', async () => {
    const seen: string[] = [];
    const work: DueWork[] = [
      { name: 'every-move', firesBetween: whenClockMoves, run: async (_c, t) => { seen.push(`move ${t.toISOString()}`); } },
      { name: 'morning', firesBetween: dailyAt('08:00'), run: async (_c, t) => { seen.push(`morning ${t.toISOString()}`); } },
    ];
    const ran = await runDueWork({} as never, at('2026-05-19T12:00:00+08:00'), at('2026-05-20T12:00:00+08:00'), work);
    expect(ran).toEqual(['morning', 'every-move']);
    expect(seen).toEqual(['morning 2026-05-20T00:00:00.000Z', 'move 2026-05-20T04:00:00.000Z']);
  });
});
