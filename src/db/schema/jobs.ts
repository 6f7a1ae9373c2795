/** Scheduled jobs (src/jobs/): one row per attempt, so operators see the last run, its result and the failures. */
import { bigserial, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export type JobRunStatus = 'running' | 'ok' | 'failed' | 'skipped';

export const jobRuns = pgTable('job_runs', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  name: text('name').notNull(),
  /** The firing this attempt stands for (its scheduled time in the shared clock). */
  at: timestamp('at', { withTimezone: true }).notNull(),
  agendaJobId: text('agenda_job_id'),
  status: text('status').notNull().default('running').$type<JobRunStatus>(),
  /** Real time (not the shared clock): how long passes take. */
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  result: jsonb('result'),
  error: text('error'),
}, (t) => [index('job_runs_name_started').on(t.name, t.startedAt)]);
