/**
 * Meetings held and attendance for a bulletin (一月一例会). The meetings work (branch `meetings`) builds the meetings
 * table; until it lands here this hook answers null, and the bulletin prints 例会情况：暂无数据 instead of a zero
 * that would read as "no meeting was held". Replace the body with a query of that table once it is merged.
 */
import type { DbOrTx } from '../db/client.ts';
import type { Period } from '../domain/report-period.ts';

export interface MeetingFigures {
  held: number;
  /** People expected across the meetings held, and how many attended. */
  expected: number;
  attended: number;
}

export async function meetingsInPeriod(
  _db: DbOrTx,
  _input: { officeId: number; zoneId: number | null; period: Period },
): Promise<MeetingFigures | null> {
  return null;
}
