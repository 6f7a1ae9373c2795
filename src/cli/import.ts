/**
 * `npm run import -- <file.xlsx | folder of .csv> [--office 名称]`: loads an office's zones, schools, people and
 * assignments into DATABASE_URL (or the embedded database). Prints a summary per sheet, or every error by sheet and
 * row and exits 1 with the database unchanged.
 */
import { ConfigError, loadConfig } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { seedStandardItems } from '../services/standard-items.ts';
import { importErrors, importOrgLists } from '../services/import.ts';
import { readImportPath } from '../services/import-workbook.ts';
import { importErrorList, importSummary } from '../../templates/import.ts';
import { parseArgs } from './args.ts';

const { options, positional } = parseArgs(process.argv.slice(2));
if (positional.length !== 1) {
  console.error('用法: npm run import -- <名单.xlsx | CSV 文件夹> [--office 督导室名称]');
  process.exit(2);
}

try {
  const config = loadConfig();
  const sheets = await readImportPath(positional[0]);
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    await migrate(database);
    await seedStandardItems(database.db);
    const result = await importOrgLists(database.db, sheets, { officeName: options.get('office') || undefined, actor: 'import:cli' });
    console.log(importSummary(result.office.name, result.sheets));
  } finally {
    await database.close();
  }
} catch (err) {
  const errors = importErrors(err);
  if (errors) {
    console.error(importErrorList(errors));
    process.exit(1);
  }
  console.error(err instanceof ConfigError || err instanceof Error ? err.message : err);
  process.exit(err instanceof ConfigError ? 2 : 1);
}
