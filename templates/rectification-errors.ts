/** Refusals in the rectification conversation and API: short, saying what to do instead. */
import type { NoticeStatus, NoticeStep } from '../src/domain/rectification-lifecycle.ts';

export const NOTICE_STATUS_TEXT: Record<NoticeStatus, string> = {
  issued: '已下达',
  rectifying: '整改中',
  submitted: '已报告，待督学审核',
  verified: '已确认整改到位',
  closed: '已办结',
  overdue: '已逾期',
  escalated: '逾期已预警',
};

const STEP_TEXT: Record<NoticeStep, string> = {
  report_part: '报告整改情况',
  report_all: '报告整改情况',
  return: '退回',
  verify: '确认整改到位',
  close: '办结',
  overdue: '标记逾期',
  escalate: '预警',
};

export const rectificationErrors = {
  cannot: (step: NoticeStep, status: NoticeStatus, number: string) =>
    status === 'submitted' && (step === 'report_all' || step === 'report_part')
      ? `${number}已报告整改情况，正在等待督学审核，无需重复报告。`
      : `${number}当前状态为"${NOTICE_STATUS_TEXT[status]}"，不能${STEP_TEXT[step]}。`,
  notFound: (ref: string, open: string[]) =>
    open.length
      ? `未找到${ref}整改通知书。你校待整改的通知书：${open.join('、')}。`
      : `未找到${ref}整改通知书。`,
  noOpen: () => '你校目前没有待整改的整改通知书。',
  needMeasures: (seq: number | null) =>
    `请写明采取的整改措施，例如：已整改${seq === null ? '' : ` ${seq}号`} 已补齐食堂留样记录。`,
  measuresTooLong: (max: number) => `整改情况请控制在${max}字以内，可分几条发送。`,
  notContact: () => '只有学校联系人可以报告整改情况。如需帮助，请联系督导室。',
  notReviewer: (number: string) => `只有该校的责任督学、所在责任区组长或督导室可以审核${number}。`,
  staleReport: (number: string) => `这张卡片对应的${number}整改报告已经处理过了。`,
  noSuchItem: (number: string, count: number, asked: number[]) =>
    `${number}共有${count}项问题，没有第${asked.join('、')}项。`,
  itemsDone: (number: string, asked: number[]) => `${number}第${asked.join('、')}项已经报告过了。`,
  needReason: () => '请说明退回的原因，例如：退回 12号 留样记录仍不完整。',
  reasonTooLong: (max: number) => `退回原因请控制在${max}字以内。`,
  needNumber: (command: string) => `请写明通知书编号，例如：${command} 12号。`,
  noRecheckVisit: (number: string) => `请在对该校的回访督导进行中时标记${number}，先发送"开始督导 学校名称"。`,
  recheckOtherSchool: (number: string, school: string) => `${number}是${school}的通知书，与当前督导的学校不一致。`,
  recheckPending: (number: string) => `${number}已安排回访（回头看），请在回访督导中发送"到位 编号"，提交督导记录后即确认到位。`,
  badQuery: (field: string, why: string) => `参数 ${field} 不正确：${why}`,
  badRecord: (why: string) => `记录不完整：${why}`,
  pickExpired: () => '这份待选择的整改报告已过期，请重新发送"已整改 编号 整改情况"。',
};
