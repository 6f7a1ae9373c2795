/** The page a refused console request shows: what happened, why, and a way back. */
import { esc } from '../html.ts';
import { page, type ShellViewer } from './layout.ts';

const TITLES: Record<number, string> = {
  400: '请求有误', 401: '请先登录', 403: '无权访问', 404: '页面或记录不存在', 409: '操作未执行', 413: '文件太大', 415: '格式不支持', 422: '内容有误',
};

export function errorPage(status: number, reason: string | undefined, viewer?: ShellViewer): string {
  const title = TITLES[status] ?? '操作未执行';
  const back = status === 401 ? '<a class="button" href="/admin/login">去登录</a>' : '<a class="button secondary" href="/admin">回到今日</a>';
  return page({
    title, viewer,
    body: `<h1>${esc(title)}</h1><div class="flash err" role="alert">${esc(reason ?? '找不到这个页面。')}</div><p>错误代码 ${status}。</p><p>${back}</p>`,
  });
}
