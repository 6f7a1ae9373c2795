/** 取消督导: the open visit is abandoned (kept, never submitted) and the supervisor is told which one. */
import * as t from '../../../templates/chat/visits.ts';
import { schoolById, shortName } from '../../services/directory.ts';
import { cancelVisit } from '../../services/visits.ts';
import type { ChatContext } from '../context.ts';

export async function cancel(ctx: ChatContext): Promise<void> {
  const visit = await cancelVisit(ctx.db, { personId: ctx.me.id });
  const school = await schoolById(ctx.db, visit.schoolId);
  await ctx.reply(t.cancelled(school ? shortName(school) : ''));
}
