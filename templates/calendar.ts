/** The calendar's messages: advance notice to the school, the office's filing digest, the monthly-quota reminders. */
import { chineseDate } from '../src/domain/deadlines.ts';

export const calendarErrors = {
  shortNotice: (i: { days: number; earliest: string; type: string }) =>
    `${i.type}须至少提前${i.days}天告知学校，最早可计划到${chineseDate(i.earliest)}。随机督导、明查暗访不提前告知，可写"计划 学校 明天 随机督导"。`,
  badMonth: (value: string) => `月份"${value}"无法识别，请写成 2026-10。`,
  badSemester: (value: string) => `学期"${value}"无法识别，请写成 2026-autumn（秋季：9月至次年1月）或 2026-spring（春季：2月至7月）。`,
  zoneNotFound: () => '未找到这个责任区。',
};

/** To the school contact, at least two days before an announced visit (清远 规程 一.2 提前告知). */
export function advanceNoticeText(i: { school: string; day: string; supervisor: string; type: string; content: string | null; moved: boolean }): string {
  const who = i.supervisor.endsWith('督学') ? i.supervisor : `${i.supervisor}督学`;
  return [
    `【督导告知】${who}${i.moved ? '的督导已改期，现' : ''}定于${chineseDate(i.day)}到${i.school}开展${i.type}。`,
    `督导内容：${i.content?.trim() || '经常性督导事项'}。`,
    '请学校做好相关准备，届时请负责人接待。',
  ].join('\n');
}

export interface DigestLine {
  school: string;
  supervisor: string;
  type: string;
  content: string | null;
  announced: boolean;
}

/** To the office's admins: tomorrow's planned visits (申报备案: 对象、内容、时间). */
export function filingDigestText(i: { day: string; visits: DigestLine[] }): string {
  const lines = [`【督导备案】${chineseDate(i.day)}计划督导${i.visits.length}次：`];
  i.visits.forEach((v, n) => {
    lines.push(`${n + 1}. ${v.school} · ${v.supervisor} · ${v.type}${v.announced ? '' : '（不提前告知学校）'} · ${v.content?.trim() || '经常性督导事项'}`);
  });
  return lines.join('\n');
}

/** To a supervisor on the 20th: their schools below the month's quota. */
export function quotaReminderText(i: { month: string; quota: number; schools: { name: string; count: number }[] }): string {
  const [y, m] = i.month.split('-').map(Number);
  return [
    `【督导提醒】${y}年${m}月每校至少督导${i.quota}次，以下学校本月尚未达到：`,
    ...i.schools.map((s) => `· ${s.name}：已提交${s.count}次，还差${i.quota - s.count}次`),
    '请在月底前安排，可发送"计划 学校 日期 内容"。',
  ].join('\n');
}

/** To the zone leader on the month's last working day: the zone's table. */
export function zoneQuotaText(i: { month: string; zone: string; quota: number; rows: { school: string; supervisor: string; count: number }[] }): string {
  const [y, m] = i.month.split('-').map(Number);
  const below = i.rows.filter((r) => r.count < i.quota).length;
  return [
    `【${i.zone}】${y}年${m}月督导次数（每校至少${i.quota}次；${below ? `${below}所未达到` : '全部达到'}）：`,
    ...i.rows.map((r) => `· ${r.school}（${r.supervisor}）：${r.count}次${r.count < i.quota ? ' ⚠未达到' : ''}`),
  ].join('\n');
}
