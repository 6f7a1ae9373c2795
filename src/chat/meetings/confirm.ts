/** The organiser's summary card: 确认 schedules the meeting (notices follow), 取消 drops the draft. */
import { DudaoError } from '../../domain/errors.ts';
import { cancelMeeting, confirmMeeting } from '../../services/meetings.ts';
import { heldUntil, instantsOf, meetingLabel, membersOfZones, zonesOfMeeting } from '../../services/meetings-notices.ts';
import { cardStates } from '../../../templates/meetings/cards.ts';
import { meetingErrors } from '../../../templates/meetings/errors.ts';
import { meetingChat } from '../../../templates/meetings/messages.ts';
import type { ChatContext } from '../context.ts';

const meetingIdOf = (arg: string | undefined): number => {
  if (!/^\d{1,10}$/.test(arg ?? '')) throw new DudaoError('not_found', meetingErrors.notFound());
  return Number(arg);
};

export async function confirmFromCard(ctx: ChatContext): Promise<void> {
  const meeting = await confirmMeeting(ctx.db, { kind: 'person', person: ctx.me }, meetingIdOf(ctx.actionArg));
  await ctx.updateCard({ replaceName: cardStates.confirmed });
  const zoneList = await zonesOfMeeting(ctx.db, meeting);
  const members = (await membersOfZones(ctx.db, zoneList.map((z) => z.id))).length;
  const { announceAt } = await instantsOf(ctx.db, meeting);
  await ctx.reply(meetingChat.confirmed({
    zoneName: meetingLabel(meeting, zoneList), startsAt: meeting.startsAt, members, announceAt,
    announcedNow: meeting.announcedVersion === meeting.version, heldUntil: await heldUntil(ctx.db, meeting.officeId),
  }));
}

export async function discardFromCard(ctx: ChatContext): Promise<void> {
  await cancelMeeting(ctx.db, { kind: 'person', person: ctx.me }, meetingIdOf(ctx.actionArg));
  await ctx.updateCard({ replaceName: cardStates.discarded });
  await ctx.reply(meetingChat.discarded());
}
