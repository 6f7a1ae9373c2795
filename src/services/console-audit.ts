/**
 * The audit log (台账) as the console reads it: the office's entries, newest first, one page at a time, filtered by
 * who acted (a console account or a person) and by record (entity, and optionally its id), with actors named.
 */
import { and, count, desc, eq, inArray, or, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { admins, auditLog, people } from '../db/schema/index.ts';
import { offsetOf, paged, type PageRequest } from '../domain/paging.ts';
import { assertOfficeRole, type Viewer } from './console-viewer.ts';

export interface AuditFilter {
  /** 'admin:3' or 'person:12'. */
  actor?: string;
  entity?: string;
  entityId?: string;
}

export const ACTOR_PATTERN = /^(admin|person):\d{1,9}$/;

export async function auditPage(db: DbOrTx, v: Viewer, f: AuditFilter, p: PageRequest) {
  assertOfficeRole(v);
  const where: SQL[] = [eq(auditLog.officeId, v.officeId)];
  if (f.actor) where.push(f.actor.startsWith('admin:') ? inArray(auditLog.actor, [f.actor, `import:${f.actor}`]) : eq(auditLog.actor, f.actor));
  if (f.entity) where.push(eq(auditLog.entity, f.entity));
  if (f.entityId) where.push(eq(auditLog.entityId, f.entityId));
  const [{ n }] = await db.select({ n: count() }).from(auditLog).where(and(...where));
  const rows = await db.select().from(auditLog).where(and(...where)).orderBy(desc(auditLog.id)).limit(p.size).offset(offsetOf(p));
  const names = await actorNames(db, v.officeId, rows.map((r) => r.actor));
  return paged(rows.map((r) => ({ ...r, actorName: names.get(r.actor) ?? r.actor })), n, p);
}

/** Who may appear as an actor: the office's console accounts and people (for the filter's choices). */
export async function auditActors(db: DbOrTx, v: Viewer) {
  assertOfficeRole(v);
  const accounts = await db.select({ id: admins.id, username: admins.username }).from(admins).where(eq(admins.officeId, v.officeId)).limit(200);
  const persons = await db.select({ id: people.id, name: people.name }).from(people).where(eq(people.officeId, v.officeId)).orderBy(people.id).limit(2000);
  return [...accounts.map((a) => ({ actor: `admin:${a.id}`, label: a.username })), ...persons.map((p) => ({ actor: `person:${p.id}`, label: p.name }))];
}

async function actorNames(db: DbOrTx, officeId: number, actors: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const ids = (kind: string) => [...new Set(actors.map((a) => new RegExp(`^(?:import:)?${kind}:(\\d+)$`).exec(a)?.[1]).filter(Boolean).map(Number))];
  const adminIds = ids('admin');
  const personIds = ids('person');
  if (adminIds.length) {
    for (const a of await db.select({ id: admins.id, username: admins.username }).from(admins).where(and(eq(admins.officeId, officeId), inArray(admins.id, adminIds)))) {
      names.set(`admin:${a.id}`, a.username);
      names.set(`import:admin:${a.id}`, a.username);
    }
  }
  if (personIds.length) {
    for (const p of await db.select({ id: people.id, name: people.name }).from(people).where(and(eq(people.officeId, officeId), or(inArray(people.id, personIds))))) {
      names.set(`person:${p.id}`, p.name);
    }
  }
  return names;
}
