import * as t from '../../../templates/chat/common.ts';
import type { ChatContext } from '../context.ts';

/** 帮助: what this person can type, by role. */
export async function help(ctx: ChatContext): Promise<void> {
  await ctx.reply(t.help(ctx.person?.roles ?? []));
}
