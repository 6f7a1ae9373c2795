/**
 * 改期 on the morning card: the supervisor gets as buttons the next working days the school can still be told of in
 * time; tapping one moves the plan (the school is told of the new day), greys the buttons, and the morning card comes
 * again on the new day.
 */
import * as t from '../../../templates/chat/visits.ts';
import { visitRescheduleCard } from '../../../templates/cards/visit-reschedule.ts';
import { actionKey } from '../../domain/actions.ts';
import { shortName } from '../../services/directory.ts';
import { today } from '../../services/visit-draft.ts';
import { visitOf } from '../../services/visit-view.ts';
import { rescheduleVisit } from '../../services/visits.ts';
import { earliestPlanDay } from '../../services/visit-notice.ts';
import { clock } from '../../clock.ts';
import type { ChatContext } from '../context.ts';
import { nextWorkingDays, visitIdOf } from './parse.ts';

const CHOICES = 5;

export async function reschedule(ctx: ChatContext): Promise<void> {
  const { visit, school } = await visitOf(ctx.db, { personId: ctx.me.id, visitId: visitIdOf(ctx.actionArg) });
  const newDay = ctx.actionArg?.split(':')[1];
  if (!newDay) {
    // Only days the school can still be told of in time (any day for a visit not announced to the school).
    const earliest = await earliestPlanDay(ctx.db, { officeId: visit.officeId, type: visit.type, now: clock.now() });
    const days = nextWorkingDays(today(), CHOICES + 12).filter((d) => d !== visit.plannedOn && d >= earliest).slice(0, CHOICES);
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
