/** Every scheduled job, in one list: the worker defines and schedules these on Agenda. */
import type { JobDefinition } from './job.ts';
import { compileReports } from './reports-compile.ts';

export const JOBS: JobDefinition[] = [compileReports as JobDefinition];
