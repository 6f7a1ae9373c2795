/**
 * 回头看: 需回访 on the review card plans a re-check visit at the school; during that visit the supervisor types
 * `到位 12号` or `未到位 12号 原因`, and submitting the visit verifies or returns the notice.
 */
import { DudaoError } from '../../domain/errors.ts';
import { rectificationErrors as E } from '../../../templates/rectification-errors.ts';
import { rectificationText as T } from '../../../templates/rectification.ts';
import { schoolById, shortName } from '../../services/directory.ts';
import { noticeForStaff } from '../../services/rectification-notices.ts';
import { markRecheck, planRecheck } from '../../services/rectification.ts';
import { currentDraft } from '../../services/visits.ts';
import type { ChatContext } from '../context.ts';
import { requiredRef, reviewArg } from './parse.ts';

export async function recheckFromCard(ctx: ChatContext): Promise<void> {
  const { noticeId, revision } = reviewArg(ctx.actionArg);
  const { notice, visit } = await planRecheck(ctx.db, { person: ctx.me, noticeId, revision, baseUrl: ctx.deps.baseUrl });
  await ctx.updateCard({ replaceName: T.recheckTapped });
  const school = await schoolById(ctx.db, notice.schoolId);
  await ctx.reply(T.recheckPlanned({ number: notice.number, school: school ? shortName(school) : '', day: visit.plannedOn! }));
}

function marker(verdict: '到位' | '未到位') {
  return async function markRecheckTyped(ctx: ChatContext): Promise<void> {
    const ref = requiredRef(ctx.args, verdict);
    const notice = await noticeForStaff(ctx.db, ctx.me, ref);
    if (!notice) throw new DudaoError('not_found', E.notFound(ref.label, []));
    const draft = await currentDraft(ctx.db, ctx.me.id);
    if (!draft) throw new DudaoError('invalid_state', E.noRecheckVisit(notice.number));
    await markRecheck(ctx.db, { person: ctx.me, notice, verdict, note: ref.rest, draft });
    await ctx.reply(T.recheckMarked(notice.number, verdict));
  };
}

export const markDone = marker('到位');
export const markNotDone = marker('未到位');
