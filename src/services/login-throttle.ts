/**
 * Failed sign-ins are counted in the database (table login_throttle, rate-limiter-flexible's PostgreSQL store), so
 * every process of the deployment sees the same counts: per account (10 failures in 15 minutes) and per address
 * (30 failures in 15 minutes, whatever the accounts). While either count is used up, every attempt on that account or
 * from that address is refused with the seconds to wait — the right password too, so guessing gains nothing. A
 * successful sign-in clears the account's count. The store works on PGlite's pool adapter as well (one process).
 */
import { RateLimiterPostgres, type RateLimiterRes } from 'rate-limiter-flexible';
import type { QueryPool } from '../db/client.ts';
import { DudaoError } from '../domain/errors.ts';
import { authText } from '../../templates/auth.ts';

export interface ThrottleLimit {
  /** Failures allowed in the window. */
  failures: number;
  windowS: number;
}

export const ACCOUNT_LIMIT: ThrottleLimit = { failures: 10, windowS: 15 * 60 };
export const ADDRESS_LIMIT: ThrottleLimit = { failures: 30, windowS: 15 * 60 };
const TABLE = 'login_throttle';

export class LoginThrottle {
  private readonly account: RateLimiterPostgres;
  private readonly address: RateLimiterPostgres;

  constructor(pool: QueryPool, limits: { account?: ThrottleLimit; address?: ThrottleLimit } = {}) {
    // The table comes from the migration (tableCreated); pg.Pool and the PGlite adapter both take query({text, values}).
    const store = (keyPrefix: string, limit: ThrottleLimit) => new RateLimiterPostgres({
      storeClient: pool, storeType: 'pool', tableName: TABLE, tableCreated: true, keyPrefix, points: limit.failures, duration: limit.windowS,
    });
    this.account = store('account', limits.account ?? ACCOUNT_LIMIT);
    this.address = store('address', limits.address ?? ADDRESS_LIMIT);
  }

  /** Throws 429 (details.retryAfterS) while the account or the address has used up its failures. */
  async check(username: string, address: string): Promise<void> {
    const [byAccount, byAddress] = await Promise.all([this.account.get(accountKey(username)), this.address.get(address)]);
    const waits = [blockedFor(byAccount, this.account.points), blockedFor(byAddress, this.address.points)].filter((s) => s > 0);
    if (waits.length) {
      const retryAfterS = Math.max(...waits);
      throw new DudaoError('too_many_requests', authText.tooManyAttempts(Math.ceil(retryAfterS / 60)), { retryAfterS });
    }
  }

  /** Counts a wrong username or password against both. */
  async failed(username: string, address: string): Promise<void> {
    await Promise.all([
      this.account.consume(accountKey(username)).catch(ignoreExhausted),
      this.address.consume(address).catch(ignoreExhausted),
    ]);
  }

  async succeeded(username: string): Promise<void> {
    await this.account.delete(accountKey(username));
  }
}

const accountKey = (username: string) => username.trim().toLowerCase().slice(0, 64);

/** Seconds until the key may try again, or 0 when it may now. */
function blockedFor(res: RateLimiterRes | null, points: number): number {
  if (!res || res.consumedPoints < points) return 0;
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/** consume() rejects with the limiter's answer once the points are used up: that is still a counted failure. */
function ignoreExhausted(err: unknown): void {
  if (err instanceof Error) throw err;
}
