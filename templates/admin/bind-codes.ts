/** 绑定码: the one-time codes school contacts send to the official account (绑定 123456) to be reachable there. */
import { esc } from '../html.ts';
import type { IssuedCode } from '../../src/services/bind-codes.ts';
import { shanghaiDate } from '../../src/domain/deadlines.ts';
import type { Notice, ShellViewer } from './layout.ts';
import { orgPage } from './org.ts';
import { actionButton, table } from './parts.ts';

export function bindCodesPage(v: ShellViewer, codes: IssuedCode[], notice?: Notice): string {
  const rows = table(codes, [
    { head: '学校', cell: (c) => esc(c.school ?? '') },
    { head: '联系人', cell: (c) => esc(c.name) },
    { head: '绑定码', cell: (c) => `<b class="code">${esc(c.code)}</b>` },
    { head: '有效期至', cell: (c) => `<span class="nowrap">${esc(shanghaiDate(c.expiresAt))}</span>` },
    { head: '', cell: (c) => actionButton('/admin/org/bind-codes', '重新生成', { hidden: { personId: String(c.personId) } }) },
  ], '没有可用的绑定码。');
  return orgPage(v, 'bind-codes', '绑定码', `<p>尚未绑定企业微信或公众号的学校联系人，关注督导公众号后发送“绑定 绑定码”即可收到整改通知书等消息。每个绑定码只能用一次。</p>
<div class="actions">${actionButton('/admin/org/bind-codes', '为尚未绑定的学校联系人生成绑定码')}<a class="button secondary" href="/admin/org/bind-codes/print">打印绑定码清单</a></div>${rows}`, notice);
}
