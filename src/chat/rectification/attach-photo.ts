/**
 * A school contact's photo: it joins the report they made in the last half hour, or waits for the 已整改 they are
 * about to type (photos before the text, as for visits).
 */
import { rectificationText as T } from '../../../templates/rectification.ts';
import { keepContactPhoto, REPORT_PHOTO_MINUTES } from '../../services/rectification.ts';
import type { ChatContext } from '../context.ts';

export async function attachPhoto(ctx: ChatContext): Promise<void> {
  const { fetchMedia } = ctx.deps;
  if (!fetchMedia || !ctx.msg.mediaId) throw new Error(`cannot fetch the photo of inbox ${ctx.inboxId}: no fetchMedia or MediaId`);
  const mediaId = await fetchMedia(ctx.msg.channel, ctx.msg.mediaId);
  const kept = await keepContactPhoto(ctx.db, { person: ctx.me, mediaId, sourceKey: `inbox:${ctx.inboxId}` });
  await ctx.reply(kept.attachedTo ? T.photoAdded(kept.attachedTo.number, kept.count) : T.photoKept(REPORT_PHOTO_MINUTES));
}
