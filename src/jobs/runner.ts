/**
 * Runs JOBS on Agenda. The worker role calls defineJobs (each definition becomes an Agenda job whose processor
 * records the attempt in job_runs) and scheduleJobs (one recurring Agenda job per definition, by its cron in
 * Asia/Shanghai, upserted by name so any number of workers share it; Agenda's lock lets one of them run each pass).
 *
 * The sandbox clock and the tests do not call services: runJumpedOver asks Agenda to run, in time order, every
 * firing of every job that falls inside a jump of the shared clock, as one-off Agenda jobs carrying `{ at }`, and
 * waits for each to finish before the next (the clock is set to each firing first). Whichever worker is attached to
 * the database takes them, this process or another.
 */
import type { Agenda, Job } from 'agenda';
import { exponential } from 'agenda';
import type { Db } from '../db/client.ts';
import type { Logger } from '../log.ts';
import { clock } from '../clock.ts';
import { firingsBetween, lastFiring, parseCron } from '../domain/cron.ts';
import { TZ } from '../domain/deadlines.ts';
import { finishRun, startRun } from '../services/job-runs.ts';
import type { JobDefinition } from './job.ts';
import { JOBS } from './index.ts';

export interface JobHost {
  db: Db;
  log: Logger;
  /** PUBLIC_BASE_URL (or, in a sandbox without it, the address the server listens on). */
  baseUrl(): string;
  /** The first retry after a throw (JOB_RETRY_MS, 30 s); then twice and four times as long, then the failure stays. */
  retryMs?: number;
}

/** The data of a one-off run for one firing. */
export interface FiringData {
  at: string;
}


/** Defines every job on Agenda (worker role; before agenda.start()). */
export function defineJobs(agenda: Agenda, host: JobHost, jobs: JobDefinition[] = JOBS): void {
  const backoff = exponential({ delay: host.retryMs ?? 30_000, maxRetries: 3 });
  for (const def of jobs) {
    parseCron(def.cron);
    agenda.define(def.name, (job: Job<FiringData | undefined>) => runOnce(def, job, host), { backoff });
  }
}

async function runOnce(def: JobDefinition, job: Job<FiringData | undefined>, host: JobHost): Promise<void> {
  const data = job.attrs.data;
  const agendaJobId = job.attrs._id ? String(job.attrs._id) : undefined;
  let at: Date;
  if (data?.at) {
    at = new Date(data.at);
  } else {
    // A recurring pass stands for the firing the clock last passed. While the sandbox or a test has moved the clock,
    // real time means nothing to it: the clock's jumps run the firings (runJumpedOver), so this pass is skipped.
    at = lastFiring(def.cron, clock.now()) ?? clock.now();
    if (clock.offsetMs !== 0) {
      const id = await startRun(host.db, { name: def.name, at, agendaJobId });
      await finishRun(host.db, id, 'skipped', { result: { reason: 'the clock is simulated; its jumps run the firings' } });
      return;
    }
  }
  const id = await startRun(host.db, { name: def.name, at, agendaJobId });
  try {
    const result = await def.run({ db: host.db, log: host.log, baseUrl: host.baseUrl(), at, touch: () => job.touch() });
    await finishRun(host.db, id, 'ok', { result: result ?? null });
    host.log.info({ job: def.name, at, result }, 'job ran');
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await finishRun(host.db, id, 'failed', { error: message }).catch(() => {});
    host.log.warn({ job: def.name, at, err: message }, 'job failed; Agenda retries it');
    throw err;
  }
}

/** One recurring Agenda job per definition, by its cron in Asia/Shanghai (worker role, after agenda.start()). */
export async function scheduleJobs(agenda: Agenda, jobs: JobDefinition[] = JOBS): Promise<void> {
  for (const def of jobs) {
    await agenda.every(def.cron, def.name, undefined, { timezone: TZ, skipImmediate: true });
  }
}

export interface FiringOutcome {
  name: string;
  at: Date;
  ok: boolean;
  error?: string;
}

