/**
 * 改期 on the morning card: the supervisor gets the next working days as buttons; tapping one moves the plan, greys
 * the buttons, and the morning card comes again on the new day.
 */
import * as t from '../../../templates/chat/visits.ts';
import { visitRescheduleCard } from '../../../templates/cards/visit-reschedule.ts';
import { actionKey } from '../../domain/actions.ts';
import { shortName } from '../../services/directory.ts';
import { today } from '../../services/visit-draft.ts';
import { visitOf } from '../../services/visit-view.ts';
import { rescheduleVisit } from '../../services/visits.ts';
import type { ChatContext } from '../context.ts';
import { nextWorkingDays, visitIdOf } from './parse.ts';

const CHOICES = 5;

export async function reschedule(ctx: ChatContext): Promise<void> {
  const { visit, school } = await visitOf(ctx.db, { personId: ctx.me.id, visitId: visitIdOf(ctx.actionArg) });
  const newDay = ctx.actionArg?.split(':')[1];
  if (!newDay) {
    const days = nextWorkingDays(today(), CHOICES).filter((d) => d !== visit.plannedOn);
    await ctx.reply({
      type: 'card',
      card: visitRescheduleCard({
        taskId: `visit-${visit.id}-reschedule-${ctx.inboxId}`,
        schoolName: shortName(school),
        days: days.map((day) => ({ day, key: actionKey('visit.reschedule', `${visit.id}:${day}`) })),
      }),
    });
    return;
  }

  const moved = await rescheduleVisit(ctx.db, { personId: ctx.me.id, visitId: visit.id, plannedOn: newDay });
  await ctx.updateCard({ replaceName: t.tapped.rescheduled(moved.plannedOn!) });
  await ctx.reply(t.rescheduled(shortName(school), moved.plannedOn!));
}
