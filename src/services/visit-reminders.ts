/**
 * A draft untouched for 12 hours (the office's staleDraftHours) gets one reminder (conversations.md §1.6); the
 * jobs layer runs this every hour. The reminder is held back through the quiet hours and non-working days.
 */
import { and, count, eq, isNull, lte } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { people, schools, visitEntries, visits } from '../db/schema/index.ts';
import { clock } from '../clock.ts';
import { deliveryTime } from '../domain/reminder-time.ts';
import { calendarsByOffice } from './office-calendar.ts';
import { staleDraftReminderText } from '../../templates/visit-messages.ts';
import { recipientFor } from './directory.ts';
import { enqueue } from './outbox.ts';

/** Queues one reminder per stale draft (key `visit:<id>:stale-reminder`); returns how many were queued. */
export async function remindStaleDrafts(db: Db, opts: { now?: Date } = {}): Promise<number> {
  const now = opts.now ?? clock.now();
  const calendars = await calendarsByOffice(db);
  const hoursOf = (officeId: number) => calendars.get(officeId)?.staleDraftHours ?? 12;
  const shortest = Math.min(12, ...[...calendars.values()].map((c) => c.staleDraftHours));
  const cutoff = new Date(now.getTime() - shortest * 3600_000);
  const stale = await db
    .select({ visit: visits, school: schools, lead: people })
    .from(visits)
    .innerJoin(schools, eq(schools.id, visits.schoolId))
    .innerJoin(people, eq(people.id, visits.supervisorId))
    .where(and(eq(visits.status, 'in_progress'), isNull(visits.staleRemindedAt), lte(visits.lastActivityAt, cutoff)));
  let queued = 0;
  for (const { visit, school, lead } of stale) {
    const hours = hoursOf(visit.officeId);
    if (visit.lastActivityAt.getTime() > now.getTime() - hours * 3600_000) continue;
    const calendar = calendars.get(visit.officeId);
    queued += await db.transaction(async (tx) => {
      const claimed = await tx.update(visits).set({ staleRemindedAt: now })
        .where(and(eq(visits.id, visit.id), eq(visits.status, 'in_progress'), isNull(visits.staleRemindedAt)))
        .returning({ id: visits.id });
      const to = recipientFor(lead);
      if (claimed.length === 0 || !to) return 0;
      const [{ n }] = await tx.select({ n: count() }).from(visitEntries)
        .where(and(eq(visitEntries.visitId, visit.id), isNull(visitEntries.undoneAt)));
      return enqueue(tx, {
        key: `visit:${visit.id}:stale-reminder`,
        ...to,
        message: { type: 'text', text: staleDraftReminderText({ schoolName: school.name, hours, entries: n }) },
        ...(calendar ? { notBefore: deliveryTime(now, calendar) } : {}),
        officeId: visit.officeId,
      });
    });
  }
  return queued;
}
