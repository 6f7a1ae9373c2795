/**
 * 开始督导 实验小学: a unique prefix or alias starts the visit; a name that fits several schools gets a pick-list
 * card; an unknown name gets the supervisor's own schools. With no name, the open draft or today's plan starts.
 */
import * as t from '../../../templates/chat/visits.ts';
import { visitPickSchoolCard } from '../../../templates/cards/visit-pick-school.ts';
import { actionKey } from '../../domain/actions.ts';
import { shortName } from '../../services/directory.ts';
import { assertCanSupervise } from '../../services/visit-draft.ts';
import { startVisit as start } from '../../services/visits.ts';
import type { ChatContext } from '../context.ts';
import { announceStart } from './announce-start.ts';
import { resolveSchool } from './resolve-school.ts';

export async function startVisit(ctx: ChatContext): Promise<void> {
  assertCanSupervise(ctx.me);
  if (!ctx.args) {
    await announceStart(ctx, await start(ctx.db, { personId: ctx.me.id }));
    return;
  }

  const match = await resolveSchool(ctx, ctx.args);
  if (match.kind === 'none') {
    await ctx.reply(t.unknownSchool(ctx.args, match.own.map(shortName)));
    return;
  }
  if (match.kind === 'several') {
    await ctx.reply({
      type: 'card',
      card: visitPickSchoolCard({
        taskId: `pick-school-${ctx.inboxId}`,
        query: ctx.args,
        schools: match.schools.map((s) => ({ name: s.name, key: actionKey('visit.pick_school', s.id) })),
      }),
    });
    return;
  }

  await announceStart(ctx, await start(ctx.db, { personId: ctx.me.id, schoolId: match.school.id }));
}
