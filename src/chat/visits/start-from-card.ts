/**
 * 开始督导 on the morning card: the planned visit starts and the card becomes "督导进行中" with no buttons, so it
 * cannot be pressed twice. A tap that arrives after the start (a second copy, a quick double tap) is told so.
 */
import * as t from '../../../templates/chat/visits.ts';
import { visitInProgressCard } from '../../../templates/cards/visit-in-progress.ts';
import { shortName } from '../../services/directory.ts';
import { visitLink } from '../../services/links.ts';
import { startVisit } from '../../services/visits.ts';
import type { ChatContext } from '../context.ts';
import { announceStart } from './announce-start.ts';
import { visitIdOf } from './parse.ts';

export async function startFromCard(ctx: ChatContext): Promise<void> {
  const started = await startVisit(ctx.db, { personId: ctx.me.id, visitId: visitIdOf(ctx.actionArg) });
  const { visit, school } = started;
  await ctx.updateCard({
    card: visitInProgressCard({
      taskId: ctx.msg.event?.taskId ?? `visit-${visit.id}-started`,
      schoolName: shortName(school),
      startedAt: visit.startedAt,
      url: visitLink(ctx.deps.baseUrl, visit.id, ctx.me.id),
    }),
  });
  if (started.resumed) {
    await ctx.reply(t.alreadyStarted(shortName(school)));
    return;
  }
  await announceStart(ctx, started);
}
