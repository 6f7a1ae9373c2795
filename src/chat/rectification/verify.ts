/** 整改到位, tapped on the review card or typed (`整改到位 12号`) by the supervisor, the zone leader or the office. */
import { DudaoError } from '../../domain/errors.ts';
import { rectificationErrors as E } from '../../../templates/rectification-errors.ts';
import { rectificationText as T } from '../../../templates/rectification.ts';
import { schoolById } from '../../services/directory.ts';
import { noticeForStaff } from '../../services/rectification-notices.ts';
import { verifyNotice } from '../../services/rectification.ts';
import type { ChatContext } from '../context.ts';
import { requiredRef, reviewArg } from './parse.ts';

export async function verifyFromCard(ctx: ChatContext): Promise<void> {
  const { noticeId, revision } = reviewArg(ctx.actionArg);
  const notice = await verifyNotice(ctx.db, { by: { person: ctx.me }, noticeId, revision, sourceKey: `inbox:${ctx.inboxId}` });
  await ctx.updateCard({ replaceName: T.verifyTapped });
  await ctx.reply(T.verifiedToReviewer(notice.number, (await schoolById(ctx.db, notice.schoolId))?.name ?? ''));
}

export async function verifyTyped(ctx: ChatContext): Promise<void> {
  const ref = requiredRef(ctx.args, '整改到位');
  const found = await noticeForStaff(ctx.db, ctx.me, ref);
  if (!found) throw new DudaoError('not_found', E.notFound(ref.label, []));
  const notice = await verifyNotice(ctx.db, { by: { person: ctx.me }, noticeId: found.id, sourceKey: `inbox:${ctx.inboxId}` });
  await ctx.reply(T.verifiedToReviewer(notice.number, (await schoolById(ctx.db, notice.schoolId))?.name ?? ''));
}
