/**
 * The sandbox's demo district: when the database has no office yet, the example import
 * (config/import-example/csv, the same rows as dudao-import-example.xlsx) is loaded through the import service,
 * and a console account is created for its office admin. Never runs outside the sandbox (server.ts decides).
 */
import { fileURLToPath } from 'node:url';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { admins, offices, people } from '../db/schema/index.ts';
import { createAdmin } from './auth.ts';
import { importOrgLists, type ImportResult } from './import.ts';
import { readImportPath } from './import-workbook.ts';

export const DEMO_FOLDER = fileURLToPath(new URL('../../config/import-example/csv', import.meta.url));

/** The sandbox console account (README "Sandbox"). Only ever created in the sandbox. */
export const DEMO_ADMIN = { username: 'admin', password: 'dudao-sandbox', personMobile: '13908300001' } as const;
/** A zone leader's console account (周国华, 第二督学责任区): sees that zone only, read-only. */
export const DEMO_ZONE_LEADER = { username: 'zuzhang', password: 'dudao-sandbox', personMobile: '13908300002' } as const;

/** Loads the demo district when no office exists; returns what was imported, or undefined when it did nothing. */
export async function loadDemoIfEmpty(db: Db): Promise<ImportResult | undefined> {
  const [any] = await db.select({ id: offices.id }).from(offices).limit(1);
  if (any) return undefined;
  const result = await importOrgLists(db, await readImportPath(DEMO_FOLDER), { actor: 'system:demo' });
  for (const account of [DEMO_ADMIN, DEMO_ZONE_LEADER]) {
    const [taken] = await db.select({ id: admins.id }).from(admins).where(eq(admins.username, account.username));
    if (taken) continue;
    const [person] = await db.select({ id: people.id }).from(people)
      .where(and(eq(people.officeId, result.office.id), eq(people.mobile, account.personMobile)));
    await createAdmin(db, 'system:demo', { officeId: result.office.id, username: account.username, password: account.password, personId: person?.id });
  }
  return result;
}
