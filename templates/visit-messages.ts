/** Plain messages the visit services send: the supervisor's confirmation after 提交, and the stale-draft reminder. */
export function visitSubmittedText(i: { schoolName: string; notices: string[]; url: string }): string {
  const lines = [`${i.schoolName}的督导记录已提交。`];
  if (i.notices.length) lines.push(`已下达整改通知书${i.notices.length}份：${i.notices.join('、')}，已通知学校联系人。`);
  else lines.push('本次没有需要下达整改通知书的问题。');
  lines.push(`完整纪实表：${i.url}`);
  return lines.join('\n');
}

export function staleDraftReminderText(i: { schoolName: string; hours: number; entries: number }): string {
  return [
    `你在${i.schoolName}的督导记录已有${i.hours}小时没有更新，已记录的${i.entries}条内容都保存着。`,
    '发送"进度"查看，"完成"检查并提交，或"取消督导"放弃这次记录。',
  ].join('\n');
}
