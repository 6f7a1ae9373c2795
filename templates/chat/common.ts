/** Replies every conversation shares: help by role, strangers, failures. */
import type { Role } from '../../src/db/schema/org.ts';

const HELP: Record<Role, string[]> = {
  supervisor: [
    '开始督导 学校名 —— 进校开始一次督导',
    '计划 学校名 5月20日 内容 —— 计划一次督导',
    '亮点：… / 不足：… / 建议：… —— 记录评价（至少2条亮点、2条不足）',
    '问题：… 限期15天 —— 需要下发整改通知书的问题',
    '现场整改：… —— 已现场整改的问题',
    '事项 3 5 6 / 方式 推门听课 查阅资料',
    '发送照片 —— 自动存入本次督导',
    '撤销 / 进度 / 取消督导 / 完成 / 提交',
    '整改到位 12号 / 退回 12号 原因 —— 审核学校的整改报告（也可点卡片按钮）',
    '到位 12号 / 未到位 12号 原因 —— 回访督导中标记整改情况',
    '通知书 —— 查看所负责学校未办结的整改通知书',
    '参加 / 请假 原因 —— 回复例会通知（也可点卡片）',
  ],
  school_contact: ['已整改 12号 整改说明 —— 报告整改情况（可附照片；只有一份待整改时可不写编号；分项报告写"第1项"）', '通知书 —— 查看本校未办结的整改通知书', '绑定 123456 —— 用督导室给的绑定码绑定公众号'],
  zone_leader: ['例会 本责任区 5月28日 14:30 地点 议程：… —— 安排例会', '例会 —— 近期例会；例会 名单 / 改期 / 取消 / 出席 / 纪要', '整改到位 12号 / 退回 12号 原因 —— 审核本责任区学校的整改报告'],
  office_admin: ['例会 第一责任区 5月28日 14:30 地点 议程：… —— 安排例会（"全部"为全部责任区）', '例会 —— 近期例会；例会 名单 / 改期 / 取消 / 出席 / 纪要'],
};

export function help(roles: readonly Role[]): string {
  const lines = roles.flatMap((r) => HELP[r] ?? []);
  if (lines.length === 0) return '您好！请联系督导室为您开通权限。';
  return ['可以这样对我说：', ...lines.map((l) => `· ${l}`)].join('\n');
}

export function unknownSender(platformId: string): string {
  return `您好，系统里还没有您的信息（账号 ${platformId}）。请联系所在区教育督导室，把这个账号告诉工作人员，登记后即可使用。`;
}

export const internalError = '系统繁忙，请稍后再试。您发的内容已保存，不会丢失。';

export { publicHelp } from './official-account.ts';
