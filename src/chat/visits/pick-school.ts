/** A tap on the pick-list card: that school's visit starts, and the card shows which school was picked. */
import * as t from '../../../templates/chat/visits.ts';
import { shortName } from '../../services/directory.ts';
import { startVisit } from '../../services/visits.ts';
import type { ChatContext } from '../context.ts';
import { announceStart } from './announce-start.ts';
import { visitIdOf as idOf } from './parse.ts';

export async function pickSchool(ctx: ChatContext): Promise<void> {
  const started = await startVisit(ctx.db, { personId: ctx.me.id, schoolId: idOf(ctx.actionArg) });
  await ctx.updateCard({ replaceName: t.tapped.picked(shortName(started.school)) });
  await announceStart(ctx, started);
}
