/**
 * Insert-or-update of one organisation row with its audit entry. Only fields given (not undefined) are compared and
 * written, so a save that changes nothing writes nothing — not even an audit row.
 */
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { assignments, offices, people, schools, zones } from '../db/schema/index.ts';
import { audit } from './audit.ts';

export type Outcome = 'created' | 'updated' | 'unchanged';

/** Who is acting, and for which office. */
export interface Who {
  actor: string;
  officeId: number;
}

type OrgTable = typeof offices | typeof zones | typeof schools | typeof people | typeof assignments;

export async function saveRow<R extends { id: number }>(
  tx: DbOrTx,
  table: OrgTable,
  entity: string,
  who: Who,
  existing: R | undefined,
  values: Record<string, unknown>,
): Promise<{ row: R; outcome: Outcome }> {
  const given = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
  const officeId = entity === 'office' ? (existing?.id ?? null) : who.officeId;
  if (!existing) {
    const [row] = (await tx.insert(table).values(given as any).returning()) as unknown as R[];
    await audit(tx, { actor: who.actor, officeId: officeId ?? row.id, action: `${entity}.create`, entity, entityId: row.id, after: given });
    return { row, outcome: 'created' };
  }
  const changed = Object.fromEntries(Object.entries(given).filter(([k, v]) => !same((existing as Record<string, unknown>)[k], v)));
  const keys = Object.keys(changed);
  if (keys.length === 0) return { row: existing, outcome: 'unchanged' };
  const [row] = (await tx.update(table).set(changed as any).where(eq(table.id, existing.id)).returning()) as unknown as R[];
  const before = Object.fromEntries(keys.map((k) => [k, (existing as Record<string, unknown>)[k] ?? null]));
  await audit(tx, { actor: who.actor, officeId, action: `${entity}.update`, entity, entityId: existing.id, before, after: changed });
  return { row, outcome: 'updated' };
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
