/** 例会 改期 [责任区] 6月2日 15:00 [地点] and 例会 取消 [责任区]: one correction goes to the groups and members. */
import { clock } from '../../clock.ts';
import { shanghaiDate } from '../../domain/deadlines.ts';
import { DudaoError } from '../../domain/errors.ts';
import { cancelMeeting, changeMeeting } from '../../services/meetings.ts';
import { meetingLabel, zonesOfMeeting } from '../../services/meetings-notices.ts';
import { meetingErrors } from '../../../templates/meetings/errors.ts';
import { meetingChat } from '../../../templates/meetings/messages.ts';
import type { ChatContext } from '../context.ts';
import { parseMeetingLine } from './parse.ts';
import { pickComingMeeting } from './resolve.ts';

export async function rescheduleByChat(ctx: ChatContext, rest: string): Promise<void> {
  const first = parseMeetingLine(rest, clock.now());
  const m = await pickComingMeeting(ctx, first.zone);
  if (!m) {
    await ctx.reply(meetingChat.none());
    return;
  }
  // A time alone keeps the day: '例会 改期 15:00'.
  const line = parseMeetingLine(rest, clock.now(), { defaultDay: shanghaiDate(m.startsAt) });
  if (!line.startsAt && !line.place) throw new DudaoError('bad_request', meetingErrors.nothingToChange());
  const { meeting, corrected } = await changeMeeting(ctx.db, { kind: 'person', person: ctx.me }, m.id, {
    ...(line.startsAt ? { startsAt: line.startsAt } : {}), ...(line.place ? { place: line.place } : {}), ...(line.agenda ? { agenda: line.agenda } : {}),
    force: line.force,
  });
  const zoneList = await zonesOfMeeting(ctx.db, meeting);
  await ctx.reply(meetingChat.moved({ zoneName: meetingLabel(meeting, zoneList), startsAt: meeting.startsAt, corrected }));
}

export async function cancelByChat(ctx: ChatContext, rest: string): Promise<void> {
  const m = await pickComingMeeting(ctx, rest.trim());
  if (!m) {
    await ctx.reply(meetingChat.none());
    return;
  }
  const { meeting, corrected } = await cancelMeeting(ctx.db, { kind: 'person', person: ctx.me }, m.id);
  const zoneList = await zonesOfMeeting(ctx.db, meeting);
  await ctx.reply(meetingChat.cancelled({ zoneName: meetingLabel(meeting, zoneList), startsAt: meeting.startsAt, corrected }));
}
