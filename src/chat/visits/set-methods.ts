/** 方式 推门听课 查阅资料: the methods used; a word that is no known method is refused with the list. */
import * as t from '../../../templates/chat/visits.ts';
import { readMethods } from '../../domain/visit-methods.ts';
import { setMethods as save } from '../../services/visits.ts';
import type { ChatContext } from '../context.ts';
import { words } from './parse.ts';

export async function setMethods(ctx: ChatContext): Promise<void> {
  const { methods, unknown } = readMethods(words(ctx.args));
  if (unknown.length > 0 || methods.length === 0) {
    await ctx.reply(t.unknownMethods(unknown));
    return;
  }

  const visit = await save(ctx.db, { personId: ctx.me.id, methods });
  await ctx.reply(t.methodsSet(visit.methods));
}
