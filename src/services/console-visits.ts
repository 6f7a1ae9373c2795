/**
 * Visits as the console lists them: those planned for a span of days (the Today screen), and a school's visits
 * with their ratings (the school page). Scoped to the viewer's office and, for a zone leader, their zone.
 */
import { and, asc, count, desc, eq, gte, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { people, schools, visits, zones } from '../db/schema/index.ts';
import { offsetOf, paged, type PageRequest } from '../domain/paging.ts';
import type { Viewer } from './console-viewer.ts';

/** Planned (not yet started) visits whose day falls in [from, to], soonest first. */
export async function plannedVisits(db: DbOrTx, v: Viewer, span: { from: string; to: string }, limit = 50) {
  const where = and(
    eq(visits.officeId, v.officeId), eq(visits.status, 'planned'), gte(visits.plannedOn, span.from), lte(visits.plannedOn, span.to),
    v.role === 'zone' ? eq(schools.zoneId, v.zoneId!) : undefined,
  );
  const [{ n }] = await db.select({ n: count() }).from(visits).innerJoin(schools, eq(schools.id, visits.schoolId)).where(where);
  const items = await db.select({
    id: visits.id, plannedOn: visits.plannedOn, planContent: visits.planContent, type: visits.type,
    schoolId: schools.id, school: schools.name, zone: zones.name, supervisor: people.name,
  }).from(visits).innerJoin(schools, eq(schools.id, visits.schoolId)).innerJoin(zones, eq(zones.id, schools.zoneId))
    .innerJoin(people, eq(people.id, visits.supervisorId))
    .where(where).orderBy(asc(visits.plannedOn), asc(visits.id)).limit(limit);
  return { items, total: n };
}

/** A school's visits, newest first (the caller has checked the school is the viewer's). */
export async function visitsOfSchool(db: DbOrTx, schoolId: number, p: PageRequest) {
  const where = eq(visits.schoolId, schoolId);
  const [{ n }] = await db.select({ n: count() }).from(visits).where(where);
  const items = await db.select({
    id: visits.id, status: visits.status, type: visits.type, plannedOn: visits.plannedOn, startedAt: visits.startedAt,
    submittedAt: visits.submittedAt, rating: visits.schoolRating, supervisor: people.name,
  }).from(visits).innerJoin(people, eq(people.id, visits.supervisorId)).where(where)
    .orderBy(desc(sql`coalesce(${visits.submittedAt}, ${visits.startedAt}, ${visits.plannedOn}::timestamptz)`), desc(visits.id))
    .limit(p.size).offset(offsetOf(p));
  return paged(items, n, p);
}

/** How the school rated its recorded visits: count per rating. */
export async function ratingsOfSchool(db: DbOrTx, schoolId: number) {
  return db.select({ rating: visits.schoolRating, n: count() }).from(visits)
    .where(and(eq(visits.schoolId, schoolId), eq(visits.status, 'recorded'), sql`${visits.schoolRating} is not null`))
    .groupBy(visits.schoolRating);
}
