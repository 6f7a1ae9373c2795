/** What the console's report forms say. */
export const reportFormText = {
  compiled: (period: string, n: number) => (n ? `已生成 ${period} 的 ${n} 份报告草稿` : `${period} 的报告草稿已存在，未重复生成`),
  needReplacement: '请填写要改成的文字，如“某同学”',
  needOpinion: '请填写责任区意见',
};
