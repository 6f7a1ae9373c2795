import * as t from '../../../templates/chat/common.ts';
import type { ChatContext } from '../context.ts';

/** 帮助: what this person can type, by role; the public on the official account gets what it can ask there. */
export async function help(ctx: ChatContext): Promise<void> {
  await ctx.reply(ctx.person ? t.help(ctx.person.roles) : t.publicHelp);
}
