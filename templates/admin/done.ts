/** What a console action says once it has worked (the page it redirects to shows it). Keys travel as ?done=. */
export const DONE = {
  'zone-saved': '责任区已保存',
  'school-saved': '学校已保存',
  'person-saved': '人员已保存',
  'assignment-saved': '挂牌已保存',
  unchanged: '内容没有变化，未作修改',
  resent: '消息已重新排队发送，稍后刷新可看到结果',
  'meeting-scheduled': '例会已安排，通知将按设置发到责任区群和每位成员',
  'meeting-moved': '例会已改期，更正通知将发到责任区群',
  'meeting-cancelled': '例会已取消，取消通知将发到责任区群',
  'meeting-recorded': '出席和纪要已保存',
  'report-created': '已生成报告草稿，请检查标出的个人信息',
  'flag-fixed': '已修改正文，并重新检查了个人信息',
  'flag-kept': '已保留这一处，理由已记录',
  'image-saved': '照片的公开设置已保存',
  'report-submitted': '报告已提交审核',
  'report-zone-approved': '责任区已审核，报告转督导室审核',
  'report-approved': '报告已审核通过，可以发布',
  'report-publishing': '报告正在发布到公众号，发布结果会显示在这里',
  'report-withdrawn': '报告已撤回：公开页面已下线，公众号文章将被删除',
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
