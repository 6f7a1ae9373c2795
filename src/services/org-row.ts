/**
 * Creating or editing one zone, school, person or assignment from a console form. The form's fields are the
 * columns of the import sheet, so one row goes through the very same checks and upsert as a whole file
 * (services/import.ts): the same messages by column, the same natural keys, the same audit, all or nothing.
 * (As in an import, an empty field never erases a stored value, and the natural key — a zone's or school's name,
 * a person's mobile — finds the row, so it is not changed here.)
 */
import type { Db } from '../db/client.ts';
import type { RawSheet } from '../domain/import-rows.ts';
import { SHEETS, type SheetName } from '../domain/import-sheets.ts';
import type { Outcome } from './audited-save.ts';
import { actorOf, assertOfficeRole, type Viewer } from './console-viewer.ts';
import { importOrgLists } from './import.ts';

export type OrgSheet = Exclude<SheetName, '督导室'>;
export const ORG_SHEETS: OrgSheet[] = ['责任区', '学校', '人员', '挂牌'];

/** Column headers of a sheet, in the import's order (the form's fields). */
export const columnsOf = (sheet: OrgSheet): string[] => SHEETS[sheet].columns.map((c) => c.header);

/** Saves one row; throws the import's refusal (422, errors by column) when anything is wrong. */
export async function saveOrgRow(db: Db, v: Viewer, sheet: OrgSheet, cells: Record<string, string>): Promise<Outcome> {
  assertOfficeRole(v);
  const sheets: RawSheet[] = ORG_SHEETS.map((name) => {
    const headers = columnsOf(name);
    return { name, headers, rows: name === sheet ? [{ row: 2, values: headers.map((h) => (cells[h] ?? '').trim()) }] : [] };
  });
  const result = await importOrgLists(db, sheets, { officeId: v.officeId, actor: actorOf(v) });
  const counts = result.sheets[sheet]!;
  return counts.created ? 'created' : counts.updated ? 'updated' : 'unchanged';
}
