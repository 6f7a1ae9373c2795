/**
 * 例会 in the console: the coming meetings with who answered, the past ones, scheduling a new one; one meeting's
 * rosters per zone (coming, on leave with the reason, not answered), moving or cancelling it, and after it starts
 * the attendance and 纪要.
 */
import { esc, escLines } from '../html.ts';
import type { Paged } from '../../src/domain/paging.ts';
import type { MeetingView } from '../../src/services/meetings.ts';
import { page, type Notice, type ShellViewer } from './layout.ts';
import { dateTime, field, link, pager, table, tag } from './parts.ts';

const counts = (v: MeetingView) => {
  const sum = (f: (z: MeetingView['zones'][number]) => number) => v.zones.reduce((n, z) => n + f(z), 0);
  return { attending: sum((z) => z.attending.length), leave: sum((z) => z.leave.length), unanswered: sum((z) => z.unanswered.length) };
};

export const answersText = (v: MeetingView): string => {
  const c = counts(v);
  return `参加 ${c.attending} · 请假 ${c.leave} · 未回复 ${c.unanswered}`;
};

const STATUS: Record<string, [string, 'ok' | 'warn' | 'bad' | undefined]> = { scheduled: ['已通知', 'ok'], draft: ['待确认', 'warn'], cancelled: ['已取消', undefined] };
const statusTag = (s: string) => tag(...(STATUS[s] ?? [s, undefined]));

export interface MeetingFormValues { zone?: string; startsAt?: string; place?: string; agenda?: string; force?: string }

/** Where the meeting's form posts to, and its fields (date-time as the browser's datetime-local, Beijing time). */
function meetingFields(v: ShellViewer, zones: { id: number; name: string }[], values: MeetingFormValues, withZone: boolean): string {
  const zoneOptions = [...(v.role === 'office' ? [{ value: 'all', label: '全部责任区（全体例会）' }] : []), ...zones.map((z) => ({ value: String(z.id), label: z.name }))];
  return (withZone ? field({ name: 'zone', label: '责任区', options: zoneOptions, value: values.zone, required: true }) : '') +
    field({ name: 'startsAt', label: '时间', type: 'datetime-local', value: values.startsAt, required: true, hint: '北京时间；须为工作日' }) +
    field({ name: 'place', label: '地点', value: values.place, required: true }) +
    field({ name: 'agenda', label: '议程', type: 'textarea', value: values.agenda }) +
    (v.role === 'office' ? `<div class="field"><span></span><label class="nowrap"><input type="checkbox" name="force" value="1"${values.force ? ' checked' : ''}> 确需在非工作日举行（督导室强制安排）</label></div>` : '');
}

export function meetingsPage(v: ShellViewer, coming: MeetingView[], past: Paged<MeetingView>, zones: { id: number; name: string }[], opts: { notice?: Notice; values?: MeetingFormValues } = {}): string {
  const comingRows = table(coming, [
    { head: '时间', cell: (m) => `<span class="nowrap">${`<a href="/admin/meetings/${m.meeting.id}">${dateTime(m.meeting.startsAt)}</a>`}</span>` },
    { head: '责任区', cell: (m) => esc(m.label) },
    { head: '地点', cell: (m) => esc(m.meeting.place) },
    { head: '回复', cell: (m) => esc(answersText(m)) },
    { head: '状态', cell: (m) => statusTag(m.meeting.status) },
  ], '近期没有安排例会。');
  const pastRows = table(past.items, [
    { head: '时间', cell: (m) => `<span class="nowrap">${`<a href="/admin/meetings/${m.meeting.id}">${dateTime(m.meeting.startsAt)}</a>`}</span>` },
    { head: '责任区', cell: (m) => esc(m.label) },
    { head: '地点', cell: (m) => esc(m.meeting.place), wide: true },
    { head: '出席', cell: (m) => (m.attendance.length ? `${m.attendance.filter((a) => a.present).length} / ${m.attendance.length}` : tag('未登记', 'warn')) },
    { head: '纪要', cell: (m) => (m.meeting.minutes ? tag('已登记', 'ok') : m.meeting.status === 'cancelled' ? statusTag('cancelled') : tag('未登记', 'warn')) },
  ], '还没有开过例会。');
  const form = `<form class="edit" method="post" action="/admin/meetings">${meetingFields(v, zones, opts.values ?? {}, true)}
<div class="actions"><button type="submit">安排例会并通知</button></div><p class="sub">保存后按督导室的设置在责任区群里发通知，并给每位成员发可回复“参加/请假”的卡片。</p></form>`;
  return page({
    title: '例会', section: 'meetings', viewer: v, notice: opts.notice,
    body: `<h1>例会</h1><h2>即将召开</h2>${comingRows}<h2>安排例会</h2>${form}<h2>已召开</h2>${pastRows}${pager(past, '/admin/meetings')}`,
  });
}

