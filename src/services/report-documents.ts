/**
 * Reports compiled from what the system holds: a visit report from one recorded visit, the zone and district
 * bulletins of a month (一月一报告), the quarterly roll-up, and an exemplary-practice recommendation (附件7) written
 * by a supervisor or zone leader. Each is a draft with its view model (`data`), its body rendered by
 * templates/reports/documents.ts, its charts as report images, and its redaction flags. Compiled drafts carry a
 * compile key, so compiling a month twice makes one draft per zone and one for the district.
 */
import { asc, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { offices, people, reportImages, reports, zones } from '../db/schema/index.ts';
import { DudaoError } from '../domain/errors.ts';
import { parsePeriod, previousMonth, quarterEndingWith, type Period } from '../domain/report-period.ts';
import { officeSettings } from '../domain/office-settings.ts';
import type { ReportKind } from '../domain/report-lifecycle.ts';
import { chineseDate } from '../domain/deadlines.ts';
import { localDay } from '../domain/local-day.ts';
import { clock } from '../clock.ts';
import { barChart } from '../../templates/reports/charts.ts';
import { rate, renderBulletin, renderExemplary, renderVisitReport, type ExemplaryView } from '../../templates/reports/documents.ts';
import { reportText } from '../../templates/reports/text.ts';
import { audit } from './audit.ts';
import { periodFigures, type PeriodFigures } from './report-figures.ts';
import { syncFlags } from './report-redaction.ts';
import { loadVisitRecord } from './visit-record.ts';
import { schoolById } from './directory.ts';
import type { ReportActor } from './report-actor.ts';

export type Report = typeof reports.$inferSelect;

interface NewReport {
  officeId: number;
  kind: ReportKind;
  title: string;
  period?: string | null;
  zoneId?: number | null;
  schoolId?: number | null;
  visitId?: number | null;
  compileKey?: string | null;
  data: unknown;
  digest?: string | null;
}

/** Inserts the draft with its chart images, renders its body, runs the gate; a compile key already used → null. */
async function insertReport(
  tx: DbOrTx,
  actor: string,
  input: NewReport,
  charts: { name: string; svg: string; caption: string }[],
  photos: { mediaId: number; caption: string }[],
  render: (images: Record<string, number>, photoIds: number[]) => string,
): Promise<Report | null> {
  const now = clock.now();
  const [row] = await tx.insert(reports).values({
    ...input, status: 'draft', bodyHtml: '', createdBy: actor, createdAt: now, updatedAt: now,
  }).onConflictDoNothing({ target: reports.compileKey }).returning();
  if (!row) return null;
  const images: Record<string, number> = {};
  for (const c of charts) {
    const [img] = await tx.insert(reportImages).values({ reportId: row.id, kind: 'chart', svg: c.svg, caption: c.caption, publishable: true, createdAt: now }).returning();
    images[c.name] = img.id;
  }
  const photoIds: number[] = [];
  for (const p of photos) {
    const [img] = await tx.insert(reportImages).values({ reportId: row.id, kind: 'photo', mediaId: p.mediaId, caption: p.caption, publishable: false, createdAt: now })
      .onConflictDoNothing().returning();
    if (img) photoIds.push(img.id);
  }
  const [report] = await tx.update(reports).set({ bodyHtml: render(images, photoIds) }).where(eq(reports.id, row.id)).returning();
  await syncFlags(tx, report, actor);
  await audit(tx, { actor, officeId: report.officeId, action: 'report.create', entity: 'report', entityId: report.id, after: { kind: report.kind, title: report.title, period: report.period } });
  return report;
}

/** A visit report from one recorded visit (its photos come along, not publishable until the office marks them). */
export async function createVisitReport(db: Db, actor: ReportActor, visitId: number): Promise<Report> {
  return db.transaction(async (tx) => {
    const record = await loadVisitRecord(tx, visitId);
    if (!record || record.visit.officeId !== actor.officeId) throw new DudaoError('not_found', reportText.notFound(visitId));
    if (record.visit.status !== 'recorded') throw new DudaoError('invalid_state', reportText.visitNotRecorded);
    const day = localDay(record.visit.submittedAt ?? record.visit.startedAt ?? clock.now());
    const s = record.summary;
    const view = {
      officeName: record.officeName,
      school: record.school.name,
      zone: record.zoneName,
      day: chineseDate(day),
      supervisors: [record.supervisor.name, ...record.participants.map((p) => p.name)],
      type: record.visit.type,
      items: s.items.map((i) => `${i.code}. ${i.title}`),
      methods: s.methods,
      narrative: s.narrative,
      strengths: s.strengths,
      weaknesses: s.weaknesses,
      suggestions: s.suggestions,
      problems: s.problems.map((p) => {
        const n = record.notices.find((x) => x.entryId === p.entryId);
        return { text: p.text, number: n?.number ?? null, dueOn: n ? chineseDate(n.dueOn) : null };
      }),
    };
    const report = await insertReport(tx, actor.actor, {
      officeId: actor.officeId, kind: 'visit', title: reportText.visitTitle(record.school.name, chineseDate(day)),
      zoneId: record.school.zoneId, schoolId: record.school.id, visitId, data: view,
      digest: s.strengths[0] ?? null,
    }, [], s.photos.map((p) => ({ mediaId: p.mediaId, caption: record.school.name })),
    (_images, photoIds) => renderVisitReport({ ...view, photos: photoIds }));
    return report!;
  });
}

function bulletinCharts(f: PeriodFigures): { name: string; svg: string; caption: string }[] {
  const charts = [
    ...(f.zones.length ? [] : [{ name: 'visits', caption: '各校督导次数', svg: barChart({ title: '各校督导次数', unit: '次', bars: f.schools.map((s) => ({ label: s.name, value: s.visits })), target: { value: f.quota, label: `要求 ${f.quota} 次` } }) }]),
    { name: 'items', caption: '问题按督导事项分布', svg: barChart({ title: '问题按督导事项分布', unit: '个', bars: f.problemsByItem.map((i) => ({ label: `${i.code}. ${i.title}`, value: i.count })) }) },
  ];
  if (f.zones.length) charts.push({ name: 'zones', caption: '各责任区督导次数', svg: barChart({ title: '各责任区督导次数', unit: '次', bars: f.zones.map((z) => ({ label: z.name, value: z.visits })) }) });
  if (f.visitsByMonth.length > 1) charts.push({ name: 'months', caption: '各月督导次数', svg: barChart({ title: '各月督导次数', unit: '次', bars: f.visitsByMonth.map((m) => ({ label: m.month, value: m.visits })) }) });
  return charts;
}

function periodLabel(p: Period): string {
  return p.kind === 'month' ? `${p.year}年${p.index}月` : `${p.year}年第${'一二三四'[p.index - 1]}季度`;
}

async function compileOne(tx: DbOrTx, actor: string, officeId: number, officeName: string, period: Period, zone: { id: number; name: string } | null, asOf: string): Promise<Report | null> {
  const kind: ReportKind = period.kind === 'quarter' ? 'quarterly' : zone ? 'monthly_zone' : 'monthly_district';
  const compileKey = `${kind}:${officeId}:${zone?.id ?? 'all'}:${period.key}`;
  const [exists] = await tx.select({ id: reports.id }).from(reports).where(eq(reports.compileKey, compileKey));
  if (exists) return null;
  const figures = await periodFigures(tx, { officeId, period, zoneId: zone?.id ?? null, asOf });
  const title = period.kind === 'quarter' ? reportText.quarterTitle(period.year, period.index) : reportText.monthTitle(zone?.name ?? null, period.year, period.index);
  return insertReport(tx, actor, {
    officeId, kind, title, period: period.key, zoneId: zone?.id ?? null, compileKey, data: figures,
    digest: reportText.digestMonth(figures.visits, figures.problems, rate(figures.rectificationRate)),
  }, bulletinCharts(figures), [], (images) => renderBulletin({ officeName, periodLabel: periodLabel(period), figures, charts: images }));
}

/**
 * Compiles the drafts of a period: for a month one per zone and one for the district, for a quarter one for the
 * district. Returns the drafts made now (none when they exist already).
 */
export async function compilePeriod(db: Db, input: { officeId: number; period: string; actor: string; asOf?: string }): Promise<Report[]> {
  const period = parsePeriod(input.period);
  if (!period) throw new DudaoError('bad_request', reportText.badPeriod(input.period));
  const asOf = input.asOf ?? localDay(clock.now());
  return db.transaction(async (tx) => {
    const [office] = await tx.select().from(offices).where(eq(offices.id, input.officeId));
    const made: Report[] = [];
    const scopes = period.kind === 'month'
      ? [...(await tx.select({ id: zones.id, name: zones.name }).from(zones).where(eq(zones.officeId, input.officeId)).orderBy(asc(zones.id))), null]
      : [null];
    for (const zone of scopes) {
      const r = await compileOne(tx, input.actor, input.officeId, office.name, period, zone, asOf);
      if (r) made.push(r);
    }
    return made;
  });
}

export interface ExemplaryInput {
  schoolId: number;
  name: string;
  content: string;
  promotion: string;
}

/** 附件7: a supervisor or zone leader recommends a school's practice; the zone leader, then the office, approve it. */
export async function createExemplary(db: Db, actor: ReportActor, input: ExemplaryInput): Promise<Report> {
  return db.transaction(async (tx) => {
    const school = await schoolById(tx, input.schoolId);
    if (!school || school.officeId !== actor.officeId) throw new DudaoError('not_found', reportText.schoolNotFound(input.schoolId));
    const [zone] = await tx.select().from(zones).where(eq(zones.id, school.zoneId));
    const view: ExemplaryView = {
      zone: zone?.name ?? '', date: chineseDate(localDay(clock.now())), school: school.name, name: input.name,
      content: input.content, promotion: input.promotion, zoneOpinion: null, officeOpinion: null,
    };
    const report = await insertReport(tx, actor.actor, {
      officeId: actor.officeId, kind: 'exemplary', title: reportText.exemplaryTitle(school.name, input.name),
      zoneId: school.zoneId, schoolId: school.id, data: view, digest: input.content.slice(0, 100),
    }, [], [], () => renderExemplary(view));
    return report!;
  });
}

/** A recommendation's body with an opinion added (责任区意见 or 督导室意见). */
export function exemplaryWithOpinion(report: Report, which: 'zone' | 'office', text: string, by: string): { data: ExemplaryView; bodyHtml: string } {
  const view = { ...(report.data as ExemplaryView) };
  if (which === 'zone') view.zoneOpinion = { text, by };
  else view.officeOpinion = { text, by };
  return { data: view, bodyHtml: renderExemplary(view) };
}

/** The name behind an actor, for a signature line. */
export async function actorName(db: DbOrTx, actor: ReportActor): Promise<string> {
  if (!actor.personId) return actor.username;
  const [p] = await db.select({ name: people.name }).from(people).where(eq(people.id, actor.personId));
  return p?.name ?? actor.username;
}

/**
 * The monthly job's pass (jobs/reports-compile.ts): on each office's compile day (reports.compileDay, default the
 * 1st), last month's zone and district drafts, and after a quarter's last month the quarterly roll-up. Compiling
 * is keyed, so a second run the same day makes nothing.
 */
export async function compileDue(db: Db, at: Date): Promise<{ offices: number; drafts: number }> {
  const today = localDay(at);
  const day = Number(today.slice(8, 10));
  const all = await db.select({ id: offices.id, settings: offices.settings }).from(offices).orderBy(asc(offices.id));
  let officesDue = 0;
  let drafts = 0;
  for (const office of all) {
    if (officeSettings(office.settings).reports.compileDay !== day) continue;
    officesDue++;
    const month = previousMonth(today);
    drafts += (await compilePeriod(db, { officeId: office.id, period: month, actor: 'system:compile', asOf: today })).length;
    const quarter = quarterEndingWith(month);
    if (quarter) drafts += (await compilePeriod(db, { officeId: office.id, period: quarter, actor: 'system:compile', asOf: today })).length;
  }
  return { offices: officesDue, drafts };
}
