/**
 * The organisation as the console lists it: zones, schools, people and assignments (挂牌) of the viewer's office
 * (a zone leader: their zone), one page at a time, with the record pages' single-row loads refused (403) outside
 * the viewer's scope.
 */
import { and, asc, count, eq, gte, ilike, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { assignments, people, schools, zones, type Role } from '../db/schema/index.ts';
import { DudaoError } from '../domain/errors.ts';
import { shanghaiDate } from '../domain/deadlines.ts';
import { clock } from '../clock.ts';
import { offsetOf, paged, type PageRequest, type Paged } from '../domain/paging.ts';
import { orgText } from '../../templates/org.ts';
import { assertSees, zoneScope, type Viewer } from './console-viewer.ts';
import type { Person, School, Zone } from './org.ts';

export async function zonesFor(db: DbOrTx, v: Viewer) {
  const rows = await db.select().from(zones)
    .where(and(eq(zones.officeId, v.officeId), v.role === 'zone' ? eq(zones.id, v.zoneId!) : undefined))
    .orderBy(asc(zones.id)).limit(500);
  const counts = await db.select({ zoneId: schools.zoneId, n: count() }).from(schools).where(eq(schools.officeId, v.officeId)).groupBy(schools.zoneId);
  return rows.map((z) => ({ ...z, schoolCount: counts.find((c) => c.zoneId === z.id)?.n ?? 0 }));
}

export async function zoneFor(db: DbOrTx, v: Viewer, id: number): Promise<Zone> {
  const [zone] = await db.select().from(zones).where(eq(zones.id, id));
  if (!zone) throw new DudaoError('not_found', orgText.unknownZone(String(id)));
  assertSees(v, { officeId: zone.officeId, zoneId: zone.id });
  return zone;
}

export async function schoolFor(db: DbOrTx, v: Viewer, id: number): Promise<School & { zone: string }> {
  const [row] = await db.select({ school: schools, zone: zones.name }).from(schools).innerJoin(zones, eq(zones.id, schools.zoneId)).where(eq(schools.id, id));
  if (!row) throw new DudaoError('not_found', orgText.unknownSchool(String(id)));
  assertSees(v, { officeId: row.school.officeId, zoneId: row.school.zoneId });
  return { ...row.school, zone: row.zone };
}

export async function personFor(db: DbOrTx, v: Viewer, id: number): Promise<Person> {
  const [person] = await db.select().from(people).where(eq(people.id, id));
  if (!person) throw new DudaoError('not_found', orgText.unknownPerson(String(id)));
  assertSees(v, { officeId: person.officeId, zoneId: await zoneOfPerson(db, person) });
  return person;
}

/** A person's zone: their own (supervisors, leaders) or their school's (contacts); null for office staff. */
async function zoneOfPerson(db: DbOrTx, p: Person): Promise<number | null> {
  if (p.zoneId) return p.zoneId;
  if (p.schoolId) {
    const [s] = await db.select({ zoneId: schools.zoneId }).from(schools).where(eq(schools.id, p.schoolId));
    return s?.zoneId ?? null;
  }
  return null;
}

export interface SchoolFilter {
  zoneId?: number;
  q?: string;
}

export async function schoolsPage(db: DbOrTx, v: Viewer, f: SchoolFilter, p: PageRequest) {
  const zoneId = zoneScope(v, f.zoneId);
  const today = shanghaiDate(clock.now());
  const where = and(
    eq(schools.officeId, v.officeId),
    zoneId ? eq(schools.zoneId, zoneId) : undefined,
    f.q ? or(ilike(schools.name, `%${likeEscape(f.q)}%`), sql`${f.q} = any(${schools.aliases})`) : undefined,
  );
  const [{ n }] = await db.select({ n: count() }).from(schools).where(where);
  const items = await db.select({
    id: schools.id, name: schools.name, aliases: schools.aliases, type: schools.type, zoneId: schools.zoneId, zone: zones.name, enrolment: schools.enrolment,
    supervisors: sql<string | null>`(select string_agg(p.name, '、' order by p.id) from ${assignments} a join ${people} p on p.id = a.supervisor_id
      where a.school_id = ${schools.id} and a.starts_on <= ${today} and (a.ends_on is null or a.ends_on >= ${today}))`,
  }).from(schools).innerJoin(zones, eq(zones.id, schools.zoneId)).where(where).orderBy(asc(schools.zoneId), asc(schools.id)).limit(p.size).offset(offsetOf(p));
  return paged(items, n, p);
}

export interface PeopleFilter {
  role?: Role;
  q?: string;
}

export async function peoplePage(db: DbOrTx, v: Viewer, f: PeopleFilter, p: PageRequest): Promise<Paged<Person & { zone: string | null; school: string | null }>> {
  const where: SQL[] = [eq(people.officeId, v.officeId)];
  if (v.role === 'zone') {
    const own = db.select({ id: schools.id }).from(schools).where(eq(schools.zoneId, v.zoneId!));
    where.push(or(eq(people.zoneId, v.zoneId!), inArray(people.schoolId, own))!);
  }
  if (f.role) where.push(sql`${f.role} = any(${people.roles})`);
  if (f.q) where.push(or(ilike(people.name, `%${likeEscape(f.q)}%`), eq(people.mobile, f.q))!);
  const [{ n }] = await db.select({ n: count() }).from(people).where(and(...where));
  const rows = await db.select({ person: people, zone: zones.name, school: schools.name }).from(people)
    .leftJoin(zones, eq(zones.id, people.zoneId)).leftJoin(schools, eq(schools.id, people.schoolId))
    .where(and(...where)).orderBy(asc(people.id)).limit(p.size).offset(offsetOf(p));
  return paged(rows.map((r) => ({ ...r.person, zone: r.zone, school: r.school })), n, p);
}

export async function assignmentsPage(db: DbOrTx, v: Viewer, f: { activeOn?: string; schoolId?: number; supervisorId?: number }, p: PageRequest) {
  const day = f.activeOn;
  const where = and(
    eq(schools.officeId, v.officeId),
    v.role === 'zone' ? eq(schools.zoneId, v.zoneId!) : undefined,
    f.schoolId ? eq(assignments.schoolId, f.schoolId) : undefined,
    f.supervisorId ? eq(assignments.supervisorId, f.supervisorId) : undefined,
    day ? and(lte(assignments.startsOn, day), or(isNull(assignments.endsOn), gte(assignments.endsOn, day))) : undefined,
  );
  const [{ n }] = await db.select({ n: count() }).from(assignments).innerJoin(schools, eq(schools.id, assignments.schoolId)).where(where);
  const items = await db.select({
    id: assignments.id, supervisorId: assignments.supervisorId, supervisor: people.name, mobile: people.mobile, schoolId: assignments.schoolId,
    school: schools.name, startsOn: assignments.startsOn, endsOn: assignments.endsOn, reason: assignments.reason,
  }).from(assignments).innerJoin(schools, eq(schools.id, assignments.schoolId)).innerJoin(people, eq(people.id, assignments.supervisorId))
    .where(where).orderBy(asc(schools.zoneId), asc(assignments.schoolId), asc(assignments.startsOn)).limit(p.size).offset(offsetOf(p));
  return paged(items, n, p);
}

export async function assignmentFor(db: DbOrTx, v: Viewer, id: number) {
  const [row] = await db.select({ a: assignments, school: schools, supervisor: people.name, mobile: people.mobile })
    .from(assignments).innerJoin(schools, eq(schools.id, assignments.schoolId)).innerJoin(people, eq(people.id, assignments.supervisorId))
    .where(eq(assignments.id, id));
  if (!row) throw new DudaoError('not_found', orgText.unknownAssignment(String(id)));
  assertSees(v, { officeId: row.school.officeId, zoneId: row.school.zoneId });
  return { ...row.a, school: row.school.name, supervisor: row.supervisor, mobile: row.mobile };
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