export function meetingPage(v: ShellViewer, m: MeetingView, opts: { started: boolean; notice?: Notice; values?: MeetingFormValues & { minutes?: string }; localStart: string }): string {
  const mt = m.meeting;
  const facts = `<dl class="facts"><dt>责任区</dt><dd>${esc(m.label)}</dd><dt>时间</dt><dd>${dateTime(mt.startsAt)}</dd><dt>地点</dt><dd>${esc(mt.place)}</dd>
${mt.agenda ? `<dt>议程</dt><dd>${escLines(mt.agenda)}</dd>` : ''}<dt>状态</dt><dd>${statusTag(mt.status)}</dd><dt>回复</dt><dd>${esc(answersText(m))}</dd></dl>`;
  const names = (list: { name: string }[]) => (list.length ? esc(list.map((p) => p.name).join('、')) : '<span class="sub">—</span>');
  const rosters = table(m.zones, [
    { head: '责任区', cell: (z) => esc(z.zoneName) },
    { head: '参加', cell: (z) => names(z.attending) },
    { head: '请假', cell: (z) => (z.leave.length ? z.leave.map((l) => `${esc(l.person.name)}${l.reason ? `<span class="sub">（${esc(l.reason)}）</span>` : ''}`).join('、') : '<span class="sub">—</span>') },
    { head: '未回复', cell: (z) => (z.unanswered.length ? `<span class="err-cell">${names(z.unanswered)}</span>` : '<span class="sub">—</span>') },
  ], '没有参会的责任区。');
  const open = mt.status === 'scheduled' && !opts.started;
  const values = opts.values ?? {};
  const change = open ? `<div class="cards"><section class="card"><h2>改期或换地点</h2><form class="edit" method="post" action="/admin/meetings/${mt.id}/move">
${meetingFields(v, [], { startsAt: values.startsAt ?? opts.localStart, place: values.place ?? mt.place, agenda: values.agenda ?? mt.agenda ?? '', force: values.force }, false)}
<div class="actions"><button type="submit">保存并通知更正</button></div></form></section>
<section class="card"><h2>取消例会</h2><p>取消后会在群里发出取消通知。</p><form method="post" action="/admin/meetings/${mt.id}/cancel"><button type="submit" class="danger">取消这次例会</button></form></section></div>` : '';
  const present = new Set(m.attendance.filter((a) => a.present).map((a) => a.personId));
  const recorded = m.attendance.length > 0;
  const everyone = m.zones.flatMap((z) => [...z.attending, ...z.leave.map((l) => l.person), ...z.unanswered].map((p) => ({ p, zone: z.zoneName, attending: z.attending.includes(p) })));
  const record = mt.status === 'scheduled' && opts.started ? `<h2>出席和纪要</h2><form class="edit" method="post" action="/admin/meetings/${mt.id}/record">
<fieldset class="choices"><legend>实际出席（勾选到会的人）</legend>${everyone.map(({ p, attending }) => `<label class="nowrap"><input type="checkbox" name="present" value="${p.id}"${(recorded ? present.has(p.id) : attending) ? ' checked' : ''}> ${esc(p.name)}</label>`).join(' ')}</fieldset>
${field({ name: 'minutes', label: '会议纪要', type: 'textarea', value: values.minutes ?? mt.minutes ?? '' })}
<div class="actions"><button type="submit">保存出席和纪要</button></div></form>` : '';
  const minutes = mt.minutes ? `<h2>纪要</h2><div class="card">${escLines(mt.minutes)}</div>` : '';
  return page({
    title: `例会 ${m.label}`, section: 'meetings', viewer: v, notice: opts.notice,
    body: `<h1>例会：${esc(m.label)}</h1><p>${link('/admin/meetings', '返回例会列表')}</p><div class="card">${facts}</div><h2>谁回复了</h2>${rosters}${change}${record}${minutes}`,
  });
}

/** Today's panel: the next meetings with their answers. */
export function meetingsPanel(coming: MeetingView[]): string {
  const items = coming.slice(0, 3).map((m) => `<li>${link(`/admin/meetings/${m.meeting.id}`, `${m.label}`)} <span class="nowrap">${dateTime(m.meeting.startsAt)}</span><div class="sub">${esc(answersText(m))}</div></li>`);
  return `<section class="card"><h2>近期例会</h2>${items.length ? `<ul>${items.join('')}</ul>` : '<p class="sub">近期没有安排例会。</p>'}</section>`;
}
