/**
 * What the rectification conversation says (conversations.md §3): receipts to the school, the result of a review,
 * 退回 with its reason, re-check visits, and the nudges before and after the deadline.
 */
import { chineseDate } from '../src/domain/deadlines.ts';

export const rectificationText = {
  receipt: (i: { number: string; photos: number; supervisor: string }) =>
    `已收到你校对${i.number}的整改报告${i.photos ? `（附照片${i.photos}张）` : ''}，已转${i.supervisor}督学审核，审核结果会通知你。`,
  partReceipt: (i: { number: string; items: number[]; remaining: number[]; photos: number }) =>
    `已记录${i.number}第${i.items.join('、')}项的整改情况${i.photos ? `（附照片${i.photos}张）` : ''}。还有第${i.remaining.join('、')}项未报告，完成后请回复"已整改 ${i.number.match(/(\d+)号$/)?.[1] ?? ''}号 第${i.remaining[0]}项 整改情况"。`,
  photoKept: (minutes: number) => `照片已收到。请在${minutes}分钟内回复"已整改 编号 整改情况"，照片会一并提交。`,
  photoAdded: (number: string, count: number) => `照片已补充到${number}的整改报告（共${count}张）。`,
  pickPrompt: () => '你校有多份待整改的通知书，请选择这次报告的是哪一份：',
  picked: (number: string) => `已选择${number}`,

  verifiedToSchool: (number: string, by: string) => `${number}的整改情况已经${by}确认到位，通知书已办结。感谢配合！`,
  verifiedToReviewer: (number: string, school: string) => `已确认${school}的${number}整改到位，通知书已办结，已通知学校。`,
  returnAsk: (number: string) => `请回复退回${number}的原因（直接发送文字），或选择下面的常见原因：`,
  returnReasons: ['措施不具体', '缺少照片佐证', '问题仍未解决'] as const,
  returnedToSchool: (i: { number: string; seq: number; reason: string; by: string; dueOn: string }) =>
    `${i.number}的整改报告被${i.by}退回。\n原因：${i.reason}\n请继续整改（期限${chineseDate(i.dueOn)}），完成后再次回复"已整改 ${i.seq}号 整改情况"，并可附上照片。`,
  returnedToReviewer: (number: string, school: string) => `已退回${school}的${number}，原因已发给学校。`,
  returnTapped: '已选择退回',
  verifyTapped: '已确认到位',
  recheckTapped: '已安排回访',

  recheckPlanned: (i: { number: string; school: string; day: string }) =>
    `已安排${chineseDate(i.day)}到${i.school}回访（回头看）${i.number}。回访督导时发送"到位 ${i.number.match(/(\d+)号$/)?.[1] ?? ''}号"或"未到位 ${i.number.match(/(\d+)号$/)?.[1] ?? ''}号 原因"，提交督导记录后通知书随之办结或退回。`,
  recheckToSchool: (number: string, day: string) => `督学将于${chineseDate(day)}到校回访${number}的整改情况。`,
  recheckMarked: (number: string, verdict: string) => `已记录：${number}${verdict}。提交本次督导记录后生效。`,
  recheckReturnReason: (note: string) => `回访未到位：${note}`,

  list: (rows: { number: string; school: string; status: string; dueOn: string; url: string }[], more: boolean) =>
    rows.length === 0 ? '目前没有未办结的整改通知书。'
      : ['未办结的整改通知书：', ...rows.map((r) => `· ${r.number} ${r.school}：${r.status}，期限${chineseDate(r.dueOn)}\n  ${r.url}`), ...(more ? ['（仅列出前20份，完整列表请在督导室后台查看）'] : [])].join('\n'),

  nudgeBefore: (i: { number: string; seq: number; dueOn: string; days: number }) =>
    `【整改提醒】${i.number}将于${chineseDate(i.dueOn)}到期（还有${i.days}天）。整改完成后请回复"已整改 ${i.seq}号 整改情况"，并可附上照片。`,
  nudgeDue: (i: { number: string; seq: number }) =>
    `【整改提醒】${i.number}今天到期。整改完成后请回复"已整改 ${i.seq}号 整改情况"；如有困难请联系督学。`,
  nudgeOverdue: (i: { number: string; seq: number; days: number }) =>
    `【逾期提醒】${i.number}已逾期${i.days}天，请尽快整改并回复"已整改 ${i.seq}号 整改情况"。`,
  nudgeStaff: (i: { number: string; school: string; days: number; url: string }) =>
    `【逾期提醒】${i.school}的${i.number}已逾期${i.days}天，学校尚未报告整改情况，请督促。\n通知书：${i.url}`,
  officeWarning: (i: { number: string; school: string; days: number; supervisor: string; url: string }) =>
    `【预警】${i.school}的${i.number}已逾期${i.days}天未整改（责任督学：${i.supervisor}），已转为预警，请督导室按规定约谈或通报。\n通知书：${i.url}`,
};
