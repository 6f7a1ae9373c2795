/**
 * The console's clock control: moves the shared clock forward (by an amount, to an instant, to 08:00 tomorrow, or
 * to 08:00 on the 1st of next month) and then runs the scheduled work the jump passed over.
 */
import dayjs from 'dayjs';
import { clock } from '../clock.ts';
import { TZ } from '../domain/deadlines.ts';
import { DudaoError } from '../domain/errors.ts';
import { sandboxText } from '../../templates/sandbox/text.ts';

export type ClockMove =
  | { advanceMs: number }
  | { to: string }
  | { preset: 'next-morning' | 'next-month' };

/** The instant a move leads to, from `now`. Throws a DudaoError for a move backwards or a bad value. */
export function targetOf(move: ClockMove, now: Date): Date {
  let to: Date;
  if ('advanceMs' in move) {
    if (!Number.isFinite(move.advanceMs) || move.advanceMs <= 0) throw new DudaoError('bad_request', sandboxText.badAdvance);
    to = new Date(now.getTime() + move.advanceMs);
  } else if ('to' in move) {
    // A time without an offset (from a datetime-local input) is read as Beijing time.
    to = /[zZ]|[+-]\d\d:?\d\d$/.test(move.to) ? new Date(move.to) : dayjs.tz(move.to, TZ).toDate();
    if (Number.isNaN(to.getTime())) throw new DudaoError('bad_request', sandboxText.badTime(move.to));
  } else if (move.preset === 'next-morning') {
    to = dayjs(now).tz(TZ).startOf('day').add(1, 'day').hour(8).toDate();
  } else if (move.preset === 'next-month') {
    to = dayjs(now).tz(TZ).startOf('month').add(1, 'month').hour(8).toDate();
  } else {
    throw new DudaoError('bad_request', sandboxText.badMove);
  }
  if (to.getTime() <= now.getTime()) throw new DudaoError('bad_request', sandboxText.clockBackwards);
  return to;
}

/** Moves the clock; returns where it was and where it is now. */
export function moveClock(move: ClockMove): { from: Date; to: Date } {
  const from = clock.now();
  const to = targetOf(move, from);
  clock.set(to);
  return { from, to };
}
