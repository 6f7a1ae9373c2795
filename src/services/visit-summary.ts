/** 进度 and 完成: what a draft holds so far, and whether it may be submitted (2+2 rule, at least one item). */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { offices, schools, standardItems, visitEntries } from '../db/schema/index.ts';
import { DudaoError } from '../domain/errors.ts';
import { ENTRY_KINDS, type EntryKind } from '../domain/visit-entry-kinds.ts';
import { missingForSubmit, type Missing } from '../domain/visit-rules.ts';
import { visitErrors } from '../../templates/visit-errors.ts';
import { draftOf, type Visit } from './visit-draft.ts';

export interface VisitSummary {
  visitId: number;
  status: Visit['status'];
  school: { id: number; name: string };
  supervisorId: number;
  plannedOn: string | null;
  planContent: string | null;
  startedAt: Date | null;
  strengths: string[];
  weaknesses: string[];
  suggestions: string[];
  onsiteFixes: string[];
  /** deadlineDays is the effective deadline: the one typed, else the office default. */
  problems: { entryId: number; text: string; deadlineDays: number }[];
  photos: { entryId: number; mediaId: number; at: Date }[];
  items: { code: number; title: string }[];
  methods: string[];
  narrative: string | null;
  counts: Record<EntryKind, number>;
}

/** The summary of any visit (active entries only, in the order they were sent). */
export async function summarize(db: DbOrTx, visit: Visit): Promise<VisitSummary> {
  const [entries, [school], [office], items] = await Promise.all([
    db.select().from(visitEntries)
      .where(and(eq(visitEntries.visitId, visit.id), isNull(visitEntries.undoneAt)))
      .orderBy(asc(visitEntries.createdAt), asc(visitEntries.id)),
    db.select({ id: schools.id, name: schools.name }).from(schools).where(eq(schools.id, visit.schoolId)),
    db.select({ days: offices.defaultRectificationDays }).from(offices).where(eq(offices.id, visit.officeId)),
    visit.items.length
      ? db.select({ code: standardItems.code, title: standardItems.title }).from(standardItems)
        .where(inArray(standardItems.code, visit.items)).orderBy(asc(standardItems.code))
      : Promise.resolve([]),
  ]);
  const texts = (kind: EntryKind) => entries.filter((e) => e.kind === kind).map((e) => e.text ?? '');
  const counts = Object.fromEntries(ENTRY_KINDS.map((k) => [k, entries.filter((e) => e.kind === k).length])) as Record<EntryKind, number>;
  return {
    visitId: visit.id,
    status: visit.status,
    school,
    supervisorId: visit.supervisorId,
    plannedOn: visit.plannedOn,
    planContent: visit.planContent,
    startedAt: visit.startedAt,
    strengths: texts('strength'),
    weaknesses: texts('weakness'),
    suggestions: texts('suggestion'),
    onsiteFixes: texts('onsite_fix'),
    problems: entries.filter((e) => e.kind === 'problem')
      .map((e) => ({ entryId: e.id, text: e.text ?? '', deadlineDays: e.deadlineDays ?? office.days })),
    photos: entries.filter((e) => e.kind === 'photo' && e.mediaId !== null)
      .map((e) => ({ entryId: e.id, mediaId: e.mediaId!, at: e.createdAt })),
    items,
    methods: visit.methods,
    narrative: visit.narrative,
    counts,
  };
}

export function missingOf(s: VisitSummary): Missing[] {
  return missingForSubmit({ strengths: s.strengths.length, weaknesses: s.weaknesses.length, items: s.items.length });
}

/** 进度: the open draft's summary. */
export async function progress(db: Db, personId: number): Promise<VisitSummary> {
  const draft = await draftOf(db, personId);
  if (!draft) throw new DudaoError('invalid_state', visitErrors.noDraft());
  return summarize(db, draft);
}

/** 完成: checks the open draft; `missing` names what the 2+2 rule and the items rule still need. */
export async function completeCheck(db: Db, input: { personId: number }): Promise<{ ok: boolean; missing: Missing[]; summary: VisitSummary }> {
  const summary = await progress(db, input.personId);
  const missing = missingOf(summary);
  return { ok: missing.length === 0, missing, summary };
}
