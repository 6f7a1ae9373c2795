/**
 * Every day at midnight: on the office's reminder day (the 20th) supervisors get their schools below the monthly
 * quota; on the month's last working day zone leaders get the zone's table. Both wait for the working morning.
 */
import { queueQuotaReminders } from '../services/visit-quota.ts';
import type { JobDefinition } from './job.ts';

export const monthlyQuotaJob: JobDefinition<{ supervisors: number; zoneLeaders: number }> = {
  name: 'visits.monthly-quota',
  cron: '0 0 * * *',
  run: (ctx) => queueQuotaReminders(ctx.db, ctx.at, { touch: ctx.touch }),
};
