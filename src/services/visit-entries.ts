/**
 * What a supervisor sends during a visit (conversations.md §1.3): 亮点/不足/建议/问题/现场整改 entries, photos, the
 * standard items checked, the methods used, the narrative, and 撤销. Each runs on the person's locked draft.
 */
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { media, standardItems, visitEntries } from '../db/schema/index.ts';
import { clock } from '../clock.ts';
import { DudaoError } from '../domain/errors.ts';
import { isTextEntryKind, MAX_DEADLINE_DAYS, type TextEntryKind } from '../domain/visit-entry-kinds.ts';
import { visitErrors } from '../../templates/visit-errors.ts';
import { requireDraft, touch, type Visit } from './visit-draft.ts';

export type VisitEntry = typeof visitEntries.$inferSelect;

const MAX_TEXT = 1000;
const MAX_NARRATIVE = 5000;

function cleanText(text: string, max: number): string {
  const t = (text ?? '').trim();
  if (!t) throw new DudaoError('bad_request', visitErrors.emptyText());
  if (t.length > max) throw new DudaoError('bad_request', visitErrors.tooLong(max));
  return t;
}

export async function addEntry(
  db: Db,
  input: { personId: number; kind: TextEntryKind; text: string; deadlineDays?: number | null; source?: string },
): Promise<VisitEntry> {
  if (!isTextEntryKind(input.kind)) throw new DudaoError('bad_request', visitErrors.badKind(String(input.kind)));
  const text = cleanText(input.text, MAX_TEXT);
  const days = input.deadlineDays ?? null;
  if (days !== null) {
    if (input.kind !== 'problem') throw new DudaoError('bad_request', visitErrors.deadlineOnlyForProblems());
    if (!Number.isInteger(days) || days < 1 || days > MAX_DEADLINE_DAYS) {
      throw new DudaoError('bad_request', visitErrors.badDeadline(MAX_DEADLINE_DAYS));
    }
  }
  return db.transaction(async (tx) => {
    const draft = await requireDraft(tx, input.personId);
    const [entry] = await tx.insert(visitEntries).values({
      visitId: draft.id, kind: input.kind, text, deadlineDays: days, authorId: input.personId, createdAt: clock.now(),
      sourceKey: input.source ?? null,
    }).onConflictDoNothing({ target: [visitEntries.visitId, visitEntries.sourceKey] }).returning();
    if (!entry) return bySource(tx, draft.id, input.source!);
    await touch(tx, draft.id);
    return entry;
  });
}

/** The entry an earlier handling of the same message stored (the insert found its source key taken). */
async function bySource(tx: Tx, visitId: number, source: string): Promise<VisitEntry> {
  const [entry] = await tx.select().from(visitEntries).where(and(eq(visitEntries.visitId, visitId), eq(visitEntries.sourceKey, source)));
  return entry!;
}

/** Stores a photo (already saved as a media row) against the open draft. `at` is when it was sent. */
export async function attachPhoto(db: Db, input: { personId: number; mediaId: number; at?: Date; source?: string }): Promise<VisitEntry> {
  return db.transaction(async (tx) => {
    const draft = await requireDraft(tx, input.personId);
    const [m] = await tx.select({ id: media.id }).from(media).where(eq(media.id, input.mediaId));
    if (!m) throw new DudaoError('not_found', visitErrors.mediaNotFound());
    const [entry] = await tx.insert(visitEntries).values({
      visitId: draft.id, kind: 'photo', mediaId: m.id, authorId: input.personId, createdAt: input.at ?? clock.now(),
      sourceKey: input.source ?? null,
    }).onConflictDoNothing({ target: [visitEntries.visitId, visitEntries.sourceKey] }).returning();
    if (!entry) return bySource(tx, draft.id, input.source!);
    await touch(tx, draft.id);
    return entry;
  });
}

/** 事项 3 5 6: replaces the standard items checked; each code must be a known standard item. */
export async function setItems(db: Db, input: { personId: number; codes: number[] }): Promise<Visit> {
  const codes = [...new Set(input.codes)].sort((a, b) => a - b);
  if (codes.length === 0) throw new DudaoError('bad_request', visitErrors.noItems());
  return db.transaction(async (tx) => {
    const draft = await requireDraft(tx, input.personId);
    const known = (await tx.select({ code: standardItems.code }).from(standardItems)).map((r) => r.code).sort((a, b) => a - b);
    const unknown = codes.filter((c) => !known.includes(c));
    if (unknown.length) throw new DudaoError('bad_request', visitErrors.badItems(unknown, known));
    return touch(tx, draft.id, { items: codes });
  });
}

/** 方式 推门听课 查阅资料: replaces the methods used. */
export async function setMethods(db: Db, input: { personId: number; methods: string[] }): Promise<Visit> {
  const methods = [...new Set(input.methods.map((m) => m.trim()).filter(Boolean))];
  if (methods.length === 0) throw new DudaoError('bad_request', visitErrors.noMethods());
  if (methods.some((m) => m.length > 50)) throw new DudaoError('bad_request', visitErrors.tooLong(50));
  return db.transaction(async (tx) => {
    const draft = await requireDraft(tx, input.personId);
    return touch(tx, draft.id, { methods });
  });
}

/** 督导工作纪实: the free-text account of the visit. */
export async function setNarrative(db: Db, input: { personId: number; text: string }): Promise<Visit> {
  const text = cleanText(input.text, MAX_NARRATIVE);
  return db.transaction(async (tx) => {
    const draft = await requireDraft(tx, input.personId);
    return touch(tx, draft.id, { narrative: text });
  });
}

/** 撤销: undoes the person's last entry on the draft (kept, marked undone); null when there is nothing to undo. */
export async function undoLast(db: Db, input: { personId: number }): Promise<VisitEntry | null> {
  return db.transaction(async (tx) => {
    const draft = await requireDraft(tx, input.personId);
    const [last] = await tx.select().from(visitEntries)
      .where(and(eq(visitEntries.visitId, draft.id), eq(visitEntries.authorId, input.personId), isNull(visitEntries.undoneAt)))
      .orderBy(desc(visitEntries.id))
      .limit(1);
    if (!last) return null;
    const [undone] = await tx.update(visitEntries).set({ undoneAt: clock.now() }).where(eq(visitEntries.id, last.id)).returning();
    await touch(tx, draft.id);
    return undone;
  });
}
