/**
 * The redaction gate of a report (守则 5): the detector from domain/redaction.ts run with the office's public names
 * and phrases, plus the photos in the body not marked publishable. Flags are kept per report by fingerprint (kind +
 * matched text): an edit that removes the text marks its flag fixed, text that comes back reopens it, and a flag the
 * office accepted with a reason stays accepted. Approval is refused while any flag is open.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { offices, people, reportFlags, reportImages, zones } from '../db/schema/index.ts';
import { detectInHtml, detectInText, type AllowList, type RedactionFlag } from '../domain/redaction.ts';
import { imageIdsIn } from '../domain/report-html.ts';
import { officeSettings } from '../domain/office-settings.ts';
import { clock } from '../clock.ts';

export type ReportFlag = typeof reportFlags.$inferSelect;

/** What the office has made public: its people's names (not school contacts), hotline, zone addresses, phrases. */
export async function publicAllowList(db: DbOrTx, officeId: number): Promise<AllowList> {
  const [office] = await db.select().from(offices).where(eq(offices.id, officeId));
  const staff = await db.select({ name: people.name, roles: people.roles }).from(people).where(eq(people.officeId, officeId));
  const zoneRows = await db.select({ address: zones.address }).from(zones).where(eq(zones.officeId, officeId));
  return {
    names: staff.filter((p) => p.roles.some((r) => r !== 'school_contact')).map((p) => p.name),
    phrases: [office?.hotline, ...zoneRows.map((z) => z.address), ...officeSettings(office?.settings).reports.publicPhrases]
      .filter((p): p is string => !!p && p.length >= 2),
  };
}

/** POST /api/reports/check: flags in a text or an HTML fragment, with offsets into what was given. */
export async function checkContent(db: DbOrTx, officeId: number, input: { text?: string; html?: string }): Promise<RedactionFlag[]> {
  const allow = await publicAllowList(db, officeId);
  return input.html !== undefined ? detectInHtml(input.html, allow) : detectInText(input.text ?? '', allow);
}

/** Re-runs the gate on a report's body and brings its flags up to date; returns them all. */
export async function syncFlags(tx: DbOrTx, report: { id: number; officeId: number; bodyHtml: string }, actor: string): Promise<ReportFlag[]> {
  const found = await checkContent(tx, report.officeId, { html: report.bodyHtml });
  const shown = imageIdsIn(report.bodyHtml);
  const images = shown.length
    ? await tx.select().from(reportImages).where(and(eq(reportImages.reportId, report.id), inArray(reportImages.id, shown)))
    : [];
  const detected = new Map<string, { kind: string; matched: string; start: number | null; end: number | null }>();
  for (const f of found) {
    const key = `${f.kind}\u0000${f.text}`;
    if (!detected.has(key)) detected.set(key, { kind: f.kind, matched: f.text, start: f.start, end: f.end });
  }
  for (const img of images) {
    if (img.publishable) continue;
    const matched = `report-image:${img.id}`;
    const at = report.bodyHtml.indexOf(matched);
    detected.set(`photo\u0000${matched}`, { kind: 'photo', matched, start: at, end: at + matched.length });
  }
  const existing = await tx.select().from(reportFlags).where(eq(reportFlags.reportId, report.id));
  const byKey = new Map(existing.map((f) => [`${f.kind}\u0000${f.matched}`, f]));
  const now = clock.now();
  for (const [key, d] of detected) {
    const row = byKey.get(key);
    if (!row) {
      await tx.insert(reportFlags).values({ reportId: report.id, kind: d.kind, matched: d.matched, start: d.start, end: d.end, createdAt: now });
    } else {
      const reopen = row.status === 'fixed';
      await tx.update(reportFlags).set({
        start: d.start, end: d.end,
        ...(reopen ? { status: 'open' as const, resolvedBy: null, resolvedAt: null } : {}),
      }).where(eq(reportFlags.id, row.id));
    }
  }
  for (const row of existing) {
    if (row.status === 'open' && !detected.has(`${row.kind}\u0000${row.matched}`)) {
      await tx.update(reportFlags).set({ status: 'fixed', resolvedBy: actor, resolvedAt: now, start: null, end: null }).where(eq(reportFlags.id, row.id));
    }
  }
  return tx.select().from(reportFlags).where(eq(reportFlags.reportId, report.id)).orderBy(reportFlags.id);
}

export async function openFlagCount(db: DbOrTx, reportId: number): Promise<number> {
  const rows = await db.select({ id: reportFlags.id }).from(reportFlags).where(and(eq(reportFlags.reportId, reportId), eq(reportFlags.status, 'open')));
  return rows.length;
}
