/**
 * Card button keys (WeCom template_card EventKey). Every key a card carries is built here and parsed here, so a
 * card and its handler cannot disagree: `actionKey('visit.start', 42)` → 'visit.start:42'.
 */
export const ACTIONS = [
  'visit.start',        // morning card: 开始督导
  'visit.reschedule',   // morning card: 改期
  'visit.pick_school',  // pick-list when a school name is ambiguous (arg: schoolId)
  'visit.items',        // standard-item card submit (selected items come with the event)
  'visit.submit',       // summary card: 提交
  'visit.continue',     // summary card: 继续补充
  'visit.rate',         // school contact rates the visit (selected rating comes with the event)
  'notice.verify',      // supervisor: 整改到位
  'notice.return',      // supervisor: 退回 (then the reason: typed, or notice.return_reason)
  'notice.recheck',     // supervisor: 需回访 (回头看: a re-check visit is planned)
  'notice.return_reason', // 退回's reason card (arg: noticeId.reportId.reasonIndex)
  'notice.pick',        // school contact: which open notice a report is for (arg: noticeId)
  'meeting.attend',     // meeting card: 参加 (arg: meetingId:version)
  'meeting.leave',      // meeting card: 请假 (arg: meetingId:version)
  'meeting.confirm',    // organiser's summary card: 确认 (arg: meetingId)
  'meeting.discard',    // organiser's summary card: 取消 (arg: meetingId)
] as const;

export type ActionId = (typeof ACTIONS)[number];

const known = new Set<string>(ACTIONS);

export function actionKey(id: ActionId, arg?: string | number): string {
  return arg === undefined ? id : `${id}:${arg}`;
}

export function parseActionKey(key: string): { id: ActionId; arg?: string } | null {
  const i = key.indexOf(':');
  const id = i < 0 ? key : key.slice(0, i);
  if (!known.has(id)) return null;
  return { id: id as ActionId, ...(i < 0 ? {} : { arg: key.slice(i + 1) }) };
}
