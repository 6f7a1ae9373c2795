/**
 * 提交 on the standard-item card: the ticked options become the visit's items and the card's button greys out.
 * A card left over from an earlier visit must not change the current one.
 */
import * as t from '../../../templates/chat/visits.ts';
import { ITEMS_QUESTION } from '../../../templates/cards/visit-items.ts';
import { listStandardItems } from '../../services/standard-items.ts';
import { currentDraft, setItems } from '../../services/visits.ts';
import type { ChatContext } from '../context.ts';
import { visitIdOf } from './parse.ts';

export async function tickItems(ctx: ChatContext): Promise<void> {
  const draft = await currentDraft(ctx.db, ctx.me.id);
  if (!draft || draft.id !== visitIdOf(ctx.actionArg)) {
    await ctx.reply(t.itemsCardOutdated());
    return;
  }
  const codes = (ctx.msg.event?.selected ?? [])
    .filter((s) => s.questionKey === ITEMS_QUESTION)
    .flatMap((s) => s.optionIds.map(Number));

  const visit = await setItems(ctx.db, { personId: ctx.me.id, codes });
  await ctx.updateCard({ replaceName: t.tapped.itemsSaved });
  const items = await listStandardItems(ctx.db);
  await ctx.reply(t.itemsSet(items.filter((i) => visit.items.includes(i.code))));
}
