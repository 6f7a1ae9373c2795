/**
 * The figures of 一月一报告 for a zone or the whole district, over a month or a quarter: recorded visits per school
 * against the quota (calendar.visitsPerSchoolPerMonth), problems by the eight standard items, notices issued and
 * rectified, overdue notices, meetings held and attendance, and good practices (亮点) from the visits.
 *
 * A problem is counted under every standard item its visit checked (a problem entry does not name its item), and
 * once in `problems` overall. Notice statuses are read through domain/report-lifecycle.ts, which knows the names
 * the rectification work uses for "rectified" and for "void".
 */
import { and, asc, eq, gte, inArray, isNull, lt } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { offices, rectificationNotices, schools, standardItems, visitEntries, visits, zones } from '../db/schema/index.ts';
import { officeSettings } from '../domain/office-settings.ts';
import { isRectified, isVoidNotice } from '../domain/report-lifecycle.ts';
import type { Period } from '../domain/report-period.ts';
import { meetingsInPeriod, type MeetingFigures } from './report-meetings.ts';

export interface SchoolVisits {
  schoolId: number;
  name: string;
  zoneName: string;
  visits: number;
  quota: number;
  met: boolean;
}

export interface ZoneLine {
  zoneId: number;
  name: string;
  schools: number;
  visits: number;
  schoolsBelowQuota: number;
  problems: number;
  noticesIssued: number;
  noticesRectified: number;
}

export interface PeriodFigures {
  periodKey: string;
  firstDay: string;
  lastDay: string;
  /** The zone, or null for the district. */
  zone: { id: number; name: string } | null;
  /** Visits per school per month, times the months of the period. */
  quota: number;
  schools: SchoolVisits[];
  visits: number;
  schoolsBelowQuota: number;
  problems: number;
  problemsByItem: { code: number; title: string; count: number }[];
  noticesIssued: number;
  noticesRectified: number;
  /** Rectified / issued, as a percentage with one decimal; null when none was issued. */
  rectificationRate: number | null;
  /** Open notices of these schools past their due day on `asOf`. */
  overdue: number;
  asOf: string;
  meetings: MeetingFigures | null;
  goodPractices: { school: string; text: string }[];
  /** For the district: one line per zone. */
  zones: ZoneLine[];
  /** For a quarter: visits per month. */
  visitsByMonth: { month: string; visits: number }[];
}

const MAX_PRACTICES = 12;

