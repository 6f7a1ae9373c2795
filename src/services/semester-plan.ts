/**
 * The zone's semester plan (学期督导工作计划表, seed 004 附件4): the planned visits of a semester, month by month —
 * 月份, 计划被督导学校, 计划督导内容, 备注 — with the zone leader who signs it. Read for the signed-in office only.
 */
import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { offices, people, schools, visits, zones } from '../db/schema/index.ts';
import { DudaoError } from '../domain/errors.ts';
import type { Semester } from '../domain/semester.ts';
import { calendarErrors } from '../../templates/calendar.ts';
import { shortName } from './directory.ts';

export interface SemesterPlanRow {
  /** 'YYYY-MM' */
  month: string;
  school: string;
  content: string;
  /** The visit type when it is not routine (随机督导, 联合督导 …), and the day. */
  note: string;
  plannedOn: string;
}

export interface SemesterPlan {
  office: string;
  zone: { id: number; name: string };
  leaders: string[];
  semester: Semester;
  rows: SemesterPlanRow[];
}

export async function semesterPlan(db: DbOrTx, officeId: number, zoneId: number, semester: Semester): Promise<SemesterPlan> {
  const [zone] = await db.select({ id: zones.id, name: zones.name, office: offices.name }).from(zones)
    .innerJoin(offices, eq(offices.id, zones.officeId))
    .where(and(eq(zones.id, zoneId), eq(zones.officeId, officeId)));
  if (!zone) throw new DudaoError('not_found', calendarErrors.zoneNotFound());
  const leaders = await db.select({ name: people.name }).from(people)
    .where(and(eq(people.officeId, officeId), eq(people.zoneId, zoneId), eq(people.active, true), sql`'zone_leader' = any(${people.roles})`))
    .orderBy(asc(people.id));
  const planned = await db.select({ visit: visits, name: schools.name, aliases: schools.aliases }).from(visits)
    .innerJoin(schools, eq(schools.id, visits.schoolId))
    .where(and(eq(visits.officeId, officeId), eq(schools.zoneId, zoneId), inArray(visits.status, ['planned', 'in_progress', 'recorded']),
      gte(visits.plannedOn, semester.from), lt(visits.plannedOn, semester.until)))
    .orderBy(asc(visits.plannedOn), asc(visits.id));
  return {
    office: zone.office,
    zone: { id: zone.id, name: zone.name },
    leaders: leaders.map((l) => l.name),
    semester,
    rows: planned.map(({ visit, name, aliases }) => ({
      month: visit.plannedOn!.slice(0, 7),
      school: shortName({ name, aliases }),
      content: visit.planContent ?? '',
      note: visit.type === '经常性督导' ? '' : visit.type,
      plannedOn: visit.plannedOn!,
    })),
  };
}
