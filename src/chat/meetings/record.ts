/** After the meeting: 例会 出席 王建国 李秀英 (the others are absent) and 例会 纪要 …, for the latest meeting held. */
import { DudaoError } from '../../domain/errors.ts';
import { latestHeldMeeting, membersOfMeeting, recordMeeting } from '../../services/meetings.ts';
import { meetingLabel, zonesOfMeeting } from '../../services/meetings-notices.ts';
import { meetingErrors } from '../../../templates/meetings/errors.ts';
import { meetingChat } from '../../../templates/meetings/messages.ts';
import type { ChatContext } from '../context.ts';
import { nameList } from './parse.ts';

async function heldMeeting(ctx: ChatContext) {
  const me = ctx.me;
  const scope = me.roles.includes('office_admin') ? undefined : me.zoneId ?? undefined;
  const m = await latestHeldMeeting(ctx.db, me.officeId, { zoneId: scope });
  if (!m) throw new DudaoError('not_found', meetingChat.noPastMeeting());
  return m;
}

export async function recordAttendanceByChat(ctx: ChatContext, rest: string): Promise<void> {
  const m = await heldMeeting(ctx);
  const members = await membersOfMeeting(ctx.db, m);
  const typed = nameList(rest);
  const unknown = typed.filter((n) => !members.some((p) => p.name === n));
  if (unknown.length > 0) throw new DudaoError('bad_request', meetingErrors.unknownPeople(unknown));
  const present = members.filter((p) => typed.includes(p.name));
  const view = await recordMeeting(ctx.db, { kind: 'person', person: ctx.me }, m.id, { presentIds: present.map((p) => p.id) });
  await ctx.reply(meetingChat.attendance({
    zoneName: view.label, present: present.map((p) => p.name), absent: members.filter((p) => !typed.includes(p.name)).map((p) => p.name),
  }));
}

export async function recordMinutesByChat(ctx: ChatContext, rest: string): Promise<void> {
  const m = await heldMeeting(ctx);
  if (!rest.trim()) throw new DudaoError('bad_request', meetingChat.usage());
  await recordMeeting(ctx.db, { kind: 'person', person: ctx.me }, m.id, { minutes: rest });
  await ctx.reply(meetingChat.minutes(meetingLabel(m, await zonesOfMeeting(ctx.db, m))));
}
