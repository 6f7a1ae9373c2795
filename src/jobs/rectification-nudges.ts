/**
 * `rectification.nudges`: every hour from 08:00 to 21:00, notices past their deadline turn overdue, and from the
 * office's nudge time (settings.rectification.nudgeTime, outside the calendar's quiet hours) the day's reminders and
 * escalations go out (services/rectification-nudges.ts). Keys carry the day, so the runs after the first that day send
 * nothing new. A nudge time that is not on the hour goes out at the next full hour.
 */
import { runRectificationNudges, type NudgeRun } from '../services/rectification-nudges.ts';
import type { JobDefinition } from './job.ts';

export const rectificationNudgesJob: JobDefinition<NudgeRun> = {
  name: 'rectification.nudges',
  cron: '0 8-21 * * *',
  run: (ctx) => runRectificationNudges(ctx.db, { at: ctx.at, baseUrl: ctx.baseUrl }),
};
