/**
 * Meetings held and attendance for a bulletin (一月一例会), from the meetings tables. A meeting counts as held when it
 * started within the period (and before now) and was neither cancelled nor left a draft. A zone's bulletin counts
 * the zone's own meetings and the all-zones meetings, with the attendance of that zone's members only; the district
 * bulletin counts every meeting and everyone recorded.
 */
import { and, eq, gte, inArray, isNull, lt, lte, or } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { meetingAttendance, meetings, people } from '../db/schema/index.ts';
import { clock } from '../clock.ts';
import type { Period } from '../domain/report-period.ts';

export interface MeetingFigures {
  held: number;
  /** People expected across the meetings held (attendance recorded), and how many were present. */
  expected: number;
  attended: number;
}

export async function meetingsInPeriod(
  db: DbOrTx,
  input: { officeId: number; zoneId: number | null; period: Period },
): Promise<MeetingFigures> {
  const { officeId, zoneId, period } = input;
  const end = period.to.getTime() < clock.now().getTime() ? period.to : clock.now();
  const held = await db.select({ id: meetings.id }).from(meetings).where(and(
    eq(meetings.officeId, officeId), eq(meetings.status, 'scheduled'),
    gte(meetings.startsAt, period.from), lt(meetings.startsAt, period.to), lte(meetings.startsAt, end),
    zoneId === null ? undefined : or(eq(meetings.zoneId, zoneId), isNull(meetings.zoneId)),
  ));
  if (held.length === 0) return { held: 0, expected: 0, attended: 0 };
  const marks = await db.select({ present: meetingAttendance.present }).from(meetingAttendance)
    .innerJoin(people, eq(people.id, meetingAttendance.personId))
    .where(and(
      inArray(meetingAttendance.meetingId, held.map((m) => m.id)),
      zoneId === null ? undefined : eq(people.zoneId, zoneId),
    ));
  return { held: held.length, expected: marks.length, attended: marks.filter((m) => m.present).length };
}
