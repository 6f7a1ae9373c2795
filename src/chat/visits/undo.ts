/** 撤销: the last entry (text or photo) is set aside, and the supervisor is told which one. */
import * as t from '../../../templates/chat/visits.ts';
import { undoLast } from '../../services/visits.ts';
import type { ChatContext } from '../context.ts';

export async function undo(ctx: ChatContext): Promise<void> {
  const entry = await undoLast(ctx.db, { personId: ctx.me.id });
  await ctx.reply(entry ? t.undone(entry) : t.nothingToUndo());
}
