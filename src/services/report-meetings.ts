/**
 * Meetings held and attendance for a bulletin (一月一例会), read from the meetings work's tables (meetings,
 * meeting_attendance; branch `meetings`). Until those tables exist in this database the hook answers null, and the
 * bulletin prints 例会情况：暂无数据 instead of a zero that would read as "no meeting was held".
 *
 * A meeting counts as held when it started within the period and was not cancelled or left a draft; attendance is
 * what was recorded for it (people expected, people present). Read with SQL rather than the drizzle schema so this
 * file does not depend on the other branch's schema module.
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
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
): Promise<MeetingFigures | null> {
  const present = await db.execute(sql`select to_regclass('meetings') is not null and to_regclass('meeting_attendance') is not null as ok`);
  if (!rowsOf(present)[0]?.ok) return null;
  const zone = input.zoneId === null ? sql`true` : sql`m.zone_id = ${input.zoneId}`;
  const result = await db.execute(sql`
    select count(distinct m.id)::int as held,
           count(a.person_id)::int as expected,
           count(a.person_id) filter (where a.present)::int as attended
      from meetings m left join meeting_attendance a on a.meeting_id = m.id
     where m.office_id = ${input.officeId} and ${zone}
       and m.status not in ('cancelled', 'draft')
       and m.starts_at >= ${input.period.from.toISOString()}::timestamptz and m.starts_at < ${input.period.to.toISOString()}::timestamptz`);
  const row = rowsOf(result)[0] ?? {};
  return { held: Number(row.held ?? 0), expected: Number(row.expected ?? 0), attended: Number(row.attended ?? 0) };
}

function rowsOf(result: unknown): Record<string, unknown>[] {
  return (Array.isArray(result) ? result : (result as { rows?: Record<string, unknown>[] }).rows ?? []) as Record<string, unknown>[];
}
