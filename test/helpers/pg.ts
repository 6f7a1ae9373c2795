/**
 * Test databases on a real PostgreSQL. global-setup migrates one template database per run; each test file clones
 * it (CREATE DATABASE … TEMPLATE), so files never see each other's rows.
 */
import pg from 'pg';

export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function urlFor(dbName: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${dbName}`;
  return u.toString();
}

export async function adminQuery(text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

export const runPrefix = () => process.env.DUDAO_TEST_RUN ?? 'dudao_t_local';
export const templateName = () => `${runPrefix()}_tpl`;
