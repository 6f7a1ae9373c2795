/** 继续补充 on the review card: nothing is submitted; the supervisor goes on recording and sends 完成 again. */
import * as t from '../../../templates/chat/visits.ts';
import type { ChatContext } from '../context.ts';

export async function continueVisit(ctx: ChatContext): Promise<void> {
  await ctx.updateCard({ replaceName: t.tapped.continued });
  await ctx.reply(t.continueRecording());
}
