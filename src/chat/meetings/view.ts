/** 例会 alone lists the coming meetings; 例会 名单 [责任区] shows who comes, who is on leave, who has not answered. */
import { comingMeetings, viewMeeting, zonesOfOffice } from '../../services/meetings.ts';
import { meetingChat } from '../../../templates/meetings/messages.ts';
import { ALL_ZONES } from '../../../templates/meetings/format.ts';
import type { ChatContext } from '../context.ts';
import { pickComingMeeting } from './resolve.ts';

export async function listComing(ctx: ChatContext): Promise<void> {
  const me = ctx.me;
  const scope = me.roles.includes('office_admin') ? undefined : me.zoneId ?? undefined;
  const list = await comingMeetings(ctx.db, me.officeId, { zoneId: scope, organiserId: me.id, limit: 10 });
  if (list.length === 0) {
    await ctx.reply(meetingChat.none());
    return;
  }
  const zones = await zonesOfOffice(ctx.db, me.officeId);
  const items = await Promise.all(list.map(async (m) => {
    const v = await viewMeeting(ctx.db, m);
    const sum = (f: (z: (typeof v.zones)[number]) => number) => v.zones.reduce((n, z) => n + f(z), 0);
    return {
      id: m.id, zoneName: zones.find((z) => z.id === m.zoneId)?.name ?? ALL_ZONES, startsAt: m.startsAt, place: m.place, status: m.status,
      attending: sum((z) => z.attending.length), leave: sum((z) => z.leave.length), unanswered: sum((z) => z.unanswered.length),
    };
  }));
  await ctx.reply(meetingChat.list(items));
}

export async function showRoster(ctx: ChatContext, rest: string): Promise<void> {
  const m = await pickComingMeeting(ctx, rest.trim());
  if (!m) {
    await ctx.reply(meetingChat.none());
    return;
  }
  const v = await viewMeeting(ctx.db, m);
  await ctx.reply(meetingChat.roster({
    zoneName: v.label, startsAt: m.startsAt,
    zones: v.zones.map((z) => ({
      zoneName: z.zoneName, attending: z.attending.map((p) => p.name), leave: z.leave.map((l) => ({ name: l.person.name, reason: l.reason })),
      unanswered: z.unanswered.map((p) => p.name),
    })),
  }));
}
