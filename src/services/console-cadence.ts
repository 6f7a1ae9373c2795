/**
 * 督导进度 for the console: the calendar's quota table (services/visit-quota.ts, which owns the rule: submitted visits
 * per school per month against the office's quota) for the month picked and the five before it, as one grid of
 * schools × months; a zone leader's grid, or the office's filtered by zone, holds that zone's schools only.
 */
import type { DbOrTx } from '../db/client.ts';
import { monthBounds } from '../domain/month.ts';
import { zoneScope, type Viewer } from './console-viewer.ts';
import { quotaTable } from './visit-quota.ts';

export const GRID_MONTHS = 6;

/** The `n` months ending with `month`, oldest first ('2026-12' → '2026-07' … '2026-12'). */
export function monthsUpTo(month: string, n: number): string[] {
  const out = [month];
  while (out.length < n) {
    const [y, m] = out[0].split('-').map(Number);
    out.unshift(m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`);
  }
  monthBounds(month); // refuses what is not a month
  return out;
}

export async function cadenceGrid(db: DbOrTx, v: Viewer, month: string, requestedZone?: number) {
  const months = monthsUpTo(month, GRID_MONTHS);
  const tables = await Promise.all(months.map((m) => quotaTable(db, v.officeId, m)));
  const zoneId = zoneScope(v, requestedZone);
  const last = tables[tables.length - 1];
  const rows = last.rows.filter((r) => zoneId === undefined || r.zoneId === zoneId).map((r) => ({
    schoolId: r.schoolId, school: r.school, zoneId: r.zoneId, zone: r.zone, supervisors: r.supervisors,
    counts: tables.map((t) => t.rows.find((x) => x.schoolId === r.schoolId)?.count ?? 0),
  }));
  return { months, quota: last.quota, rows, zoneId };
}
