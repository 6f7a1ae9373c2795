/** What the bot says about meetings: group notices (conversations.md §2) and the replies in chat. */
import { names, shortWhen, when } from './format.ts';

export interface GroupText {
  title: string;
  lines: string[];
  mentionPrefix?: string;
  /** After the people named. */
  footer?: string[];
}

const replyHint = (canReceive: boolean) => (canReceive
  ? '请在群里回复"参加"，或"请假 原因"。'
  : '企业微信成员请在「督导通」应用的卡片上点"参加"或"请假"。');

export const meetingGroup = {
  announce: (i: { zoneName: string; startsAt: Date; place: string; agenda: string | null; canReceive: boolean }): GroupText => ({
    title: `例会通知：${i.zoneName}`,
    lines: [`时间：${when(i.startsAt)}`, `地点：${i.place}`, ...(i.agenda ? [`议程：${i.agenda}`] : []), replyHint(i.canReceive)],
  }),
  day: (i: { zoneName: string; startsAt: Date; place: string; attending: string[]; leave: { name: string; reason: string | null }[]; canReceive: boolean; unanswered: number }): GroupText => ({
    title: `今日例会：${i.zoneName}`,
    lines: [
      `时间：${when(i.startsAt)}`,
      `地点：${i.place}`,
      `参加（${i.attending.length}人）：${names(i.attending)}`,
      `请假（${i.leave.length}人）：${names(i.leave.map((l) => (l.reason ? `${l.name}（${l.reason}）` : l.name)))}`,
    ],
    ...(i.unanswered > 0 ? { mentionPrefix: `尚未回复（${i.unanswered}人）：`, footer: [replyHint(i.canReceive)] } : {}),
  }),
  moved: (i: { zoneName: string; before: { startsAt: Date; place: string }; after: { startsAt: Date; place: string }; agenda: string | null; canReceive: boolean }): GroupText => ({
    title: `例会改期：${i.zoneName}`,
    lines: [
      `原定：${when(i.before.startsAt)}，${i.before.place}`,
      `改为：${when(i.after.startsAt)}，${i.after.place}`,
      ...(i.agenda ? [`议程：${i.agenda}`] : []),
      `请以此为准，重新确认是否参加。${replyHint(i.canReceive)}`,
    ],
  }),
  cancelled: (i: { zoneName: string; startsAt: Date; place: string }): GroupText => ({
    title: `例会取消：${i.zoneName}`,
    lines: [`原定${when(i.startsAt)}在${i.place}召开的例会取消，另行通知。`],
  }),
};

export const meetingMember = {
  cancelled: (i: { zoneName: string; startsAt: Date; place: string }) =>
    `【例会取消】${i.zoneName}原定${when(i.startsAt)}在${i.place}召开的例会取消，另行通知。`,
};

export interface ComingMeeting {
  id: number;
  zoneName: string;
  startsAt: Date;
  place: string;
  status: string;
  attending: number;
  leave: number;
  unanswered: number;
}

