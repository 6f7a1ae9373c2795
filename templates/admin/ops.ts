/** 运维: messages that could not be delivered (each resendable), and the audit log filtered by person and record. */
import { esc } from '../html.ts';
import type { Paged } from '../../src/domain/paging.ts';
import type { OutboundMessage } from '../../src/domain/messages.ts';
import { page, type Notice, type ShellViewer } from './layout.ts';
import { actionButton, dateTime, pager, table } from './parts.ts';

const CHANNELS: Record<string, string> = {
  'wecom.app': '企业微信应用消息', 'wecom.appchat': '企业微信群聊', 'wecom.robot': '群机器人', 'wechat.custom': '公众号', wechaty: '个人微信',
};

export function opsTabs(current: 'messages' | 'audit' | 'jobs'): string {
  const t = (key: string, href: string, label: string) => `<a class="button${key === current ? '' : ' secondary'}" href="${href}"${key === current ? ' aria-current="page"' : ''}>${label}</a>`;
  return `<nav class="actions" aria-label="运维">${t('messages', '/admin/ops/messages', '发送失败的消息')}${t('audit', '/admin/ops/audit', '操作记录')}${t('jobs', '/admin/ops/jobs', '定时任务')}</nav>`;
}

/** A short, readable summary of what the message said. */
export function messageSummary(m: OutboundMessage): string {
  switch (m.type) {
    case 'text': case 'markdown': return m.text.slice(0, 120);
    case 'card': return `卡片：${String((m.card.main_title as { title?: string } | undefined)?.title ?? m.card.card_type)}`;
    case 'card_update': return '更新卡片';
    case 'image': return '图片';
    case 'news': return `图文：${m.articles.map((a) => a.title).join('、').slice(0, 120)}`;
    default: return JSON.stringify(m).slice(0, 120);
  }
}

export interface DeadRow {
  row: { id: number; channel: string; recipient: string; message: unknown; lastError: string | null; finishedAttempts: number; createdAt: Date; abandonedAt: Date | null };
  to: string | null;
}

export function messagesPage(v: ShellViewer, list: Paged<DeadRow>, notice?: Notice): string {
  const rows = table(list.items, [
    { head: '编号', cell: (d) => String(d.row.id), num: true },
    { head: '发给', cell: (d) => esc(d.to ?? '') + `<div class="sub">${esc(CHANNELS[d.row.channel] ?? d.row.channel)}</div>` },
    { head: '内容', cell: (d) => esc(messageSummary(d.row.message as OutboundMessage)) },
    { head: '失败原因', cell: (d) => `<span class="err-cell">${esc(d.row.lastError ?? '')}</span><div class="sub">尝试 ${d.row.finishedAttempts} 次</div>` },
    { head: '时间', cell: (d) => `<span class="nowrap">${dateTime(d.row.abandonedAt ?? d.row.createdAt)}</span>` },
    { head: '', cell: (d) => `<span class="nowrap">${actionButton(`/admin/ops/messages/${d.row.id}/resend`, '重新发送')}</span>` },
  ], '没有发送失败的消息。');
  return page({
    title: '发送失败的消息', section: 'ops', viewer: v, notice,
    body: `<h1>运维</h1>${opsTabs('messages')}<p class="sub">多次重试仍未送达的消息。排除原因（如人员的企业微信账号填错）后可重新发送。</p>${rows}${pager(list, '/admin/ops/messages')}`,
  });
}

export interface AuditRow { id: number; at: Date; actor: string; actorName: string; action: string; entity: string; entityId: string | null; before: unknown; after: unknown }

const VERBS: Record<string, string> = { create: '新建', update: '修改', resend: '重新发送', revoke: '撤销', delete: '删除' };

/** 'school.update' → 修改学校 (unknown actions are shown as they are). */
export function actionLabel(action: string): string {
  const [entity, verb] = action.split('.');
  return VERBS[verb] && ENTITIES[entity] ? `${VERBS[verb]}${ENTITIES[entity]}` : action;
}

const ENTITIES: Record<string, string> = { office: '督导室', zone: '责任区', school: '学校', person: '人员', assignment: '挂牌', admin: '管理台账号', admin_credential: '令牌', outbox: '消息', visit: '督导', notice: '整改通知书' };

export function auditPage(v: ShellViewer, list: Paged<AuditRow>, f: { actor?: string; entity?: string; entityId?: string }, actors: { actor: string; label: string }[]): string {
  const opt = (value: string, label: string, chosen?: string) => `<option value="${esc(value)}"${value === chosen ? ' selected' : ''}>${esc(label)}</option>`;
  const filters = `<form class="filters" method="get" action="/admin/ops/audit">
<label>操作人<select name="actor"><option value="">全部</option>${actors.map((a) => opt(a.actor, a.label, f.actor)).join('')}</select></label>
<label>记录类型<select name="entity"><option value="">全部</option>${Object.entries(ENTITIES).map(([k, l]) => opt(k, l, f.entity)).join('')}</select></label>
<label>记录编号<input type="text" name="entityId" inputmode="numeric" value="${esc(f.entityId)}"></label><button type="submit">筛选</button></form>`;
  const json = (x: unknown) => (x == null ? '' : `<pre class="json">${esc(JSON.stringify(x))}</pre>`);
  const rows = table(list.items, [
    { head: '时间', cell: (a) => `<span class="nowrap">${dateTime(a.at)}</span>` },
    { head: '操作人', cell: (a) => esc(a.actorName) },
    { head: '操作', cell: (a) => esc(actionLabel(a.action)) },
    { head: '记录', cell: (a) => `<a href="/admin/ops/audit?entity=${esc(a.entity)}&amp;entityId=${esc(a.entityId ?? '')}">${esc(ENTITIES[a.entity] ?? a.entity)} ${esc(a.entityId ?? '')}</a>` },
    { head: '修改前', cell: (a) => json(a.before) },
    { head: '修改后', cell: (a) => json(a.after) },
  ], '没有符合条件的操作记录。');
  return page({ title: '操作记录', section: 'ops', viewer: v, body: `<h1>运维</h1>${opsTabs('audit')}${filters}${rows}${pager(list, '/admin/ops/audit', f)}` });
}
