import { adminQuery, runPrefix } from './pg.ts';

export default async function globalTeardown() {
  const { rows } = await adminQuery(`SELECT datname FROM pg_database WHERE datname LIKE '${runPrefix()}%'`);
  for (const { datname } of rows) await adminQuery(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
}
