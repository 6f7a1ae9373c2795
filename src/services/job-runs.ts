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
  // A run of the same Agenda job still marked running was cut short (its worker died); this one takes over.
  if (run.agendaJobId) {
    await db.update(jobRuns).set({ status: 'failed', finishedAt: new Date(), error: 'the worker stopped during this run; another worker ran it again' })
      .where(and(eq(jobRuns.agendaJobId, run.agendaJobId), eq(jobRuns.status, 'running'), eq(jobRuns.at, run.at)));
  }
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

export interface JobOverview {
  name: string;
  cron: string;
  /** When the worker's recurring Agenda job runs next (null when no worker has scheduled it yet). */
  nextRunAt: Date | null;
  /** A throw is retried by Agenda: when the retry is due, and how many attempts have failed in a row. */
  retry: { at: Date | null; failCount: number; reason: string | null } | null;
  lastRun: { at: Date; status: string; startedAt: Date; finishedAt: Date | null; result: unknown; error: string | null } | null;
  failuresLast7Days: number;
  failures: { at: Date; startedAt: Date; error: string | null }[];
}

/** Each job's schedule (Agenda's row), its last attempt and its recent failures, for GET /api/jobs. */
export async function jobsOverview(db: Db, jobs: { name: string; cron: string }[], agendaTable: string): Promise<JobOverview[]> {
  const names = jobs.map((j) => j.name);
  const summaries = await summarizeRuns(db, names);
  const table = sql.identifier(agendaTable);
  const rows = names.length
    ? ((await db.execute(sql`select name, type, next_run_at, fail_count, fail_reason, failed_at, last_finished_at, data from ${table}
        where name in (${sql.join(names.map((n) => sql`${n}`), sql`, `)})`)) as unknown as { rows: unknown[] }).rows as {
        name: string; type: string; next_run_at: Date | string | null; fail_count: number | null; fail_reason: string | null;
        failed_at: Date | string | null; last_finished_at: Date | string | null;
      }[]
    : [];
  const date = (v: Date | string | null) => (v === null ? null : new Date(v));
  return jobs.map((job) => {
    const recurring = rows.find((r) => r.name === job.name && r.type === 'single');
    // Agenda stamps a failure with failed_at = last_finished_at; a row whose last attempt failed waits for its retry.
    const lastFailed = (r: typeof rows[number]) => !!r.failed_at && !!r.last_finished_at && new Date(r.failed_at) >= new Date(r.last_finished_at) && r.next_run_at !== null;
    const failing = rows.find((r) => r.name === job.name && r.type !== 'single' && lastFailed(r)) ?? (recurring && lastFailed(recurring) ? recurring : undefined);
    const s = summaries.find((x) => x.name === job.name)!;
    return {
      name: job.name,
      cron: job.cron,
      nextRunAt: date(recurring?.next_run_at ?? null),
      retry: failing ? { at: date(failing.next_run_at), failCount: failing.fail_count ?? 0, reason: failing.fail_reason } : null,
      lastRun: s.lastRun ? {
        at: s.lastRun.at, status: s.lastRun.status, startedAt: s.lastRun.startedAt, finishedAt: s.lastRun.finishedAt, result: s.lastRun.result, error: s.lastRun.error,
      } : null,
      failuresLast7Days: s.failuresLast7Days,
      failures: s.failures.map((f) => ({ at: f.at, startedAt: f.startedAt, error: f.error })),
    };
  });
}
