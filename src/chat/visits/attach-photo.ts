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

  // The same message handled again (a retry after a crash) must not add the photo twice.
  const before = await progress(ctx.db, ctx.me.id);
  if (!before.photos.some((p) => p.mediaId === mediaId)) await attach(ctx.db, { personId: ctx.me.id, mediaId });
  const after = await progress(ctx.db, ctx.me.id);
  await ctx.reply(t.photoSaved(after.photos.length));
}
