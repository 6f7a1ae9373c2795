/**
 * 完成: the record is checked against the 2+2 rule and the items rule. What is missing is named; a complete record
 * comes back as a card to check, with 提交 / 继续补充.
 */
import * as t from '../../../templates/chat/visits.ts';
import { missingList } from '../../../templates/visit-missing.ts';
import { visitReviewCard } from '../../../templates/cards/visit-review.ts';
import { actionKey } from '../../domain/actions.ts';
import { visitLink } from '../../services/links.ts';
import { completeCheck } from '../../services/visits.ts';
import type { ChatContext } from '../context.ts';

export async function complete(ctx: ChatContext): Promise<void> {
  const { ok, missing, summary } = await completeCheck(ctx.db, { personId: ctx.me.id });
  if (!ok) {
    await ctx.reply(t.incomplete(summary.school.name, missingList(missing)));
    return;
  }

  const visitId = summary.visitId;
  await ctx.reply({
    type: 'card',
    card: visitReviewCard({
      taskId: `visit-${visitId}-review-${ctx.inboxId}`,
      summary,
      submitKey: actionKey('visit.submit', visitId),
      continueKey: actionKey('visit.continue', visitId),
      url: visitLink(ctx.deps.baseUrl, visitId, ctx.me.id),
    }),
  });
}
