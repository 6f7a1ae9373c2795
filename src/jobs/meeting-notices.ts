/**
 * Meeting notices (conversations.md §2): every hour at :30, queue what each scheduled meeting owes at this run's
 * instant — the first notice (D-3 at the office's noticeTime, 08:30 by default) and the one on the day. A notice is
 * sent by the first run at or after its time, so a noticeTime off the half hour goes out at the next :30 (a meeting
 * scheduled inside its notice window is announced at once, by the scheduling itself). Keys per meeting and version
 * make a second run, or a run that overlaps another, queue nothing twice.
 */
import { queueDueMeetingNotices } from '../services/meetings-notices.ts';
import type { JobDefinition } from './job.ts';

export const meetingNoticesJob: JobDefinition<{ announced: number; dayNotices: number }> = {
  name: 'meetings.notices',
  cron: '30 * * * *',
  run: (ctx) => queueDueMeetingNotices(ctx.db, { at: ctx.at }),
};
