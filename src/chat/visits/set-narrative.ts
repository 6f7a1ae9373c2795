/** 纪实：… the free account of the visit (督导工作纪实); a second one replaces the first. */
import * as t from '../../../templates/chat/visits.ts';
import { setNarrative as save } from '../../services/visits.ts';
import type { ChatContext } from '../context.ts';

export async function setNarrative(ctx: ChatContext): Promise<void> {
  if (!ctx.args) {
    await ctx.reply(t.narrativeUsage());
    return;
  }
  const visit = await save(ctx.db, { personId: ctx.me.id, text: ctx.args });
  await ctx.reply(t.narrativeSet(visit.narrative?.length ?? 0));
}
