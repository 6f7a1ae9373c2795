import { openDatabase } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { seedStandardItems } from '../../src/services/standard-items.ts';
import { adminQuery, templateName, urlFor } from './pg.ts';

export default async function globalSetup() {
  process.env.DUDAO_TEST_RUN = `dudao_t_${process.pid}_${Date.now().toString(36)}`;
  const tpl = templateName();
  await adminQuery(`CREATE DATABASE ${tpl}`);
  const database = await openDatabase({ databaseUrl: urlFor(tpl), dataDir: '/nonexistent', poolMax: 2 });
  try {
    await migrate(database);
    await seedStandardItems(database.db);
  } finally {
    await database.close();
  }
}
