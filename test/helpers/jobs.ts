/**
 * Scheduled jobs in tests: move the shared clock and let Agenda run what fell due, exactly as a worker would.
 *
 *   const server = await startTestServer(...);            // web + worker: JOBS are defined on its Agenda
 *   clock.set(new Date('2026-10-06T18:00:00+08:00'));     // or conversation({ at }) / chat.setTime(...)
 *   const ran = await advanceTo(server, '2026-10-08T09:00:00+08:00');
 *   // every firing in (18:00 on the 6th, 09:00 on the 8th] of every job in src/jobs/index.ts has run, oldest first,
 *   // each as an Agenda job with ctx.at = its firing time and the clock set to it; then the clock is left at 09:00
 *   // on the 8th and the outbox has been sent to the simulator, so read what people received there.
 *   expect(ran.map((r) => r.name)).toContain('visits.morning-cards');
 *
 * Nothing here calls a service: the job goes through Agenda (define → now(name, { at }) → the worker's processor),
 * so a job missing from JOBS, a wrong cron or a job that throws fails the test. A firing that throws makes advanceTo
 * throw with the job's error (pass { allowFailures: true } to look at the outcomes instead, e.g. to test retries).
 * Only firings strictly after the current clock and up to `to` (inclusive) run; `to` must be later than now.
 *
 * `runJob(server, name, at)` runs one job for one firing (same path) when a test wants a single pass, e.g. twice to
 * show that a second run sends nothing.
 */
import { clock } from '../../src/clock.ts';
import { runFiring, runJumpedOver, type FiringOutcome } from '../../src/jobs/runner.ts';
import type { RunningServer } from '../../src/server.ts';
import { settleServer } from './settle.ts';

export interface AdvanceOptions {
  /** Return the outcomes of failed firings instead of throwing. */
  allowFailures?: boolean;
  /** Outbox channel prefixes to wait for (default: WeCom, `wecom.`). */
  channels?: string[];
}

function instant(at: string | Date): Date {
  const d = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(d.getTime())) throw new Error(`advanceTo: not an instant: ${String(at)}`);
  return d;
}

function agendaOf(server: RunningServer) {
  if (!server.agenda) throw new Error('this server has no Agenda (start it with the worker role)');
  return server.agenda;
}

/** Moves the clock from now to `to`, runs every job firing in between through Agenda, then drains the outbox. */
export async function advanceTo(server: RunningServer, to: string | Date, opts: AdvanceOptions = {}): Promise<FiringOutcome[]> {
  const target = instant(to);
  const from = clock.now();
  if (target.getTime() <= from.getTime()) throw new Error(`advanceTo: ${target.toISOString()} is not after the clock (${from.toISOString()})`);
  const ran = await runJumpedOver(agendaOf(server), from, target);
  await settleServer(server, opts);
  const failed = ran.filter((r) => !r.ok);
  if (failed.length && !opts.allowFailures) {
    throw new Error(`job(s) failed: ${failed.map((f) => `${f.name} at ${f.at.toISOString()}: ${f.error}`).join('; ')}`);
  }
  return ran;
}

/**
 * Runs one job for the firing `at` through Agenda, with the clock set to `at` meanwhile (left there when `at` is later
 * than the clock, else put back to where it was), then drains the outbox.
 */
export async function runJob(server: RunningServer, name: string, at: string | Date, opts: AdvanceOptions = {}): Promise<FiringOutcome> {
  const when = instant(at);
  // A firing in the past runs with the clock at it and then the clock carries on from where it was (offset kept).
  const offsetBefore = clock.offsetMs;
  const past = when.getTime() < clock.now().getTime();
  clock.set(when);
  let outcome: FiringOutcome;
  try {
    outcome = await runFiring(agendaOf(server), name, when);
  } finally {
    if (past) clock.advance(offsetBefore - clock.offsetMs);
  }
  await settleServer(server, opts);
  if (!outcome.ok && !opts.allowFailures) throw new Error(`${name} at ${when.toISOString()} failed: ${outcome.error}`);
  return outcome;
}
