/**
 * The audit log (台账): who changed what, when, with the row before and after. Written in the same transaction as
 * the change it records. Actors: 'admin:3', 'person:12', 'import:admin:3', 'import:cli', 'system:demo', 'system'.
 */
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { auditLog } from '../db/schema/index.ts';
import { clock } from '../clock.ts';

export interface AuditEntry {
  actor: string;
  action: string;
  entity: string;
  entityId?: string | number | null;
  officeId?: number | null;
  before?: unknown;
  after?: unknown;
}

export async function audit(tx: DbOrTx, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    at: clock.now(),
    actor: entry.actor,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId == null ? null : String(entry.entityId),
    officeId: entry.officeId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}

export interface AuditQuery {
  officeId: number;
  entity?: string;
  entityId?: string;
  /** Only entries older than this id (paging backwards). */
  beforeId?: number;
  limit?: number;
}

/** Newest first. */
export async function listAudit(db: DbOrTx, q: AuditQuery) {
  const where: SQL[] = [eq(auditLog.officeId, q.officeId)];
  if (q.entity) where.push(eq(auditLog.entity, q.entity));
  if (q.entityId) where.push(eq(auditLog.entityId, q.entityId));
  if (q.beforeId) where.push(lt(auditLog.id, q.beforeId));
  return db.select().from(auditLog).where(and(...where)).orderBy(desc(auditLog.id)).limit(Math.min(q.limit ?? 100, 500));
}