export async function periodFigures(
  db: DbOrTx,
  input: { officeId: number; period: Period; zoneId?: number | null; asOf: string },
): Promise<PeriodFigures> {
  const { officeId, period } = input;
  const [office] = await db.select().from(offices).where(eq(offices.id, officeId));
  const perMonth = officeSettings(office.settings).calendar.visitsPerSchoolPerMonth;
  const quota = perMonth * period.months.length;
  const allZones = await db.select().from(zones).where(eq(zones.officeId, officeId)).orderBy(asc(zones.id));
  const zone = input.zoneId ? allZones.find((z) => z.id === input.zoneId) ?? null : null;
  const schoolRows = await db.select().from(schools)
    .where(zone ? and(eq(schools.officeId, officeId), eq(schools.zoneId, zone.id)) : eq(schools.officeId, officeId))
    .orderBy(asc(schools.zoneId), asc(schools.id));
  const schoolIds = schoolRows.map((s) => s.id);
  const zoneName = new Map(allZones.map((z) => [z.id, z.name]));

  const visitRows = schoolIds.length
    ? await db.select().from(visits).where(and(
      inArray(visits.schoolId, schoolIds), eq(visits.status, 'recorded'),
      gte(visits.submittedAt, period.from), lt(visits.submittedAt, period.to),
    )).orderBy(asc(visits.submittedAt), asc(visits.id))
    : [];
  const visitIds = visitRows.map((v) => v.id);
  const entries = visitIds.length
    ? await db.select({ visitId: visitEntries.visitId, kind: visitEntries.kind, text: visitEntries.text }).from(visitEntries)
      .where(and(inArray(visitEntries.visitId, visitIds), isNull(visitEntries.undoneAt), inArray(visitEntries.kind, ['problem', 'strength'])))
      .orderBy(asc(visitEntries.id))
    : [];
  const noticeRows = schoolIds.length
    ? await db.select().from(rectificationNotices).where(inArray(rectificationNotices.schoolId, schoolIds))
    : [];
  const items = await db.select().from(standardItems).orderBy(asc(standardItems.code));

  const visitsBySchool = new Map<number, number>();
  for (const v of visitRows) visitsBySchool.set(v.schoolId, (visitsBySchool.get(v.schoolId) ?? 0) + 1);
  const perSchool: SchoolVisits[] = schoolRows.map((s) => {
    const n = visitsBySchool.get(s.id) ?? 0;
    return { schoolId: s.id, name: s.name, zoneName: zoneName.get(s.zoneId) ?? '', visits: n, quota, met: n >= quota };
  });

  const problemsOfVisit = new Map<number, number>();
  for (const e of entries) if (e.kind === 'problem') problemsOfVisit.set(e.visitId, (problemsOfVisit.get(e.visitId) ?? 0) + 1);
  const problemsByItem = items.map((it) => ({
    code: it.code,
    title: it.title,
    count: visitRows.filter((v) => v.items.includes(it.code)).reduce((sum, v) => sum + (problemsOfVisit.get(v.id) ?? 0), 0),
  }));

  const inPeriod = (day: string) => day >= period.firstDay && day <= period.lastDay;
  const live = noticeRows.filter((n) => !isVoidNotice(n.status));
  const issued = live.filter((n) => inPeriod(n.issuedOn));
  const rectified = issued.filter((n) => isRectified(n.status));
  const overdue = live.filter((n) => !isRectified(n.status) && n.dueOn < input.asOf).length;

  const schoolName = new Map(schoolRows.map((s) => [s.id, s.name]));
  const schoolOfVisit = new Map(visitRows.map((v) => [v.id, v.schoolId]));
  const goodPractices = entries.filter((e) => e.kind === 'strength' && e.text)
    .slice(0, MAX_PRACTICES)
    .map((e) => ({ school: schoolName.get(schoolOfVisit.get(e.visitId)!) ?? '', text: e.text! }));

  const zoneLines: ZoneLine[] = zone ? [] : allZones.map((z) => {
    const ids = new Set(schoolRows.filter((s) => s.zoneId === z.id).map((s) => s.id));
    const zv = visitRows.filter((v) => ids.has(v.schoolId));
    const zi = issued.filter((n) => ids.has(n.schoolId));
    return {
      zoneId: z.id,
      name: z.name,
      schools: ids.size,
      visits: zv.length,
      schoolsBelowQuota: perSchool.filter((s) => ids.has(s.schoolId) && !s.met).length,
      problems: zv.reduce((sum, v) => sum + (problemsOfVisit.get(v.id) ?? 0), 0),
      noticesIssued: zi.length,
      noticesRectified: zi.filter((n) => isRectified(n.status)).length,
    };
  });

  const visitsByMonth = period.months.map((month) => ({
    month,
    visits: visitRows.filter((v) => monthOf(v.submittedAt!) === month).length,
  }));

  return {
    periodKey: period.key,
    firstDay: period.firstDay,
    lastDay: period.lastDay,
    zone: zone ? { id: zone.id, name: zone.name } : null,
    quota,
    schools: perSchool,
    visits: visitRows.length,
    schoolsBelowQuota: perSchool.filter((s) => !s.met).length,
    problems: [...problemsOfVisit.values()].reduce((a, b) => a + b, 0),
    problemsByItem,
    noticesIssued: issued.length,
    noticesRectified: rectified.length,
    rectificationRate: issued.length ? Math.round((1000 * rectified.length) / issued.length) / 10 : null,
    overdue,
    asOf: input.asOf,
    meetings: await meetingsInPeriod(db, { officeId, zoneId: zone?.id ?? null, period }),
    goodPractices,
    zones: zoneLines,
    visitsByMonth,
  };
}

function monthOf(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
}
