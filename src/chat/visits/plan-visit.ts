/** 计划 实验小学 5月20日 食堂卫生: a visit planned for a day; that morning the supervisor gets the 开始督导 card. */
import * as t from '../../../templates/chat/visits.ts';
import { clock } from '../../clock.ts';
import { shortName } from '../../services/directory.ts';
import { assertCanSupervise } from '../../services/visit-draft.ts';
import { planVisit as plan } from '../../services/visits.ts';
import type { ChatContext } from '../context.ts';
import { parsePlan } from './parse.ts';
import { resolveSchool } from './resolve-school.ts';

export async function planVisit(ctx: ChatContext): Promise<void> {
  assertCanSupervise(ctx.me);
  const { school: query, day, content } = parsePlan(ctx.args, clock.now());
  if (!query || !day) {
    await ctx.reply(t.planUsage());
    return;
  }
  const match = await resolveSchool(ctx, query);
  if (match.kind === 'none') {
    await ctx.reply(t.unknownSchool(query, match.own.map(shortName)));
    return;
  }
  if (match.kind === 'several') {
    await ctx.reply(t.ambiguousSchool(query, match.schools.map((s) => s.name)));
    return;
  }

  const visit = await plan(ctx.db, { personId: ctx.me.id, schoolId: match.school.id, plannedOn: day, content: content || null });
  await ctx.reply(t.planned({ school: shortName(match.school), day: visit.plannedOn!, content: visit.planContent }));
}
