/**
 * The shape of a scheduled job. Each job is one file in src/jobs/ exporting a JobDefinition, listed in
 * src/jobs/index.ts; the worker defines each on Agenda and schedules it by its cron (src/jobs/runner.ts), and the
 * sandbox clock and the tests run the same definitions through Agenda for the time they jump over. A job asks a
 * service what is due at `ctx.at` and queues outbox rows whose idempotency keys (e.g. `visit:42:morning`) make a
 * second run harmless. See docs/calendar.md.
 */
import type { Db } from '../db/client.ts';
import type { Logger } from '../log.ts';

export interface JobContext {
  db: Db;
  log: Logger;
  /** PUBLIC_BASE_URL, for links in messages. */
  baseUrl: string;
  /** The instant this run stands for: its scheduled time (the sandbox and tests move the clock to it). */
  at: Date;
  /** Renews this run's lock; a long pass calls it between batches so no other worker takes the run over. */
  touch?(): Promise<void>;
}

export interface JobDefinition<R = unknown> {
  /** Dotted, stable: Agenda stores runs under it (e.g. `visits.morning-cards`). */
  name: string;
  /** When it fires: a five-field cron expression read in Asia/Shanghai (src/domain/cron.ts). */
  cron: string;
  /** Does one pass; returns a small summary (counts) that `GET /api/jobs` shows as the last result. */
  run(ctx: JobContext): Promise<R>;
}
