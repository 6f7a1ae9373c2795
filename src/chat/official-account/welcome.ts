/** subscribe: a new follower is told what to send; a bound contact who follows again is greeted by name. */
import * as t from '../../../templates/chat/official-account.ts';
import type { ChatContext } from '../context.ts';

export async function welcome(ctx: ChatContext): Promise<void> {
  await ctx.reply(ctx.person ? t.welcomeBack(ctx.person.name) : t.welcome);
}
