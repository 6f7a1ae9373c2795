/**
 * 计划 实验小学 5月20日 食堂卫生: a visit planned for a day; that morning the supervisor gets the 开始督导 card. A type
 * may come first after the date (计划 实验小学 明天 随机督导): 随机督导 and 明查暗访 are not announced to the school
 * and may be planned at short notice; other visits must be at least two days ahead (the school is told now).
 */
import * as t from '../../../templates/chat/visits.ts';
import { clock } from '../../clock.ts';
import { shortName } from '../../services/directory.ts';
import { assertCanSupervise } from '../../services/visit-draft.ts';
import { planVisit as plan } from '../../services/visits.ts';
import type { ChatContext } from '../context.ts';
import { parsePlan } from './parse.ts';
import { VISIT_TYPES } from '../../domain/visit-rules.ts';
import { isUnannounced } from '../../domain/advance-notice.ts';
import { resolveSchool } from './resolve-school.ts';

export async function planVisit(ctx: ChatContext): Promise<void> {
  assertCanSupervise(ctx.me);
  const { school: query, day, content: rest } = parsePlan(ctx.args, clock.now());
  const [first = '', ...more] = rest.split(/\s+/);
  const type = (VISIT_TYPES as readonly string[]).includes(first) ? first : undefined;
  const content = type ? more.join(' ') : rest;
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

  const visit = await plan(ctx.db, { personId: ctx.me.id, schoolId: match.school.id, plannedOn: day, content: content || null, ...(type ? { type } : {}) });
  await ctx.reply(t.planned({ school: shortName(match.school), day: visit.plannedOn!, content: visit.planContent, type: visit.type, announced: !isUnannounced(visit.type) }));
}
