/**
 * A school contact's photo: it joins the report they made in the last half hour, or waits for the 已整改 they are
 * about to type (photos before the text, as for visits). A school with nothing to rectify gets the help instead.
 */
import { help } from '../../../templates/chat/common.ts';
import { rectificationText as T } from '../../../templates/rectification.ts';
import { unfinishedNoticesOfSchool } from '../../services/rectification-notices.ts';
import { keepContactPhoto, REPORT_PHOTO_MINUTES } from '../../services/rectification.ts';
import type { ChatContext } from '../context.ts';

export async function attachPhoto(ctx: ChatContext): Promise<void> {
  const { fetchMedia } = ctx.deps;
  if (!ctx.me.schoolId || (await unfinishedNoticesOfSchool(ctx.db, ctx.me.schoolId)).length === 0) {
    await ctx.reply(help(ctx.me.roles));
    return;
  }
  if (!fetchMedia || !ctx.msg.mediaId) throw new Error(`cannot fetch the photo of inbox ${ctx.inboxId}: no fetchMedia or MediaId`);
  const mediaId = await fetchMedia(ctx.msg.channel, ctx.msg.mediaId);
  const kept = await keepContactPhoto(ctx.db, { person: ctx.me, mediaId, sourceKey: `inbox:${ctx.inboxId}` });
  await ctx.reply(kept.attachedTo ? T.photoAdded(kept.attachedTo.number, kept.count) : T.photoKept(REPORT_PHOTO_MINUTES));
}
