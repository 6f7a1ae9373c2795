/** Applies the drizzle migrations and Agenda's job tables. Idempotent; run at start and by `npm run migrate`. */
import { fileURLToPath } from 'node:url';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { getCreateIndexesSQL, getCreateTableSQL, getUpdateTimestampTriggerSQL } from '@agendajs/postgres-backend';
import type { Database } from './client.ts';

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));
export const AGENDA_TABLE = 'agenda_jobs';

/** A fixed advisory-lock key so two processes starting together migrate one after the other. */
const MIGRATION_LOCK = 7_220_611;

export async function migrate(database: Database): Promise<void> {
  const { db } = database;
  await database.withLock(MIGRATION_LOCK, async () => {
    if (database.kind === 'postgres') await migratePg(db as any, { migrationsFolder });
    else await migratePglite(db as any, { migrationsFolder });
    await createAgendaSchema(database);
  });
}

async function createAgendaSchema(database: Database) {
  const statements = [
    getCreateTableSQL(AGENDA_TABLE),
    ...getCreateIndexesSQL(AGENDA_TABLE),
    getUpdateTimestampTriggerSQL(AGENDA_TABLE),
  ];
  for (const s of statements) await database.pool.query(s);
}
