/** The console's sign-in page. */
import { esc } from '../html.ts';
import { field } from './parts.ts';
import { page } from './layout.ts';

export const loginText = {
  wrong: '用户名或密码不正确',
  signedOut: '已退出登录',
};

export function loginPage(opts: { next: string; username?: string; error?: string; info?: string }): string {
  const body = `<div class="login"><h1>督导室管理台登录</h1>
<form class="edit" method="post" action="/admin/login">
<input type="hidden" name="next" value="${esc(opts.next)}">
${field({ name: 'username', label: '用户名', value: opts.username, required: true, autocomplete: 'username' })}
${field({ name: 'password', label: '密码', type: 'password', required: true, autocomplete: 'current-password' })}
<div class="actions"><button type="submit">登录</button></div>
<p class="sub">使用督导室的管理台账号登录；责任区组长的账号只能查看本责任区。</p>
</form></div>`;
  return page({
    title: '登录', body,
    notice: opts.error ? { kind: 'err', text: opts.error } : opts.info ? { kind: 'ok', text: opts.info } : undefined,
  });
}
