/**
 * The one source of "now" for rules and jobs. Production never moves it; the sandbox console and tests may jump it
 * forward (to the morning of a planned visit, to a deadline) so scheduled work falls due.
 */
let offsetMs = 0;

export const clock = {
  now(): Date {
    return new Date(Date.now() + offsetMs);
  },
  /** Moves the clock forward (or back, in tests) by ms; returns the new now. */
  advance(ms: number): Date {
    offsetMs += ms;
    return clock.now();
  },
  /** Sets the clock to a given instant. */
  set(at: Date): Date {
    offsetMs = at.getTime() - Date.now();
    return clock.now();
  },
  reset(): void {
    offsetMs = 0;
  },
  get offsetMs(): number {
    return offsetMs;
  },
};
