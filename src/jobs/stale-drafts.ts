/** Every hour: a draft untouched for 12 hours gets its one reminder (conversations.md §1.6). */
import { remindStaleDrafts } from '../services/visits.ts';
import type { JobDefinition } from './job.ts';

export const staleDraftsJob: JobDefinition<{ queued: number }> = {
  name: 'visits.stale-drafts',
  cron: '0 * * * *',
  run: async (ctx) => ({ queued: await remindStaleDrafts(ctx.db, { now: ctx.at }) }),
};
