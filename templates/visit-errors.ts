/** Reasons the visit services give when they refuse; chat shows them as the reply, HTTP as the 4xx reason. */
import type { Missing } from '../src/domain/visit-rules.ts';
import { missingList } from './visit-missing.ts';

const list = (names: string[]) => (names.length ? names.join('、') : '暂无');

export const visitErrors = {
  notSupervisor: () => '只有责任督学可以发起或记录督导。',
  contactCannotStart: () => '学校联系人不能发起督导，督导由责任督学发起。如有需要，请联系责任督学或督导室。',
  notAssigned: (school: string, own: string[]) =>
    `你不是${school}的责任督学，不能在该校发起督导。你负责的学校：${list(own)}。如需联合督导，请让督导室或该校责任督学邀请你。`,
  cannotPlan: (school: string) => `你不是${school}的责任督学，不能为该校安排督导计划。`,
  needSchool: (own: string[]) => `请说明去哪所学校，例如"开始督导 ${own[0] ?? '学校名称'}"。你负责的学校：${list(own)}。`,
  openDraftElsewhere: (school: string) =>
    `你在${school}的督导还没有提交。请先发送"完成"并提交，或发送"取消督导"放弃，再开始新的督导。`,
  leadBusy: (lead: string, school: string) =>
    `联合督导的组长${lead}督学在${school}的督导还没有提交，请等其提交后再开始。`,
  noDraft: () => '当前没有进行中的督导。发送"开始督导 学校名称"开始。',
  visitNotFound: () => '未找到这次督导。',
  schoolNotFound: () => '未找到这所学校。',
  personNotFound: () => '未找到这位人员。',
  notYourVisit: () => '这次督导不是你负责的，不能操作。',
  alreadySubmitted: (school: string) => `${school}的这次督导已经提交，不能再修改。`,
  cancelled: (school: string) => `${school}的这次督导已取消。`,
  notPlanned: () => '只有尚未开始的计划可以改期。',
  badDate: (value: string) => `日期"${value}"无法识别，请写成 2026-05-20 或 5月20日。`,
  pastDate: () => '计划日期不能早于今天。',
  emptyText: () => '内容不能为空。',
  tooLong: (max: number) => `内容太长，请控制在${max}字以内。`,
  badKind: (kind: string) => `不认识的记录类型"${kind}"。`,
  badDeadline: (max: number) => `整改期限应为1到${max}天。`,
  deadlineOnlyForProblems: () => '只有"问题"可以写整改期限。',
  badItems: (codes: number[], known: number[]) =>
    `督导事项编号${codes.join('、')}不存在，可选编号：${known.join('、')}。`,
  noItems: () => '请至少写一个督导事项编号，例如"事项 3 5"。',
  noMethods: () => '请至少写一种督导方式，例如"方式 推门听课 查阅资料"。',
  mediaNotFound: () => '照片没有保存成功，请重新发送。',
  incomplete: (missing: Missing[]) => `记录还不完整，提交前请补充：\n${missingList(missing)}`,
  notContactOf: (school: string) => `只有${school}的学校联系人可以评价这次督导。`,
  notRecorded: () => '这次督导还没有提交，暂不能评价。',
  alreadyRated: (rating: string) => `这次督导已经评价过了（${rating}）。`,
  badRating: () => '评价请选择：非常满意、满意、基本满意或不满意。',
  participantNotSupervisor: (name: string) => `${name}不是本督导室的督学，不能加入联合督导。`,
};
