/**
 * The record of scheduled-job attempts (job_runs): the runner writes one row per attempt, GET /api/jobs reads the
 * last run, its result and the failures from it. The list is the deployment's (jobs are not per office); results are
 * counts, never personal data.
 */
import { and, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { jobRuns, type JobRunStatus } from '../db/schema/index.ts';

export type JobRun = typeof jobRuns.$inferSelect;

export async function startRun(db: Db, run: { name: string; at: Date; agendaJobId?: string }): Promise<number> {
  const [row] = await db.insert(jobRuns).values({ name: run.name, at: run.at, agendaJobId: run.agendaJobId ?? null }).returning({ id: jobRuns.id });
  return row!.id;
}

export async function finishRun(db: Db, id: number, status: Exclude<JobRunStatus, 'running'>, detail: { result?: unknown; error?: string }): Promise<void> {
  await db.update(jobRuns).set({
    status,
    finishedAt: new Date(),
    result: detail.result === undefined ? null : (JSON.parse(JSON.stringify(detail.result)) as unknown),
    error: detail.error?.slice(0, 2000) ?? null,
  }).where(eq(jobRuns.id, id));
}

export interface JobRunSummary {
  name: string;
  lastRun: JobRun | null;
  /** Failed attempts in the last 7 days (real time), newest first, at most 10. */
  failures: JobRun[];
  failuresLast7Days: number;
}

/** The latest attempt and the recent failures of each named job. */
export async function summarizeRuns(db: Db, names: string[]): Promise<JobRunSummary[]> {
  if (names.length === 0) return [];
  const since = new Date(Date.now() - 7 * 86_400_000);
  const latest = await db.selectDistinctOn([jobRuns.name]).from(jobRuns)
    .where(inArray(jobRuns.name, names)).orderBy(jobRuns.name, desc(jobRuns.startedAt), desc(jobRuns.id));
  const failed = await db.select().from(jobRuns)
    .where(and(inArray(jobRuns.name, names), eq(jobRuns.status, 'failed'), gte(jobRuns.startedAt, since)))
    .orderBy(desc(jobRuns.startedAt), desc(jobRuns.id)).limit(10 * names.length);
  const counts = await db.select({ name: jobRuns.name, n: sql<number>`count(*)::int` }).from(jobRuns)
    .where(and(inArray(jobRuns.name, names), eq(jobRuns.status, 'failed'), gte(jobRuns.startedAt, since)))
    .groupBy(jobRuns.name);
  return names.map((name) => ({
    name,
    lastRun: latest.find((r) => r.name === name) ?? null,
    failures: failed.filter((r) => r.name === name).slice(0, 10),
    failuresLast7Days: counts.find((c) => c.name === name)?.n ?? 0,
  }));
}
