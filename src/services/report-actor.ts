/**
 * Who acts on a report through the API. An office account linked to a person (admins.person_id) acts with that
 * person's roles — a supervisor's or zone leader's console account may draft and submit but not approve or publish
 * (守则 6); an office account with no person is the office itself (督导室管理员).
 */
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { admins, people, type Role } from '../db/schema/index.ts';
import type { ReportActorRoles } from '../domain/report-lifecycle.ts';

export interface ReportActor extends ReportActorRoles {
  /** For the audit log: 'admin:3'. */
  actor: string;
  officeId: number;
  username: string;
  personId: number | null;
}

export async function reportActorOf(db: DbOrTx, admin: { id: number; officeId: number; username: string }): Promise<ReportActor> {
  const [row] = await db.select({ personId: admins.personId }).from(admins).where(eq(admins.id, admin.id));
  const base = { actor: `admin:${admin.id}`, officeId: admin.officeId, username: admin.username };
  if (!row?.personId) return { ...base, personId: null, roles: ['office_admin'] as Role[], zoneId: null };
  const [person] = await db.select().from(people).where(eq(people.id, row.personId));
  if (!person?.active || person.officeId !== admin.officeId) return { ...base, personId: row.personId, roles: [], zoneId: null };
  return { ...base, personId: person.id, roles: person.roles, zoneId: person.zoneId };
}
