/** The eight 经常性督导事项 of 《中小学校责任督学挂牌督导办法》第四条, seeded from config/standard-items.json. */
import { asc, sql } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import type { DbOrTx } from '../db/client.ts';
import { standardItems } from '../db/schema/index.ts';

const items: { code: number; title: string }[] = JSON.parse(readFileSync(new URL('../../config/standard-items.json', import.meta.url), 'utf8'));

export async function seedStandardItems(db: DbOrTx): Promise<void> {
  await db
    .insert(standardItems)
    .values(items.map((i) => ({ code: i.code, title: i.title, source: 'national' })))
    .onConflictDoUpdate({ target: standardItems.code, set: { title: sql`excluded.title` } });
}

export async function listStandardItems(db: DbOrTx) {
  return db.select().from(standardItems).orderBy(asc(standardItems.code));
}
