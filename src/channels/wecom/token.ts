/**
 * The access token, cached in `platform_tokens` and shared by every process. A token that is missing or expires
 * within five minutes is refreshed under a transaction-level advisory lock, re-checked inside the lock, so however
 * many processes and callers notice at once, `gettoken` is called once (platform-apis §2.1).
 */
import { eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.ts';
import { platformTokens } from '../../db/schema/index.ts';
import { clock } from '../../clock.ts';

const REFRESH_MARGIN_MS = 5 * 60_000;

export interface FetchedToken {
  value: string;
  expiresInS: number;
}

export class TokenCache {
  private inflight?: Promise<string>;

  constructor(
    private readonly db: Db,
    /** Includes the corp id and the agent id: one token per app. */
    readonly key: string,
    private readonly fetchToken: () => Promise<FetchedToken>,
  ) {}

  /** A token that is good for at least five more minutes. */
  async get(): Promise<string> {
    const row = await this.read(this.db);
    if (row && isFresh(row.expiresAt)) return row.value;
    return this.refresh();
  }

  /**
   * Gets a new token. `rejected` is the token the platform just refused (40014/42001): a cached token that differs
   * from it was already refreshed by someone else and is used as it is.
   */
  refresh(rejected?: string): Promise<string> {
    this.inflight ??= this.refreshLocked(rejected).finally(() => { this.inflight = undefined; });
    return this.inflight;
  }

  private refreshLocked(rejected?: string): Promise<string> {
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${this.key}))`);
      const row = await this.read(tx);
      if (row && isFresh(row.expiresAt) && row.value !== rejected) return row.value;
      const { value, expiresInS } = await this.fetchToken();
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + expiresInS * 1000);
      await tx
        .insert(platformTokens)
        .values({ key: this.key, value, expiresAt, updatedAt: now })
        .onConflictDoUpdate({ target: platformTokens.key, set: { value, expiresAt, updatedAt: now } });
      return value;
    });
  }

  private async read(db: DbOrTx) {
    const [row] = await db.select().from(platformTokens).where(eq(platformTokens.key, this.key));
    return row;
  }
}

function isFresh(expiresAt: Date): boolean {
  return expiresAt.getTime() - clock.now().getTime() > REFRESH_MARGIN_MS;
}
