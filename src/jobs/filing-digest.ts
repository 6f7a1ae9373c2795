/** Every hour: offices whose digestTime (17:00) falls in this hour send their WeCom admins tomorrow's planned visits. */
import { queueFilingDigests } from '../services/visit-filing.ts';
import type { JobDefinition } from './job.ts';

export const filingDigestJob: JobDefinition<{ queued: number }> = {
  name: 'visits.filing-digest',
  cron: '0 * * * *',
  run: async (ctx) => ({ queued: await queueFilingDigests(ctx.db, ctx.at) }),
};
