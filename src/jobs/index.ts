/** Every scheduled job, in one list: the worker defines and schedules these on Agenda. */
import type { JobDefinition } from './job.ts';
import { compileReports } from './reports-compile.ts';
import { rectificationNudgesJob } from './rectification-nudges.ts';

export const JOBS: JobDefinition[] = [rectificationNudgesJob as JobDefinition, compileReports as JobDefinition];
