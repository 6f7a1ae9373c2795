/** 08:00 on the day of each planned visit: the supervisor (and co-supervisors) get the card with 开始督导 / 改期. */
import { shanghaiDate } from '../domain/deadlines.ts';
import { sendMorningCards } from '../services/visits.ts';
import type { JobDefinition } from './job.ts';

export const morningCardsJob: JobDefinition<{ queued: number }> = {
  name: 'visits.morning-cards',
  cron: '0 8 * * *',
  run: async (ctx) => ({ queued: await sendMorningCards(ctx.db, { date: shanghaiDate(ctx.at), baseUrl: ctx.baseUrl }) }),
};
