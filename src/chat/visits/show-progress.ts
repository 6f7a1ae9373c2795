/** 进度: everything recorded so far on the open visit, and what the record still needs before it can be submitted. */
import * as t from '../../../templates/chat/visits.ts';
import { missingText } from '../../../templates/visit-missing.ts';
import { missingOf } from '../../services/visit-summary.ts';
import { progress } from '../../services/visits.ts';
import type { ChatContext } from '../context.ts';

export async function showProgress(ctx: ChatContext): Promise<void> {
  const summary = await progress(ctx.db, ctx.me.id);
  await ctx.reply(t.progress(summary, missingOf(summary).map(missingText)));
}
