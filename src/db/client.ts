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
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts.poolMax ?? 10) : openPglite(opts.dataDir);
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5000 });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', () => {});
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