export const meetingChat = {
  usage: () => [
    '安排例会：例会 第一责任区 5月28日 14:30 区教委3楼会议室 议程：…（全部责任区写"全部"）',
    '查看：例会 ｜ 名单：例会 名单',
    '改期：例会 改期 6月2日 15:00 [地点] ｜ 取消：例会 取消',
    '会后：例会 出席 王建国 李秀英 ｜ 例会 纪要 …',
  ].join('\n'),
  needWhen: () => '请写明例会的日期和时间，例如"例会 第一责任区 5月28日 14:30 区教委3楼会议室"。',
  needZone: (zones: string[]) => `请写明哪个责任区（或"全部"），例如"例会 ${zones[0] ?? '第一责任区'} 5月28日 14:30 地点"。`,
  unknownZone: (query: string, zones: string[]) => `没有找到"${query}"。本室的责任区：${names(zones)}。`,
  ambiguousZone: (query: string, zones: string[]) => `"${query}"对应多个责任区：${names(zones)}，请写全称。`,
  drafted: () => '请核对例会安排，无误后点卡片上的"确认"。',
  confirmed: (i: { zoneName: string; startsAt: Date; members: number; announceAt: Date; announcedNow: boolean; heldUntil?: Date | null }) =>
    i.announcedNow
      ? (i.heldUntil
        ? `已安排${i.zoneName}例会：${when(i.startsAt)}。现在是休息时间，通知将于${shortWhen(i.heldUntil)} 发到责任区群和${i.members}位成员。`
        : `已安排${i.zoneName}例会：${when(i.startsAt)}。通知已发到责任区群，${i.members}位成员会收到参加/请假卡片。`)
      : `已安排${i.zoneName}例会：${when(i.startsAt)}。将于${shortWhen(i.announceAt)} 通知责任区群和${i.members}位成员，当天再提醒一次。`,
  discarded: () => '已取消这次例会安排，没有发出任何通知。',
  none: () => '近期没有安排例会。发送"例会 第一责任区 5月28日 14:30 地点"安排一次。',
  list: (items: ComingMeeting[]) => [
    '近期例会：',
    ...items.map((m) => `· ${m.zoneName} ${when(m.startsAt)} ${m.place}${m.status === 'draft' ? '（待确认）' : `（参加${m.attending}，请假${m.leave}，未回复${m.unanswered}）`}`),
  ].join('\n'),
  several: (items: { zoneName: string; startsAt: Date }[]) =>
    `你有多次例会：${items.map((m) => `${m.zoneName}${shortWhen(m.startsAt)}`).join('；')}。请写明责任区，例如"例会 改期 ${items[0]?.zoneName ?? '第一责任区'} 6月2日 15:00"。`,
  moved: (i: { zoneName: string; startsAt: Date; corrected: boolean }) =>
    `已把${i.zoneName}例会改到${when(i.startsAt)}。${i.corrected ? '已向责任区群和收到卡片的成员发出改期通知。' : '通知尚未发出，将按新时间提醒。'}`,
  cancelled: (i: { zoneName: string; startsAt: Date; corrected: boolean }) =>
    `已取消${i.zoneName}${when(i.startsAt)}的例会。${i.corrected ? '已向责任区群和收到卡片的成员发出取消通知。' : '通知尚未发出，不会再提醒。'}`,
  attend: (i: { zoneName: string; startsAt: Date }) => `已登记：参加${i.zoneName}例会（${when(i.startsAt)}）。`,
  leave: (i: { zoneName: string; startsAt: Date; reason: string | null }) => (i.reason
    ? `已登记请假：${i.zoneName}例会（${when(i.startsAt)}），原因：${i.reason}。`
    : `已登记请假：${i.zoneName}例会（${when(i.startsAt)}）。请回复请假原因，例如"请假 外出培训"。`),
  groupAttend: (name: string) => `${name}：已登记参加。`,
  groupLeave: (name: string, reason: string | null) => (reason ? `${name}：已登记请假（${reason}）。` : `${name}：已登记请假，请补充原因，例如"请假 外出培训"。`),
  noMeetingToAnswer: () => '你近期没有需要回复的例会。',
  roster: (i: { zoneName: string; startsAt: Date; zones: { zoneName: string; attending: string[]; leave: { name: string; reason: string | null }[]; unanswered: string[] }[] }) => [
    `${i.zoneName}例会 ${when(i.startsAt)} 参会情况：`,
    ...i.zones.flatMap((z) => [
      ...(i.zones.length > 1 ? [`【${z.zoneName}】`] : []),
      `参加（${z.attending.length}）：${names(z.attending)}`,
      `请假（${z.leave.length}）：${names(z.leave.map((l) => (l.reason ? `${l.name}（${l.reason}）` : l.name)))}`,
      `未回复（${z.unanswered.length}）：${names(z.unanswered)}`,
    ]),
  ].join('\n'),
  attendance: (i: { zoneName: string; present: string[]; absent: string[] }) =>
    `已登记${i.zoneName}例会出席：出席${i.present.length}人（${names(i.present)}），缺席${i.absent.length}人（${names(i.absent)}）。`,
  minutes: (zoneName: string) => `已保存${zoneName}例会纪要。`,
  noPastMeeting: () => '没有找到已召开、可登记的例会。',
  appchatCreating: (zoneName: string, members: number) => `正在为${zoneName}创建企业微信群（${members}人）。`,
};
