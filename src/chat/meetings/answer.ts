/**
 * Members answer a meeting: 参加 / 请假 on their card (请假 asks for a reason), `参加` or `请假 原因` typed to the
 * app, or posted in a group the bot can read (a wechaty room). An answer given twice counts once.
 */
import { DudaoError } from '../../domain/errors.ts';
import { roomTopicOf } from '../../domain/zone-groups.ts';
import { answerMeeting, nextMeetingOf } from '../../services/meetings.ts';
import { zonesOfMeeting } from '../../services/meetings-notices.ts';
import { cardStates } from '../../../templates/meetings/cards.ts';
import { meetingErrors } from '../../../templates/meetings/errors.ts';
import { meetingChat } from '../../../templates/meetings/messages.ts';
import type { ChatContext } from '../context.ts';

/** 'meetingId:version' from a card key. */
function cardTarget(arg: string | undefined): { id: number; version: number } {
  const m = /^(\d{1,10}):(\d{1,6})$/.exec(arg ?? '');
  if (!m) throw new DudaoError('not_found', meetingErrors.notFound());
  return { id: Number(m[1]), version: Number(m[2]) };
}

export async function attendFromCard(ctx: ChatContext): Promise<void> {
  const { id, version } = cardTarget(ctx.actionArg);
  const r = await answerMeeting(ctx.db, ctx.me, id, { answer: 'attend', via: 'card', version });
  await ctx.updateCard({ replaceName: cardStates.attending });
  await ctx.reply(meetingChat.attend({ zoneName: r.label, startsAt: r.meeting.startsAt }));
}

export async function leaveFromCard(ctx: ChatContext): Promise<void> {
  const { id, version } = cardTarget(ctx.actionArg);
  const r = await answerMeeting(ctx.db, ctx.me, id, { answer: 'leave', via: 'card', version });
  await ctx.updateCard({ replaceName: cardStates.onLeave });
  await ctx.reply(meetingChat.leave({ zoneName: r.label, startsAt: r.meeting.startsAt, reason: r.reason }));
}

/** `参加` / `请假 原因` typed to the app: the member's next meeting. */
export async function answerByText(ctx: ChatContext): Promise<void> {
  const m = await nextMeetingOf(ctx.db, ctx.me);
  if (!m) {
    await ctx.reply(meetingChat.noMeetingToAnswer());
    return;
  }
  const answer = ctx.command === '请假' ? 'leave' : 'attend';
  const r = await answerMeeting(ctx.db, ctx.me, m.id, { answer, reason: answer === 'leave' ? ctx.args : null, via: 'chat' });
  await ctx.reply(answer === 'leave'
    ? meetingChat.leave({ zoneName: r.label, startsAt: m.startsAt, reason: r.reason })
    : meetingChat.attend({ zoneName: r.label, startsAt: m.startsAt }));
}

/**
 * Text posted in a room: only 参加 / 请假 from a registered member of the zone whose group it is, for the zone's
 * next meeting; everything else in the group is left alone. The answer is acknowledged in the room.
 */
export async function answerInRoom(ctx: ChatContext): Promise<void> {
  if (ctx.command !== '参加' && ctx.command !== '请假') return;
  const person = ctx.person;
  const topic = roomTopicOf(ctx.msg.room ?? '');
  if (!person || topic === null) return;
  const m = await nextMeetingOf(ctx.db, person);
  if (!m) return;
  const zoneList = await zonesOfMeeting(ctx.db, m);
  const own = zoneList.find((z) => z.id === person.zoneId);
  if (!own || own.wechatyRoom !== topic) return;
  const answer = ctx.command === '请假' ? 'leave' : 'attend';
  const r = await answerMeeting(ctx.db, person, m.id, { answer, reason: answer === 'leave' ? ctx.args : null, via: 'group' });
  await ctx.reply(answer === 'leave' ? meetingChat.groupLeave(person.name, r.reason) : meetingChat.groupAttend(person.name));
}
