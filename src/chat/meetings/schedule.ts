/**
 * 例会 第一责任区 5月28日 14:30 区教委3楼会议室 议程：… — an office admin or zone leader schedules a meeting; it is kept
 * as a draft and shown on a summary card with 确认 / 取消 (confirm.ts).
 */
import { actionKey } from '../../domain/actions.ts';
import { clock } from '../../clock.ts';
import { DudaoError } from '../../domain/errors.ts';
import { assertCanOrganise, scheduleMeeting, zonesOfOffice } from '../../services/meetings.ts';
import { meetingLabel, membersOfZones, zonesOfMeeting } from '../../services/meetings-notices.ts';
import { meetingSummaryCard } from '../../../templates/meetings/cards.ts';
import { meetingChat } from '../../../templates/meetings/messages.ts';
import type { ChatContext } from '../context.ts';
import { parseMeetingLine } from './parse.ts';
import { resolveZone } from './resolve.ts';

export async function scheduleByChat(ctx: ChatContext, args: string): Promise<void> {
  const me = ctx.me;
  const line = parseMeetingLine(args, clock.now());
  if (!line.startsAt) {
    await ctx.reply(line.day || line.missingTime ? meetingChat.needWhen() : meetingChat.usage());
    return;
  }
  let { zone, given } = await resolveZone(ctx, line.zone);
  if (!given) {
    // A zone leader means their own zone; an office admin must say which (or 全部).
    const own = me.zoneId !== null && !me.roles.includes('office_admin') ? (await zonesOfOffice(ctx.db, me.officeId)).find((z) => z.id === me.zoneId) : undefined;
    if (!own) throw new DudaoError('bad_request', meetingChat.needZone((await zonesOfOffice(ctx.db, me.officeId)).map((z) => z.name)));
    zone = own;
  }
  assertCanOrganise({ kind: 'person', person: me }, zone ? zone.id : null, zone?.name);
  const meeting = await scheduleMeeting(ctx.db, { kind: 'person', person: me }, {
    zoneId: zone ? zone.id : null, startsAt: line.startsAt, place: line.place, agenda: line.agenda, draft: true, force: line.force,
  });
  const zoneList = await zonesOfMeeting(ctx.db, meeting);
  const members = await membersOfZones(ctx.db, zoneList.map((z) => z.id));
  await ctx.reply(meetingChat.drafted());
  await ctx.reply({
    type: 'card',
    card: meetingSummaryCard({
      taskId: `meeting-draft-${meeting.id}`, zoneName: meetingLabel(meeting, zoneList), startsAt: meeting.startsAt, place: meeting.place,
      agenda: meeting.agenda, members: members.length,
      confirmKey: actionKey('meeting.confirm', meeting.id), discardKey: actionKey('meeting.discard', meeting.id),
    }),
  });
}
