/**
 * What every way of starting a visit ends with (typed, morning card, pick-list): photos sent just before are taken
 * in, the supervisor is told how to record, and a new visit gets the card of the eight standard items.
 */
import * as t from '../../../templates/chat/visits.ts';
import { visitItemsCard } from '../../../templates/cards/visit-items.ts';
import { actionKey } from '../../domain/actions.ts';
import { shortName } from '../../services/directory.ts';
import { attachPendingPhotos } from '../../services/pending-photos.ts';
import { listStandardItems } from '../../services/standard-items.ts';
import type { StartedVisit } from '../../services/visits.ts';
import type { ChatContext } from '../context.ts';

export async function announceStart(ctx: ChatContext, { visit, school, resumed }: StartedVisit): Promise<void> {
  const photos = await attachPendingPhotos(ctx.db, { personId: ctx.me.id });
  const name = shortName(school);
  if (resumed) {
    await ctx.reply(t.resumed({ school: name, photos }));
    return;
  }
  await ctx.reply(t.started({ school: name, at: visit.startedAt, photos }));
  await ctx.reply({
    type: 'card',
    card: visitItemsCard({
      taskId: `visit-${visit.id}-items-${ctx.inboxId}`,
      schoolName: name,
      items: await listStandardItems(ctx.db),
      checked: visit.items,
      submitKey: actionKey('visit.items', visit.id),
    }),
  });
}
