/** 事项 3 5 6 (or 3、5、6, 三 五): the standard items checked on this visit; a bare 事项 lists them. */
import * as t from '../../../templates/chat/visits.ts';
import { listStandardItems } from '../../services/standard-items.ts';
import { setItems as save } from '../../services/visits.ts';
import type { ChatContext } from '../context.ts';
import { parseItemCodes } from './parse.ts';

export async function setItems(ctx: ChatContext): Promise<void> {
  const items = await listStandardItems(ctx.db);
  if (!ctx.args) {
    await ctx.reply(t.itemsUsage(items));
    return;
  }
  const { codes, invalid } = parseItemCodes(ctx.args);
  if (invalid.length > 0) {
    await ctx.reply(t.notItemNumbers(invalid, items));
    return;
  }

  const visit = await save(ctx.db, { personId: ctx.me.id, codes });
  await ctx.reply(t.itemsSet(items.filter((i) => visit.items.includes(i.code))));
}
