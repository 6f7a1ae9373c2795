/**
 * Failed sign-ins are counted in the database (table login_throttle, rate-limiter-flexible's PostgreSQL store), so
 * every process of the deployment sees the same counts: per account (10 failures in 15 minutes) and per address
 * (30 failures in 15 minutes, whatever the accounts). Each attempt is counted before its password is checked; while
 * either count is used up, every attempt on that account or from that address is refused with the seconds to wait —
 * the right password too, so guessing gains nothing. A successful sign-in clears the account's count and gives the
 * address its attempt back, so what is left counted is failures. The store works on PGlite's pool adapter as well (one process).
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

  /**
   * Counts a sign-in attempt against the account and the address before the password is checked (one atomic
   * upsert each, so parallel guesses are counted too); throws 429 (details.retryAfterS) once either is used up.
   */
  async attempt(username: string, address: string): Promise<void> {
    const results = await Promise.all([this.account.consume(accountKey(username)).catch(exhausted), this.address.consume(address).catch(exhausted)]);
    const waits = results.filter((r): r is { retryAfterS: number } => r !== null && 'retryAfterS' in r).map((r) => r.retryAfterS);
    if (waits.length) {
      const retryAfterS = Math.max(...waits);
      throw new DudaoError('too_many_requests', authText.tooManyAttempts(Math.ceil(retryAfterS / 60)), { retryAfterS });
    }
  }

  /** The password was right: the account starts afresh, and the address gets its attempt back. */
  async succeeded(username: string, address: string): Promise<void> {
    await Promise.all([this.account.delete(accountKey(username)), this.address.reward(address, 1)]);
  }
}

const accountKey = (username: string) => username.trim().toLowerCase().slice(0, 64);

/** consume() rejects with the limiter's answer once the points are used up, and with an Error when the store fails. */
function exhausted(err: unknown): { retryAfterS: number } {
  if (err instanceof Error) throw err;
  const res = err as RateLimiterRes;
  return { retryAfterS: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
}
