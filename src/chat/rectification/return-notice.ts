/**
 * 退回: the card's button asks for the reason (a reason button, or the reviewer's next text); `退回 12号 原因` does it
 * in one message. The school gets the reason and the notice is rectifying again.
 */
import { actionKey } from '../../domain/actions.ts';
import { DudaoError } from '../../domain/errors.ts';
import { help } from '../../../templates/chat/common.ts';
import { rectificationErrors as E } from '../../../templates/rectification-errors.ts';
import { rectificationText as T } from '../../../templates/rectification.ts';
import { noticeReturnReasonCard } from '../../../templates/cards/notice-review.ts';
import { schoolById } from '../../services/directory.ts';
import { noticeForStaff, type Notice } from '../../services/rectification-notices.ts';
import { askReturnReason, pendingOf, returnNotice } from '../../services/rectification.ts';
import type { ChatContext } from '../context.ts';
import { requiredRef, reviewArg } from './parse.ts';

async function done(ctx: ChatContext, notice: Notice): Promise<void> {
  await ctx.reply(T.returnedToReviewer(notice.number, (await schoolById(ctx.db, notice.schoolId))?.name ?? ''));
}

export async function returnFromCard(ctx: ChatContext): Promise<void> {
  const { noticeId, revision } = reviewArg(ctx.actionArg);
  const notice = await askReturnReason(ctx.db, { person: ctx.me, noticeId, revision });
  await ctx.updateCard({ replaceName: T.returnTapped });
  const rev = `${notice.id}.${revision ?? 0}`;
  await ctx.reply({
    type: 'card',
    card: noticeReturnReasonCard({
      taskId: `notice-${notice.id}-reason-${ctx.inboxId}`,
      number: notice.number,
      prompt: T.returnAsk(notice.number),
      reasons: T.returnReasons.map((text, n) => ({ text, key: actionKey('notice.return_reason', `${rev}.${n}`) })),
    }),
  });
}

export async function returnReasonFromCard(ctx: ChatContext): Promise<void> {
  const { noticeId, revision, extra } = reviewArg(ctx.actionArg);
  const reason = T.returnReasons[extra ?? -1];
  if (!reason) throw new DudaoError('bad_request', E.needReason());
  const notice = await returnNotice(ctx.db, { by: { person: ctx.me }, noticeId, reason, revision: revision || undefined, sourceKey: `inbox:${ctx.inboxId}` });
  await ctx.updateCard({ replaceName: reason });
  await done(ctx, notice);
}

/** Free text from a reviewer: the reason the bot asked for, if it asked; otherwise the help. */
export async function returnReasonTyped(ctx: ChatContext): Promise<void> {
  const pending = await pendingOf(ctx.db, ctx.me.id);
  if (!pending || pending.kind !== 'return_reason' || !pending.noticeId) {
    await ctx.reply(help(ctx.me.roles));
    return;
  }
  const notice = await returnNotice(ctx.db, {
    by: { person: ctx.me }, noticeId: pending.noticeId, reason: ctx.args, revision: pending.revision ?? undefined, sourceKey: `inbox:${ctx.inboxId}`,
  });
  await done(ctx, notice);
}

export async function returnTyped(ctx: ChatContext): Promise<void> {
  const ref = requiredRef(ctx.args, '退回');
  const found = await noticeForStaff(ctx.db, ctx.me, ref);
  if (!found) throw new DudaoError('not_found', E.notFound(ref.label, []));
  if (!ref.rest) throw new DudaoError('bad_request', E.needReason());
  await done(ctx, await returnNotice(ctx.db, { by: { person: ctx.me }, noticeId: found.id, reason: ref.rest, sourceKey: `inbox:${ctx.inboxId}` }));
}
