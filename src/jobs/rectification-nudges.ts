/**
 * `rectification.nudges`: every half hour, notices past their deadline turn overdue, and at the office's nudge time
 * (settings.rectification.nudgeTime, outside the calendar's quiet hours) the day's reminders and escalations go out
 * (services/rectification-nudges.ts). Keys carry the day, so the runs after the first that day send nothing new.
 */
import { runRectificationNudges, type NudgeRun } from '../services/rectification-nudges.ts';
import type { JobDefinition } from './job.ts';

export const rectificationNudgesJob: JobDefinition<NudgeRun> = {
  name: 'rectification.nudges',
  cron: '*/30 * * * *',
  run: (ctx) => runRectificationNudges(ctx.db, { at: ctx.at, baseUrl: ctx.baseUrl }),
};
