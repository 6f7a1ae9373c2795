/**
 * A photo: downloaded by its MediaId (through the channel's fetchMedia) and stored against the open visit. With no
 * visit open it is kept and joins the visit the supervisor starts next, within PENDING_PHOTO_MINUTES.
 */
import * as t from '../../../templates/chat/visits.ts';
import { attachPhoto as attach, currentDraft, progress } from '../../services/visits.ts';
import { keepPendingPhoto, PENDING_PHOTO_MINUTES } from '../../services/pending-photos.ts';
import type { ChatContext } from '../context.ts';

export async function attachPhoto(ctx: ChatContext): Promise<void> {
  const { fetchMedia } = ctx.deps;
  if (!fetchMedia || !ctx.msg.mediaId) throw new Error(`cannot fetch the photo of inbox ${ctx.inboxId}: no fetchMedia or MediaId`);
  const mediaId = await fetchMedia(ctx.msg.channel, ctx.msg.mediaId);

  const draft = await currentDraft(ctx.db, ctx.me.id);
  if (!draft) {
    await keepPendingPhoto(ctx.db, { personId: ctx.me.id, mediaId });
    await ctx.reply(t.photoKept(PENDING_PHOTO_MINUTES));
    return;
  }

  // Keyed by the message: handled again after a crash, it stores the photo once.
  await attach(ctx.db, { personId: ctx.me.id, mediaId, source: `inbox:${ctx.inboxId}` });
  const after = await progress(ctx.db, ctx.me.id);
  await ctx.reply(t.photoSaved(after.photos.length));
}
