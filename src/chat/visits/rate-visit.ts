/** The school contact taps a rating on the card sent after a visit was submitted: stored once, card greyed out. */
import * as t from '../../../templates/chat/visits.ts';
import { visitErrors } from '../../../templates/visit-errors.ts';
import { DudaoError } from '../../domain/errors.ts';
import { toRating } from '../../domain/ratings.ts';
import { rateVisit as rate } from '../../services/visits.ts';
import type { ChatContext } from '../context.ts';
import { visitIdOf } from './parse.ts';

export async function rateVisit(ctx: ChatContext): Promise<void> {
  const rating = toRating(ctx.actionArg?.split(':')[1] ?? '');
  if (!rating) throw new DudaoError('bad_request', visitErrors.badRating());

  await rate(ctx.db, { personId: ctx.me.id, visitId: visitIdOf(ctx.actionArg), rating });
  await ctx.updateCard({ replaceName: t.tapped.rated(rating) });
  await ctx.reply(t.rated(rating));
}
