/**
 * Telling "the database refused this value" from "the database is away". A refusal carries a SQLSTATE of class 22
 * (data exception: an invalid character, a value out of range) or 23 (integrity: a CHECK or NOT NULL); trying the
 * same value again can never succeed. Anything else (a refused or reset connection, a timeout, a shutdown, a full
 * pool) may pass once PostgreSQL is back. drizzle wraps the driver's error, so the chain of causes is searched.
 */
export function refusedByDatabase(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^2[23][0-9A-Z]{3}$/.test(code)) return true;
  }
  return false;
}
