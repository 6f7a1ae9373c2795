/**
 * 提交 on the review card: that visit is recorded (the confirmation with the link comes from the service) and the
 * card's buttons grey out. A second tap is answered that the visit is already submitted.
 */
import * as t from '../../../templates/chat/visits.ts';
import { submitVisit } from '../../services/visits.ts';
import type { ChatContext } from '../context.ts';
import { visitIdOf } from './parse.ts';

export async function submitFromCard(ctx: ChatContext): Promise<void> {
  await submitVisit(ctx.db, { personId: ctx.me.id, baseUrl: ctx.deps.baseUrl, visitId: visitIdOf(ctx.actionArg) });
  await ctx.updateCard({ replaceName: t.tapped.submitted });
}
