/**
 * 亮点：… / 不足：… / 建议：… / 问题：… 限期15天 / 现场整改：…: one entry on the open visit, answered with what was
 * recorded and the running counts the 2+2 rule looks at.
 */
import * as t from '../../../templates/chat/visits.ts';
import type { TextEntryKind } from '../../domain/visit-entry-kinds.ts';
import { addEntry as add, progress } from '../../services/visits.ts';
import type { CommandName } from '../commands.ts';
import type { ChatContext } from '../context.ts';
import { parseDeadline } from './parse.ts';

export const ENTRY_COMMANDS = ['亮点', '不足', '建议', '问题', '现场整改'] as const satisfies CommandName[];

const KIND: Record<(typeof ENTRY_COMMANDS)[number], TextEntryKind> = {
  亮点: 'strength', 不足: 'weakness', 建议: 'suggestion', 问题: 'problem', 现场整改: 'onsite_fix',
};

export async function addEntry(ctx: ChatContext): Promise<void> {
  const kind = KIND[ctx.command as keyof typeof KIND];
  const { text, days } = kind === 'problem' ? parseDeadline(ctx.args) : { text: ctx.args, days: undefined };
  if (!text) {
    await ctx.reply(t.entryUsage(kind));
    return;
  }

  const entry = await add(ctx.db, { personId: ctx.me.id, kind, text, deadlineDays: days, source: `inbox:${ctx.inboxId}` });
  const summary = await progress(ctx.db, ctx.me.id);
  const deadlineDays = summary.problems.find((p) => p.entryId === entry.id)?.deadlineDays;
  await ctx.reply(t.entryAdded({ kind, text: entry.text ?? text, deadlineDays, summary }));
}
