/**
 * Importing an office's lists (责任区, 学校, 人员, 挂牌, optionally 督导室) in one transaction: every problem is
 * collected first and reported by sheet, row and column; then everything is written, or nothing. Rows are upserted
 * by natural key, so importing the same file twice changes nothing and writes no audit rows. An empty cell never
 * erases a stored value.
 */
import type { Db } from '../db/client.ts';
import { DudaoError } from '../domain/errors.ts';
import { parseFile, type Located, type RawSheet } from '../domain/import-rows.ts';
import type { ImportError } from '../domain/import-problems.ts';
import { SHEET_NAMES, type SheetName } from '../domain/import-sheets.ts';
import { importProblemText, importRefused, type SheetCounts } from '../../templates/import.ts';
import type { Outcome, Who } from './audited-save.ts';
import { saveOffice, savePerson, saveSchool, saveZone, type Office } from './org.ts';
import { assignSchool } from './assignments.ts';
import { planImport, type Target } from './import-plan.ts';

export interface ImportResult {
  office: { id: number; name: string };
  sheets: Partial<Record<SheetName, SheetCounts>>;
}

export interface ImportOptions extends Target {
  /** Recorded in the audit log, e.g. 'import:admin:3', 'import:cli', 'system:demo'. */
  actor: string;
}

/** Throws DudaoError('invalid_import', …, { errors }) when anything is wrong; the database is then unchanged. */
export async function importOrgLists(db: Db, sheets: RawSheet[], opts: ImportOptions): Promise<ImportResult> {
  const file = parseFile(sheets);
  return db.transaction(async (tx) => {
    const plan = await planImport(tx, file, opts);
    const errors = [...file.errors, ...plan.errors];
    if (errors.length > 0) throw refusal(errors);

    const counts = new Map<SheetName, SheetCounts>();
    const count = (sheet: SheetName, outcome: Outcome) => {
      const c = counts.get(sheet) ?? { created: 0, updated: 0, unchanged: 0 };
      c[outcome]++;
      counts.set(sheet, c);
    };

    let office: Office | undefined = plan.office;
    if (file.office) {
      const { row: _row, ...input } = file.office;
      const saved = await saveOffice(tx, opts.actor, input);
      office = saved.row;
      count('督导室', saved.outcome);
    }
    if (!office) throw refusal([{ sheet: '督导室', problem: { kind: 'office_unknown' } }]);
    const who: Who = { actor: opts.actor, officeId: office.id };

    const zoneIds = new Map<string, number>();
    for (const { row: _row, ...z } of file.zones) {
      const saved = await saveZone(tx, who, z);
      zoneIds.set(z.name, saved.row.id);
      count('责任区', saved.outcome);
    }
    const zoneId = async (name: string) => zoneIds.get(name) ?? (await tx.query.zones.findFirst({ where: (t, { and, eq }) => and(eq(t.officeId, who.officeId), eq(t.name, name)) }))!.id;

    const schoolIds = new Map<string, number>();
    for (const { row: _row, zone, ...s } of file.schools) {
      const saved = await saveSchool(tx, who, { ...s, zoneId: await zoneId(zone) });
      schoolIds.set(s.name, saved.row.id);
      count('学校', saved.outcome);
    }
    const schoolId = async (name: string) => schoolIds.get(name) ?? (await tx.query.schools.findFirst({ where: (t, { and, eq }) => and(eq(t.officeId, who.officeId), eq(t.name, name)) }))!.id;

    const personIds = new Map<string, number>();
    for (const { row: _row, zone, school, ...p } of file.people) {
      const saved = await savePerson(tx, who, { ...p, zoneId: zone ? await zoneId(zone) : undefined, schoolId: school ? await schoolId(school) : undefined });
      personIds.set(p.mobile, saved.row.id);
      count('人员', saved.outcome);
    }
    const personId = async (mobile: string) => personIds.get(mobile) ?? (await tx.query.people.findFirst({ where: (t, { and, eq }) => and(eq(t.officeId, who.officeId), eq(t.mobile, mobile)) }))!.id;

    for (const a of file.assignments) {
      const saved = await assignSchool(tx, who, {
        supervisorId: await personId(plan.supervisorMobile.get(a.row)!), schoolId: await schoolId(a.school),
        startsOn: a.startsOn, endsOn: a.endsOn, reason: a.reason,
      });
      count('挂牌', saved.outcome);
    }

    const present = SHEET_NAMES.filter((n) => n !== '督导室' || file.office);
    const empty = { created: 0, updated: 0, unchanged: 0 };
    return { office: { id: office.id, name: office.name }, sheets: Object.fromEntries(present.map((n) => [n, counts.get(n) ?? empty])) };
  });
}

/** The error an invalid file raises: HTTP answers 422 with `errors`, the CLI prints them. */
function refusal(located: Located[]): DudaoError {
  const errors: ImportError[] = located
    .map((e) => ({ sheet: e.sheet, ...(e.row ? { row: e.row } : {}), ...(e.column ? { column: e.column } : {}), message: importProblemText(e.problem, e.column) }))
    .sort((a, b) => SHEET_NAMES.indexOf(a.sheet as SheetName) - SHEET_NAMES.indexOf(b.sheet as SheetName) || (a.row ?? 0) - (b.row ?? 0));
  return new DudaoError('invalid_import', importRefused(errors.length), { errors });
}

/** The errors of a refused import (for HTTP and the CLI). */
export function importErrors(err: unknown): ImportError[] | undefined {
  if (err instanceof DudaoError && err.code === 'invalid_import') return (err.details as { errors: ImportError[] }).errors;
  return undefined;
}
