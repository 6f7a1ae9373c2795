/** The contact taps a notice on the pick-list: the report they typed is filed against it. */
import { DudaoError } from '../../domain/errors.ts';
import { rectificationErrors as E } from '../../../templates/rectification-errors.ts';
import { rectificationText as T } from '../../../templates/rectification.ts';
import { pendingOf, reportRectification } from '../../services/rectification.ts';
import type { ChatContext } from '../context.ts';
import { reviewArg } from './parse.ts';
import { receipt } from './report.ts';

export async function pickNotice(ctx: ChatContext): Promise<void> {
  const { noticeId } = reviewArg(ctx.actionArg);
  const pending = await pendingOf(ctx.db, ctx.me.id);
  if (!pending || pending.kind !== 'pick' || !pending.text) throw new DudaoError('invalid_state', E.pickExpired());
  const result = await reportRectification(ctx.db, {
    person: ctx.me, noticeId, items: pending.items, text: pending.text, sourceKey: `inbox:${ctx.inboxId}`, baseUrl: ctx.deps.baseUrl,
  });
  await ctx.updateCard({ replaceName: T.picked(result.notice.number) });
  await ctx.reply(receipt(result));
}
