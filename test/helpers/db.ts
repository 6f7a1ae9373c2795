import { openDatabase, type Database } from '../../src/db/client.ts';
import { adminQuery, runPrefix, templateName, urlFor } from './pg.ts';

let counter = 0;

/** A new, migrated PostgreSQL database for this test file (a clone of the run's template). */
export async function freshDatabaseUrl(): Promise<string> {
  const name = `${runPrefix()}_${process.pid}_${++counter}_${Math.random().toString(36).slice(2, 7)}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${templateName()}`);
  return urlFor(name);
}

export async function freshDatabase(): Promise<{ url: string; database: Database }> {
  const url = await freshDatabaseUrl();
  return { url, database: await openDatabase({ databaseUrl: url, dataDir: '/nonexistent' }) };
}
