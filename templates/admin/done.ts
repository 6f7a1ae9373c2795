/** What a console action says once it has worked (the page it redirects to shows it). Keys travel as ?done=. */
export const DONE = {
  'zone-saved': '责任区已保存',
  'school-saved': '学校已保存',
  'person-saved': '人员已保存',
  'assignment-saved': '挂牌已保存',
  unchanged: '内容没有变化，未作修改',
  resent: '消息已重新排队发送，稍后刷新可看到结果',
  'codes-issued': '绑定码已生成（原有未使用的绑定码已作废）',
  'codes-none': '所有学校联系人都已能收到消息，无需生成绑定码',
  'interview-saved': '约谈记录已保存，已记入办理记录',
  'bulletin-saved': '通报已保存，已记入办理记录',
  'notice-verified': '已确认整改到位，通知书办结；学校会收到通知',
  'notice-returned': '已退回，学校须重新整改；学校会收到退回原因',
} as const;

export type DoneKey = keyof typeof DONE;

export const doneText = (key: unknown): string | undefined =>
  typeof key === 'string' && Object.hasOwn(DONE, key) ? DONE[key as DoneKey] : undefined;
