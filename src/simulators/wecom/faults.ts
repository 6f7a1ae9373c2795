/** Faults a test or the sandbox console arms on a path: the next N calls fail with an errcode, or answer late. */
import { normalizePath } from './journal.ts';

interface Armed {
  value: number;
  remaining: number;
}

export const FAULT_MESSAGES: Record<number, string> = {
  [-1]: 'system busy',
  40014: 'invalid access_token',
  42001: 'access_token expired',
  45009: 'api freq out of limit',
  45033: 'api concurrent out of limit',
  60020: 'not allow to access from your ip',
};

export class Faults {
  private failures = new Map<string, Armed[]>();
  private delays = new Map<string, Armed[]>();

  fail(path: string, errcode: number, times: number): void {
    arm(this.failures, path, errcode, times);
  }

  delay(path: string, ms: number, times: number): void {
    arm(this.delays, path, ms, times);
  }

  /** The errcode the next call to path must fail with, if one is armed. */
  takeFailure(path: string): number | undefined {
    return take(this.failures, path);
  }

  takeDelay(path: string): number | undefined {
    return take(this.delays, path);
  }

  clear(): void {
    this.failures.clear();
    this.delays.clear();
  }
}

function arm(map: Map<string, Armed[]>, path: string, value: number, times: number) {
  const key = normalizePath(path);
  map.set(key, [...(map.get(key) ?? []), { value, remaining: times }]);
}

function take(map: Map<string, Armed[]>, path: string): number | undefined {
  const queue = map.get(path);
  const head = queue?.[0];
  if (!head) return undefined;
  head.remaining -= 1;
  if (head.remaining <= 0) queue.shift();
  return head.value;
}
