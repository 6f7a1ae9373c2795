/**
 * Filing with the office (申报备案, 清远 规程 一.2): every planned visit (对象, 内容, 时间) is visible to the office,
 * unannounced ones included (only the office and the supervisor see those). The office lists them over the API,
 * and its WeCom admins get a digest of tomorrow's visits at the office's digestTime (17:00).
 */
import { aliasedTable, and, asc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { people, schools, visitParticipants, visits, zones } from '../db/schema/index.ts';
import { isUnannounced } from '../domain/advance-notice.ts';
import { dueDate } from '../domain/deadlines.ts';
import { atLocal, deliveryTime, localDayOf } from '../domain/reminder-time.ts';
import { filingDigestText } from '../../templates/calendar.ts';
import { shortName } from './directory.ts';
import { calendarsByOffice } from './office-calendar.ts';
import { enqueue, type OutboxItem } from './outbox.ts';

export interface FiledVisit {
  id: number;
  plannedOn: string;
  status: string;
  type: string;
  content: string | null;
  /** False for 随机督导 / 明查暗访: the school is not told. */
  announced: boolean;
  school: { id: number; name: string };
  zone: { id: number; name: string };
  supervisor: { id: number; name: string };
  participants: { id: number; name: string }[];
}

/** The office's planned visits with plannedOn in [from, to], oldest first (at most `limit`). */
export async function plannedVisits(db: DbOrTx, officeId: number, range: { from: string; to: string; limit?: number }): Promise<FiledVisit[]> {
  const lead = aliasedTable(people, 'lead');
  const rows = await db.select({
    visit: visits, schoolId: schools.id, school: schools.name, aliases: schools.aliases, zoneId: zones.id, zone: zones.name, leadId: lead.id, lead: lead.name,
  }).from(visits)
    .innerJoin(schools, eq(schools.id, visits.schoolId))
    .innerJoin(zones, eq(zones.id, schools.zoneId))
    .innerJoin(lead, eq(lead.id, visits.supervisorId))
    .where(and(eq(visits.officeId, officeId), inArray(visits.status, ['planned', 'in_progress', 'recorded']),
      gte(visits.plannedOn, range.from), lte(visits.plannedOn, range.to)))
    .orderBy(asc(visits.plannedOn), asc(visits.id))
    .limit(range.limit ?? 1000);
  const ids = rows.map((r) => r.visit.id);
  const joint = ids.length
    ? await db.select({ visitId: visitParticipants.visitId, id: people.id, name: people.name }).from(visitParticipants)
      .innerJoin(people, eq(people.id, visitParticipants.personId)).where(inArray(visitParticipants.visitId, ids))
    : [];
  return rows.map((r) => ({
    id: r.visit.id,
    plannedOn: r.visit.plannedOn!,
    status: r.visit.status,
    type: r.visit.type,
    content: r.visit.planContent,
    announced: !isUnannounced(r.visit.type),
    school: { id: r.schoolId, name: shortName({ name: r.school, aliases: r.aliases }) },
    zone: { id: r.zoneId, name: r.zone },
    supervisor: { id: r.leadId, name: r.lead },
    participants: joint.filter((j) => j.visitId === r.visit.id).map((j) => ({ id: j.id, name: j.name })),
  }));
}

/**
 * The hourly digest pass: for each office whose digestTime falls in the hour starting at `at`, its WeCom admins get
 * tomorrow's planned visits (nothing when there are none), at digestTime (held past quiet hours). Key
 * `filing:<office>:<day>:<admin>`. Returns how many digests were queued.
 */
export async function queueFilingDigests(db: Db, at: Date): Promise<number> {
  const today = localDayOf(at);
  const tomorrow = dueDate(today, 1);
  const calendars = await calendarsByOffice(db);
  let queued = 0;
  for (const [officeId, calendar] of calendars) {
    const sendAt = atLocal(today, calendar.digestTime);
    if (sendAt.getTime() < at.getTime() || sendAt.getTime() >= at.getTime() + 3600_000) continue;
    const list = (await plannedVisits(db, officeId, { from: tomorrow, to: tomorrow })).filter((v) => v.status === 'planned');
    if (list.length === 0) continue;
    const admins = await db.select().from(people)
      .where(and(eq(people.officeId, officeId), eq(people.active, true), sql`'office_admin' = any(${people.roles})`));
    const text = filingDigestText({
      day: tomorrow,
      visits: list.map((v) => ({ school: v.school.name, supervisor: [v.supervisor, ...v.participants].map((p) => p.name).join('、'), type: v.type, content: v.content, announced: v.announced })),
    });
    const items: OutboxItem[] = admins.filter((a) => a.wecomUserId).map((a) => ({
      key: `filing:${officeId}:${tomorrow}:${a.id}`, channel: 'wecom.app' as const, recipient: a.wecomUserId!,
      message: { type: 'text' as const, text },
      officeId,
      // Tomorrow's visits matter on a weekend too: held through the quiet hours only.
      notBefore: deliveryTime(sendAt, calendar, { workingDaysOnly: false }),
    }));
    queued += await enqueue(db, items);
  }
  return queued;
}
