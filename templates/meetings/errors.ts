/** Reasons the meeting services give when they refuse; chat shows them as the reply, HTTP as the 4xx reason. */
import { when } from './format.ts';

export const meetingErrors = {
  notFound: () => '未找到这次例会。',
  badMonth: (month: string) => `月份"${month}"无法识别，请写成 2026-05。`,
  zoneNotFound: () => '未找到这个责任区。',
  notOrganiser: () => '只有督导室管理员和责任区组长可以安排例会。',
  otherZone: (zone: string) => `你只能安排自己责任区的例会，不能安排${zone}的例会。`,
  allZonesOfficeOnly: () => '全部责任区的例会只能由督导室安排。',
  past: (at: Date) => `例会时间${when(at)}已经过去，不能安排在过去。`,
  nonWorkingDay: (at: Date) => `${when(at)}不是工作日（周末或法定节假日），请换一天；确需安排请由督导室强制安排（在消息末尾加"强制"，或接口传 force）。`,
  cancelled: () => '这次例会已取消。',
  started: () => '这次例会已经开始或结束，不能再改期或取消。',
  notStarted: () => '例会还没有开始，结束后才能登记出席和纪要。',
  draft: () => '这次例会还没有确认。',
  notDraft: () => '这次例会已经确认过了。',
  emptyPlace: () => '请写明例会地点。',
  tooLong: (what: string, max: number) => `${what}太长，请控制在${max}字以内。`,
  notMember: () => '你不在这次例会的参会名单中。',
  staleCard: () => '这张卡片对应的例会时间已经变更，请以最新的例会通知为准。',
  unknownPeople: (list: string[]) => `参会名单中没有：${list.join('、')}。`,
  nothingToChange: () => '请说明改到什么时间或地点，例如"例会 改期 6月2日 15:00"。',
  noAppchatMembers: (zone: string) => `${zone}的企业微信成员不足2人，无法建群。`,
  hasAppchat: (zone: string) => `${zone}已经有企业微信群了。`,
};

/** Field messages of the meetings API (400 reasons). */
export const meetingApiText = {
  badTime: '须为时间，如 2026-05-28T14:30:00+08:00 或 2026-05-28 14:30（北京时间）',
  badZone: '须为责任区编号，或 null 表示全部责任区',
};
