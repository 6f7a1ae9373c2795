/** Reasons given when a change to zones, schools, people or assignments (挂牌) is refused. */
const q = (s: string) => `「${s}」`;

export const orgText = {
  quota: (p: { supervisor: string; school: string; max: number; day: string; schools: string[] }) =>
    `督学${q(p.supervisor)}在 ${p.day} 已挂牌 ${p.schools.length} 所学校（${p.schools.join('、')}），` +
    `达到每名督学 ${p.max} 所的上限，不能再挂牌${q(p.school)}`,
  alreadyAssigned: (p: { supervisor: string; school: string; since: string }) =>
    `督学${q(p.supervisor)}自 ${p.since} 起已挂牌${q(p.school)}，时间段重叠`,
  notSupervisor: (name: string) => `${q(name)}的角色不含“责任督学”，不能挂牌`,
  endsBeforeStart: (startsOn: string, endsOn: string) => `结束日期 ${endsOn} 早于开始日期 ${startsOn}`,
  unknownSchool: (s: string) => `学校${q(s)}不存在`,
  unknownPerson: (s: string) => `人员${q(s)}不存在`,
  unknownZone: (s: string) => `责任区${q(s)}不存在`,
  unknownAssignment: (s: string) => `挂牌记录${q(s)}不存在`,
  otherOffice: '该记录属于其他督导室，无权操作',
  badQuota: '每名督学挂牌学校上限须为 1–20 的整数',
};
