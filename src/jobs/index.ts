/** Every scheduled job, in one list: the worker defines and schedules these on Agenda. */
import type { JobDefinition } from './job.ts';
import { meetingNoticesJob } from './meeting-notices.ts';

export const JOBS: JobDefinition[] = [meetingNoticesJob];
