/**
 * Who is looking at the office console, and what they may see (domain.md §2.4). A console account belongs to an
 * office; when it is linked to a person who is a zone leader (组长) and not an office admin, it sees that zone only
 * and may not change the organisation, escalate or publish. An account linked to no person is the office's own.
 * Every console query takes the Viewer and scopes itself with it, here in services/, never in a route.
 */
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { admins, people, zones } from '../db/schema/index.ts';
import { DudaoError } from '../domain/errors.ts';
import type { AdminPrincipal } from './auth.ts';
import { consoleAccessText } from '../../templates/admin/access.ts';

export interface Viewer {
  adminId: number;
  officeId: number;
  username: string;
  /** The person behind the account, when it is linked to one. */
  personId: number | null;
  name: string;
  role: 'office' | 'zone';
  /** Set for a zone leader: the only zone they see. */
  zoneId: number | null;
  zoneName: string | null;
}

export async function viewerOf(db: DbOrTx, admin: AdminPrincipal): Promise<Viewer> {
  const [row] = await db.select({ personId: admins.personId }).from(admins).where(eq(admins.id, admin.id));
  const base = { adminId: admin.id, officeId: admin.officeId, username: admin.username };
  if (!row?.personId) return { ...base, personId: null, name: admin.username, role: 'office', zoneId: null, zoneName: null };
  const [person] = await db.select().from(people).where(eq(people.id, row.personId));
  if (!person || person.officeId !== admin.officeId || !person.active) throw new DudaoError('forbidden', consoleAccessText.noRole);
  if (person.roles.includes('office_admin')) return { ...base, personId: person.id, name: person.name, role: 'office', zoneId: null, zoneName: null };
  if (person.roles.includes('zone_leader') && person.zoneId) {
    const [zone] = await db.select({ name: zones.name }).from(zones).where(eq(zones.id, person.zoneId));
    return { ...base, personId: person.id, name: person.name, role: 'zone', zoneId: person.zoneId, zoneName: zone?.name ?? null };
  }
  throw new DudaoError('forbidden', consoleAccessText.noRole);
}

/** The actor string written to the audit log for what this viewer does. */
export const actorOf = (v: Viewer): string => `admin:${v.adminId}`;

/** Refuses (403) what only the office may do: changing the organisation, escalating, publishing, operations. */
export function assertOfficeRole(v: Viewer): void {
  if (v.role !== 'office') throw new DudaoError('forbidden', consoleAccessText.officeOnly);
}

/** Refuses (403) a record of another office, or, for a zone leader, of another zone. */
export function assertSees(v: Viewer, record: { officeId: number; zoneId?: number | null }): void {
  if (record.officeId !== v.officeId) throw new DudaoError('forbidden', consoleAccessText.otherOffice);
  if (v.role === 'zone' && record.zoneId !== undefined && record.zoneId !== v.zoneId) throw new DudaoError('forbidden', consoleAccessText.otherZone);
}

/** The zone a list is limited to: the leader's own, or the filter the office chose (undefined = all zones). */
export function zoneScope(v: Viewer, requested?: number): number | undefined {
  return v.role === 'zone' ? v.zoneId! : requested;
}

/** The office's person with this mobile, to link a console account to (`npm run admin:create -- --mobile …`). */
export async function personForAccount(db: DbOrTx, officeId: number, mobile: string): Promise<{ id: number; name: string }> {
  const [person] = await db.select({ id: people.id, name: people.name }).from(people).where(and(eq(people.officeId, officeId), eq(people.mobile, mobile.trim())));
  if (!person) throw new DudaoError('not_found', consoleAccessText.noPerson(mobile));
  return person;
}