/** Every firing of every job in (from, to], oldest first; jobs firing together run in JOBS order. */
export function firingsIn(from: Date, to: Date, jobs: JobDefinition[] = JOBS): { def: JobDefinition; at: Date }[] {
  const list = jobs.flatMap((def, i) => firingsBetween(def.cron, from, to).map((at) => ({ def, at, i })));
  list.sort((a, b) => a.at.getTime() - b.at.getTime() || a.i - b.i);
  return list.map(({ def, at }) => ({ def, at }));
}

/**
 * Asks Agenda to run `name` for the firing `at` now, and waits until a worker has finished it (or failed it once:
 * Agenda then retries it later, and the failure is in job_runs). The one-off row is removed after a success.
 */
export async function runFiring(agenda: Agenda, name: string, at: Date, opts: { timeoutMs?: number; keep?: boolean } = {}): Promise<FiringOutcome & { id: string }> {
  const job = await agenda.now<FiringData>(name, { at: at.toISOString() });
  const id = String(job.attrs._id);
  const outcome = await waitForJob(agenda, name, id, opts.timeoutMs ?? 120_000);
  if (outcome.ok && !opts.keep) await agenda.cancel({ id });
  return { name, at, id, ...outcome };
}

/** Agenda stamps a failure with failedAt = lastFinishedAt; a later success moves lastFinishedAt on. */
function lastAttemptFailed(attrs: { failedAt?: Date | null; lastFinishedAt?: Date | null }): boolean {
  if (!attrs.failedAt || !attrs.lastFinishedAt) return false;
  return new Date(attrs.failedAt).getTime() >= new Date(attrs.lastFinishedAt).getTime();
}

/** Resolves when the job with this id has finished or failed, whether this process or another worker ran it. */
function waitForJob(agenda: Agenda, name: string, id: string, timeoutMs: number): Promise<{ ok: boolean; error?: string }> {
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (value: { ok: boolean; error?: string } | Error) => {
      if (done) return;
      done = true;
      agenda.off(`complete:${name}`, onComplete);
      clearInterval(poll);
      clearTimeout(timer);
      if (value instanceof Error) reject(value);
      else resolve(value);
    };
    const onComplete = (job: Job) => {
      if (String(job.attrs._id) !== id) return;
      finish(lastAttemptFailed(job.attrs) ? { ok: false, error: job.attrs.failReason } : { ok: true });
    };
    agenda.on(`complete:${name}`, onComplete);
    // Another process may run it: look at the row too.
    const poll = setInterval(() => {
      void agenda.queryJobs({ id }).then(({ jobs }) => {
        const row = jobs[0];
        if (!row) return finish({ ok: true });
        if (row.lockedAt || !row.lastFinishedAt) return;
        finish(lastAttemptFailed(row) ? { ok: false, error: row.failReason } : { ok: true });
      }).catch(() => {});
    }, 200);
    const timer = setTimeout(() => finish(new Error(`no worker finished ${name} within ${timeoutMs} ms (is a worker running?)`)), timeoutMs);
  });
}

/**
 * Runs, in time order and through Agenda, every firing in (from, to], moving the shared clock to each firing before
 * its run and to `to` at the end. Returns what ran.
 */
export async function runJumpedOver(agenda: Agenda, from: Date, to: Date, jobs: JobDefinition[] = JOBS): Promise<FiringOutcome[]> {
  const out: FiringOutcome[] = [];
  const done: string[] = [];
  try {
    for (const { def, at } of firingsIn(from, to, jobs)) {
      moveClockTo(at);
      const { id, ...outcome } = await runFiring(agenda, def.name, at, { keep: true });
      if (outcome.ok) done.push(id);
      out.push(outcome);
    }
  } finally {
    moveClockTo(to);
    // The finished one-off rows go in one statement (a failed one stays for Agenda's retry).
    if (done.length) await agenda.cancel({ ids: done });
  }
  return out;
}

/**
 * Sets the shared clock to `at` unless it is already past it. Time goes on flowing while a job runs, so what a job
 * queued (due at its own clock.now()) is never left in the future by putting the clock back a few milliseconds.
 */
export function moveClockTo(at: Date): void {
  if (clock.now().getTime() < at.getTime()) clock.set(at);
}
