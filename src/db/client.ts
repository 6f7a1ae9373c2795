/**
 * The database handle: node-postgres when DATABASE_URL is set, otherwise embedded PGlite in DATA_DIR/pglite.
 * Both are driven through one drizzle schema; code above this file sees only `Db`.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema/index.ts';
import { acquireDirLock, type DirLock } from './dir-lock.ts';
import { PGlitePool } from './pglite-pool.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle has the same query surface as Db. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

/** The minimal pg.Pool surface Agenda's PostgreSQL backend uses (it is duck-typed at run time). */
export interface QueryPool {
  query(text: string, params?: unknown[]): Promise<{ rows: any[]; rowCount: number | null }>;
}

export interface Database {
  kind: 'postgres' | 'pglite';
  db: Db;
  /** A pg.Pool (PostgreSQL) or an adapter over PGlite, for Agenda's backend and raw SQL. */
  pool: QueryPool;
  /** Throws when the database cannot answer. */
  ping(): Promise<void>;
  /** Runs fn while holding a session-level advisory lock (PostgreSQL); PGlite has one process, so fn just runs. */
  withLock<T>(key: number, fn: () => Promise<T>): Promise<T>;
  /**
   * Runs fn only if the advisory lock (`space`, `key`) is free, holding it meanwhile, across processes on
   * PostgreSQL (session lock on a connection of its own); answers `busy` at once when another holds it.
   */
  tryWithLock<T>(space: number, key: number, fn: () => Promise<T>): Promise<{ busy: false; value: T } | { busy: true }>;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string;
  dataDir: string;
  poolMax?: number;
  /** PostgreSQL cancels a statement running longer (server side). Default 15 s. */
  statementTimeoutMs?: number;
  /**
   * The client gives up on an answer that has not come after this long (a connection whose packets vanish: no
   * error, no reset) and closes that connection, so the pool opens a fresh one. Default: statement timeout + 2 s.
   */
  queryTimeoutMs?: number;
}

export const POOL_DEFAULTS = { max: 10, statementTimeoutMs: 15_000, connectTimeoutMs: 5_000, idleMs: 30_000, lifetimeS: 30 * 60, keepAliveDelayMs: 10_000 };

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts) : openPglite(opts.dataDir);
}

async function openPostgres(url: string, opts: OpenOptions): Promise<Database> {
  const statementTimeout = opts.statementTimeoutMs ?? POOL_DEFAULTS.statementTimeoutMs;
  const queryTimeout = opts.queryTimeoutMs ?? statementTimeout + 2_000;
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolMax ?? POOL_DEFAULTS.max,
    connectionTimeoutMillis: POOL_DEFAULTS.connectTimeoutMs,
    statement_timeout: statementTimeout,
    idle_in_transaction_session_timeout: statementTimeout * 4,
    query_timeout: queryTimeout,
    // TCP keepalive finds a peer that vanished while the connection sat idle; connections are renewed now and then.
    keepAlive: true,
    keepAliveInitialDelayMillis: POOL_DEFAULTS.keepAliveDelayMs,
    idleTimeoutMillis: POOL_DEFAULTS.idleMs,
    maxLifetimeSeconds: POOL_DEFAULTS.lifetimeS,
  });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  pool.on('connect', (client) => closeOnReadTimeout(client));
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  let ending: Promise<void> | undefined;
  return {
    kind: 'postgres',
    db,
    pool: pool as unknown as QueryPool,
    ping: async () => { await pool.query('select 1'); },
    withLock: async (key, fn) => {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [key]);
        try {
          return await fn();
        } finally {
          await client.query('select pg_advisory_unlock($1)', [key]);
        }
      } finally {
        client.release();
      }
    },
    tryWithLock: async (space, key, fn) => {
      const client = await pool.connect();
      try {
        const { rows } = await client.query('select pg_try_advisory_lock($1::int, $2::int) as ok', [space, key]);
        if (!rows[0].ok) return { busy: true };
        try {
          return { busy: false, value: await fn() };
        } finally {
          await client.query('select pg_advisory_unlock($1::int, $2::int)', [space, key]);
        }
      } finally {
        client.release();
      }
    },
    close: () => (ending ??= pool.end()),
  };
}

/**
 * After a read timeout node-postgres still counts the query as running on that connection, and a client given back
 * to the pool without an error (drizzle's transactions do that) would be handed out again, dead. Closing its socket
 * on the timeout makes the pool drop it.
 */
function closeOnReadTimeout(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const closeIfTimedOut = (err: unknown) => {
    if (err instanceof Error && err.message === 'Query read timeout') (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
  };
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const last = args.at(-1);
    if (typeof last === 'function') {
      args[args.length - 1] = (err: unknown, ...rest: unknown[]) => { closeIfTimedOut(err); return (last as (...a: unknown[]) => unknown)(err, ...rest); };
      return query(...args);
    }
    const result = query(...args) as { catch?: unknown } | undefined;
    if (result && typeof (result as Promise<unknown>).catch === 'function') (result as Promise<unknown>).catch(closeIfTimedOut);
    return result;
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  const dir = path.resolve(dataDir, 'pglite');
  fs.mkdirSync(dir, { recursive: true });
  // PGlite does not lock its directory: a second process would corrupt it. We refuse instead.
  const lock: DirLock = acquireDirLock(path.resolve(dataDir, 'pglite.lock'));
  let client: PGlite;
  try {
    client = await PGlite.create({ dataDir: dir });
  } catch (err) {
    lock.release();
    throw err;
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  let closed = false;
  /** PGlite belongs to this one process: its locks are a set in memory. */
  const held = new Set<string>();
  return {
    kind: 'pglite',
    db,
    pool: new PGlitePool(client),
    ping: async () => {
      if (closed) throw new Error('database closed');
      await client.query('select 1');
    },
    withLock: (_key, fn) => fn(),
    tryWithLock: async (space, key, fn) => {
      const name = `${space}:${key}`;
      if (held.has(name)) return { busy: true };
      held.add(name);
      try {
        return { busy: false, value: await fn() };
      } finally {
        held.delete(name);
      }
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await client.close();
      lock.release();
    },
  };
}
