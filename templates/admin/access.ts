/** Why the office console refuses a page or an action. */
export const consoleAccessText = {
  noRole: '该账号未关联督导室管理员或责任区组长，不能使用管理台',
  officeOnly: '只有督导室管理员可以进行此操作（责任区组长为只读）',
  otherOffice: '该记录属于其他督导室，无权查看',
  otherZone: '该记录不属于您负责的责任区，无权查看',
  signInFirst: '请先登录',
  noFlag: (id: number) => `标记 ${id} 不属于这份报告`,
  noImage: (id: number) => `图片 ${id} 不属于这份报告`,
  noVisit: (id: number) => `督导记录 ${id} 不存在、尚未提交或已生成报告`,
  noNotice: (id: number) => `整改通知书 ${id} 不存在`,
  noPerson: (mobile: string) => `本督导室没有手机号为「${mobile}」的人员`,
};
