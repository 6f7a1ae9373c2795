/** Titles, labels and answers of the reports work. */
import type { Refusal, ReportKind, ReportStatus, ReportStep } from '../../src/domain/report-lifecycle.ts';
import type { FlagKind } from '../../src/domain/redaction.ts';

export const KIND_LABEL: Record<ReportKind, string> = {
  visit: '督导报告',
  monthly_zone: '责任区月报',
  monthly_district: '全区月报',
  quarterly: '季度报告',
  exemplary: '先进典型和经验推荐',
};

export const STATUS_LABEL: Record<ReportStatus, string> = {
  draft: '草稿', submitted: '待审核', zone_approved: '责任区已审核', approved: '已审核', publishing: '发布中',
  published: '已发布', publish_failed: '发布失败', withdrawn: '已撤回',
};

export const FLAG_LABEL: Record<FlagKind, string> = {
  person_name: '师生姓名', mobile: '手机号码', landline: '固定电话', id_number: '身份证号', student_number: '学籍号',
  email: '电子邮箱', wechat_id: '微信号', address: '家庭住址', photo: '未标记可公开的照片',
};

const STEP_LABEL: Record<ReportStep, string> = {
  edit: '修改', submit: '提交', zone_approve: '责任区审核', approve: '审核通过', publish: '发布', withdraw: '撤回',
};

const ROLE_LABEL: Record<string, string> = { office_admin: '督导室管理员', zone_leader: '责任区组长', supervisor: '责任督学', school_contact: '学校联系人' };

export const reportText = {
  monthTitle: (zone: string | null, year: number, month: number) => `${zone ?? '全区'}${year}年${month}月督导工作月报`,
  quarterTitle: (year: number, q: number) => `${year}年第${'一二三四'[q - 1]}季度责任督学挂牌督导工作报告`,
  visitTitle: (school: string, day: string) => `${school}督导报告（${day}）`,
  exemplaryTitle: (school: string, name: string) => `${school}：${name}`,
  digestMonth: (visits: number, problems: number, rate: string) => `本月共开展督导${visits}次，发现问题${problems}个，整改率${rate}。`,
  notFound: (id: number) => `报告 ${id} 不存在`,
  schoolNotFound: (id: number) => `学校 ${id} 不存在`,
  zoneNotFound: (id: number) => `责任区 ${id} 不存在`,
  visitNotRecorded: '只有已提交的督导记录才能生成督导报告',
  badPeriod: (p: string) => `期间「${p}」格式不对，月份写 2026-05，季度写 2026-Q2`,
  flagNotFound: (id: number) => `标记 ${id} 不存在`,
  reasonRequired: '保留这一处须写明理由',
  notYours: '只能修改或提交自己起草的报告，其他报告由督导室处理',
  imageNotFound: (id: number) => `图片 ${id} 不属于这份报告`,
  noticeNotFound: (id: number) => `整改通知书 ${id} 不存在`,
  refused: (step: ReportStep, r: Refusal) => {
    switch (r.reason) {
      case 'role': return `只有${r.need.map((n) => ROLE_LABEL[n]).join('或')}可以${STEP_LABEL[step]}报告（督导结论由督导室公开）`;
      case 'state': return `报告当前为「${STATUS_LABEL[r.status]}」，不能${STEP_LABEL[step]}`;
      case 'zone': return '只有本责任区的组长可以审核这份推荐';
      case 'open_flags': return `还有 ${r.count} 处个人信息未处理：请修改，或写明理由后保留`;
    }
  },
};

/** Words of the public chat (公众号). */
export const publicChatText = {
  none: '暂无已发布的督导报告，请稍后再来查看。',
  noneForSchool: (school: string) => `暂无${school}已发布的督导报告，感谢您的关注。`,
  listTitle: '最新督导报告',
};
