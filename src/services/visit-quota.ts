/**
 * The monthly quota (seed 000 四(一) 每月不少于2次; the office's visitsPerSchoolPerMonth): submitted visits per school
 * per month. The office reads the table for any month; on the reminder day (the 20th) each supervisor gets their
 * schools below the quota with the count so far, and on the month's last working day each zone leader gets the
 * zone's table. Messages are keyed per month and person, so a repeated pass sends nothing twice.
 */
import { and, asc, eq, gte, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { assignments, people, schools, visits, zones } from '../db/schema/index.ts';
import { monthBounds, monthOf } from '../domain/month.ts';
import { atLocal, deliveryTime, localDayOf } from '../domain/reminder-time.ts';
import { lastWorkdayOfMonth } from '../domain/working-days.ts';
import { quotaReminderText, zoneQuotaText } from '../../templates/calendar.ts';
import { recipientFor } from './directory.ts';
import { calendarOf, calendarsByOffice } from './office-calendar.ts';
import { enqueue, type OutboxItem } from './outbox.ts';

export interface QuotaRow {
  schoolId: number;
  school: string;
  zoneId: number;
  zone: string;
  /** The school's supervisors during the month. */
  supervisors: { id: number; name: string }[];
  /** Visits submitted in the month (Asia/Shanghai). */
  count: number;
  below: boolean;
}

export interface QuotaTable {
  month: string;
  quota: number;
  rows: QuotaRow[];
}

/** Submitted visits per school of the office in the month, up to `until` when given (the count so far). */
async function countsBySchool(db: DbOrTx, officeId: number, month: string, until?: Date): Promise<Map<number, number>> {
  const { first, next } = monthBounds(month);
  const end = atLocal(next, '00:00');
  const rows = await db.select({ schoolId: visits.schoolId, n: sql<number>`count(*)::int` }).from(visits)
    .where(and(
      eq(visits.officeId, officeId), eq(visits.status, 'recorded'),
      gte(visits.submittedAt, atLocal(first, '00:00')), lt(visits.submittedAt, until && until < end ? until : end),
    ))
    .groupBy(visits.schoolId);
  return new Map(rows.map((r) => [r.schoolId, r.n]));
}

/** The office's table for a month: every school, its zone and supervisors, and its count against the quota. */
export async function quotaTable(db: DbOrTx, officeId: number, month: string, opts: { until?: Date } = {}): Promise<QuotaTable> {
  const { first, next } = monthBounds(month);
  const quota = (await calendarOf(db, officeId)).visitsPerSchoolPerMonth;
  const [list, counts, held] = await Promise.all([
    db.select({ id: schools.id, name: schools.name, zoneId: zones.id, zone: zones.name }).from(schools)
      .innerJoin(zones, eq(zones.id, schools.zoneId)).where(eq(schools.officeId, officeId)).orderBy(asc(zones.id), asc(schools.id)),
    countsBySchool(db, officeId, month, opts.until),
    db.select({ schoolId: assignments.schoolId, id: people.id, name: people.name }).from(assignments)
      .innerJoin(people, eq(people.id, assignments.supervisorId))
      .innerJoin(schools, eq(schools.id, assignments.schoolId))
      .where(and(eq(schools.officeId, officeId), lt(assignments.startsOn, next), or(isNull(assignments.endsOn), gte(assignments.endsOn, first))))
      .orderBy(asc(assignments.startsOn)),
  ]);
  const bySchool = new Map<number, { id: number; name: string }[]>();
  for (const h of held) {
    const l = bySchool.get(h.schoolId) ?? [];
    if (!l.some((p) => p.id === h.id)) l.push({ id: h.id, name: h.name });
    bySchool.set(h.schoolId, l);
  }
  return {
    month,
    quota,
    rows: list.map((s) => {
      const count = counts.get(s.id) ?? 0;
      return { schoolId: s.id, school: s.name, zoneId: s.zoneId, zone: s.zone, supervisors: bySchool.get(s.id) ?? [], count, below: count < quota };
    }),
  };
}

const BATCH = 1000;

/**
 * The quota pass for the day of `at`: offices whose reminder day it is remind their supervisors, offices whose last
 * working day of the month it is send the zone table to the zone leaders. Returns how many messages were queued.
 */
export async function queueQuotaReminders(db: Db, at: Date, opts: { touch?: () => Promise<void> } = {}): Promise<{ supervisors: number; zoneLeaders: number }> {
  const day = localDayOf(at);
  const month = monthOf(day);
  const calendars = await calendarsByOffice(db);
  const out = { supervisors: 0, zoneLeaders: 0 };
  for (const [officeId, calendar] of calendars) {
    const reminderDay = `${month}-${String(calendar.quotaReminderDay).padStart(2, '0')}`;
    const lastWorkday = lastWorkdayOfMonth(month);
    if (day !== reminderDay && day !== lastWorkday) continue;
    // The count so far: what was submitted before this pass's day began.
    const table = await quotaTable(db, officeId, month, { until: atLocal(day, '00:00') });
    const sendAt = deliveryTime(atLocal(day, calendar.quietUntil), calendar);
    if (day === reminderDay) out.supervisors += await remindSupervisors(db, { officeId, table, sendAt, today: day, touch: opts.touch });
    if (day === lastWorkday) out.zoneLeaders += await sendZoneTables(db, { officeId, table, sendAt: deliveryTime(atLocal(day, calendar.digestTime), calendar) });
  }
  return out;
}

async function remindSupervisors(db: Db, i: { officeId: number; table: QuotaTable; sendAt: Date; today: string; touch?: () => Promise<void> }): Promise<number> {
  // Schools count for the supervisors who hold them today.
  const active = await db.select({
    schoolId: assignments.schoolId,
    person: { id: people.id, wecomUserId: people.wecomUserId, wechatOpenId: people.wechatOpenId, wechatyContact: people.wechatyContact },
  }).from(assignments)
    .innerJoin(people, eq(people.id, assignments.supervisorId))
    .where(and(eq(people.officeId, i.officeId), eq(people.active, true), lte(assignments.startsOn, i.today),
      or(isNull(assignments.endsOn), gte(assignments.endsOn, i.today))));
  const rowOf = new Map(i.table.rows.map((r) => [r.schoolId, r]));
  const bySupervisor = new Map<number, { person: typeof active[number]['person']; schools: { name: string; count: number }[] }>();
  for (const a of active) {
    const row = rowOf.get(a.schoolId);
    if (!row || !row.below) continue;
    const entry = bySupervisor.get(a.person.id) ?? { person: a.person, schools: [] };
    entry.schools.push({ name: row.school, count: row.count });
    bySupervisor.set(a.person.id, entry);
  }
  const items: OutboxItem[] = [];
  for (const { person, schools: below } of bySupervisor.values()) {
    const to = recipientFor(person);
    if (!to) continue;
    items.push({
      key: `quota:${i.table.month}:supervisor:${person.id}`, ...to, notBefore: i.sendAt, officeId: i.officeId,
      message: { type: 'text', text: quotaReminderText({ month: i.table.month, quota: i.table.quota, schools: below }) },
    });
  }
  let queued = 0;
  for (let k = 0; k < items.length; k += BATCH) {
    queued += await enqueue(db, items.slice(k, k + BATCH));
    await i.touch?.();
  }
  return queued;
}

async function sendZoneTables(db: Db, i: { officeId: number; table: QuotaTable; sendAt: Date }): Promise<number> {
  const leaders = await db.select().from(people)
    .where(and(eq(people.officeId, i.officeId), eq(people.active, true), sql`'zone_leader' = any(${people.roles})`));
  const items: OutboxItem[] = [];
  for (const leader of leaders) {
    const to = recipientFor(leader);
    const rows = i.table.rows.filter((r) => r.zoneId === leader.zoneId);
    if (!to || rows.length === 0) continue;
    items.push({
      key: `quota:${i.table.month}:zone:${leader.zoneId}:${leader.id}`, ...to, notBefore: i.sendAt, officeId: i.officeId,
      message: { type: 'text', text: zoneQuotaText({
        month: i.table.month, zone: rows[0]!.zone, quota: i.table.quota,
        rows: rows.map((r) => ({ school: r.school, supervisor: r.supervisors.map((s) => s.name).join('、') || '—', count: r.count })),
      }) },
    });
  }
  return enqueue(db, items);
}

