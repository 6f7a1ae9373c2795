/** How the office is told what became of a publication on the official account (freepublish/get publish_status). */
const STATUS: Record<number, string> = {
  2: '原创声明校验未通过',
  3: '常规失败（平台未说明原因）',
  4: '平台审核不通过',
  5: '发布成功后文章已被删除',
  6: '发布成功后文章被平台封禁',
};

export function publishStatusText(status: number, failIdx: number[]): string {
  const what = STATUS[status] ?? `未知状态 ${status}`;
  return `公众号发布失败：${what}${failIdx.length ? `（第 ${failIdx.join('、')} 篇）` : ''}，可修改后重新发布`;
}

export const publishErrorText = (detail: string) => `公众号发布出错，正在重试：${detail}`;
export const publishGaveUpText = (detail: string) => `公众号发布失败，未再重试：${detail}`;
