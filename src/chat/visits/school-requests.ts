/** 学校要求：… from a school contact: written on the school's latest recorded visit (附件5 学校要求). */
import * as t from '../../../templates/chat/visits.ts';
import { setSchoolRequests as save } from '../../services/visits.ts';
import type { ChatContext } from '../context.ts';

export async function schoolRequests(ctx: ChatContext): Promise<void> {
  if (!ctx.args) {
    await ctx.reply(t.requestsUsage());
    return;
  }
  await save(ctx.db, { personId: ctx.me.id, text: ctx.args });
  await ctx.reply(t.requestsSaved());
}
