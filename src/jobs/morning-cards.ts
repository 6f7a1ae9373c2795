/**
 * At midnight, the day's morning cards: the supervisor (and co-supervisors) of each visit planned that day get the
 * card with 开始督导 / 改期, held in the outbox until the office's morning time (08:00 by default). A visit planned
 * for today after midnight gets its card when it is planned (visit-plan.ts).
 */
import { shanghaiDate } from '../domain/deadlines.ts';
import { sendMorningCards } from '../services/visits.ts';
import type { JobDefinition } from './job.ts';

export const morningCardsJob: JobDefinition<{ queued: number }> = {
  name: 'visits.morning-cards',
  cron: '0 0 * * *',
  run: async (ctx) => ({ queued: await sendMorningCards(ctx.db, { date: shanghaiDate(ctx.at), baseUrl: ctx.baseUrl, now: ctx.at, touch: ctx.touch }) }),
};
