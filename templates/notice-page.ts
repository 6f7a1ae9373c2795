/**
 * The notice page /h5/notices/:id: the seeds' two-part form (附件6: 存根 + 通知书, split by the 骑缝章 line) laid
 * out to print on one A4 sheet, then — on screen only — the status, whether the school has been reached, each
 * problem, the history (reports, 退回, 回访, 约谈, 通报) and the school's photos.
 */
import { chineseDate, shanghaiDate, shanghaiTime } from '../src/domain/deadlines.ts';
import type { NoticeStatus } from '../src/domain/rectification-lifecycle.ts';
import type { NoticeDetail, NoticeEvent } from '../src/services/rectification-view.ts';
import { esc, escLines } from './html.ts';
import { noticePrintHtml, type NoticeView } from './notices.ts';
import { NOTICE_STATUS_TEXT } from './rectification-errors.ts';

export const reachText = {
  noContact: '学校没有登记联系人，通知书无法送达，请督导室补登联系人后线下送达。',
  noChannel: (names: string[]) => `学校联系人${names.join('、')}尚未绑定企业微信、公众号或个人微信，通知书未能送达，请线下送达或请其绑定。`,
  failed: (error: string) => `发送失败：${error}`,
  waiting: '通知书正在发送给学校联系人。',
  unreached: '学校尚未收到这份通知书',
  office: '督导室',
  system: '系统',
};

const EVENT_TEXT: Record<string, (e: NoticeEvent) => string> = {
  report: (e) => `学校报告第${e.items.join('、')}项整改情况：${e.text ?? ''}`,
  submitted: (e) => `学校报告整改完成${e.items.length ? `（第${e.items.join('、')}项）` : ''}：${e.text ?? ''}`,
  returned: (e) => `退回，原因：${e.text ?? ''}`,
  verified: (e) => `确认整改到位${e.text ? `（${e.text}）` : ''}`,
  closed: () => '通知书办结',
  recheck_planned: (e) => `安排回访（回头看）：${chineseDate(String((e.data as { plannedOn?: string })?.plannedOn ?? shanghaiDate(e.at)))}`,
  recheck_marked: (e) => `回访督导中标记：${String((e.data as { verdict?: string })?.verdict ?? '')}${e.text ? `，${e.text}` : ''}`,
  overdue: () => '已过整改期限，转为逾期',
  escalated: (e) => `逾期${String((e.data as { days?: number })?.days ?? '')}天未整改，已向督导室预警`,
  interview: (e) => {
    const d = (e.data ?? {}) as { date?: string; people?: string };
    return `约谈（${d.date ? chineseDate(d.date) : ''}，${d.people ?? ''}）：${e.text ?? ''}`;
  },
  bulletin: (e) => {
    const d = (e.data ?? {}) as { date?: string; people?: string };
    return `通报（${d.date ? chineseDate(d.date) : ''}${d.people ? `，${d.people}` : ''}）：${e.text ?? ''}`;
  },
};

export const eventText = (e: NoticeEvent): string => (EVENT_TEXT[e.kind] ?? ((x: NoticeEvent) => x.kind))(e);

/** The form's fields, shared by the page and the .docx. */
export function noticeFormView(d: NoticeDetail): NoticeView {
  return {
    number: d.notice.number, seq: d.notice.seq, schoolName: d.school.name,
    problems: d.items.length > 1 ? d.items.map((i) => `${i.ordinal}. ${i.text}`).join('\n') : d.items[0]?.text ?? d.notice.problems,
    deadlineDays: d.notice.deadlineDays, issuedOn: d.notice.issuedOn, dueOn: d.notice.dueOn,
    supervisorName: d.supervisor.name, officeName: d.officeName,
  };
}

const STYLE = `body{font-family:"SimSun","Songti SC",serif;margin:0 auto;max-width:800px;padding:12px;color:#111;line-height:1.7}
h2{text-align:center;font-size:20px;margin:10px 0}.notice .no{text-align:right}.notice .date{text-align:right}
.seam{text-align:center;letter-spacing:2px;margin:18px 0;color:#555}.sign{margin-top:10px}
.status{padding:8px;margin:8px 0;background:#eef6ff}.warn{padding:8px;margin:8px 0;background:#fde2e1;color:#8a1c1c}
table{width:100%;border-collapse:collapse;font-size:14px}th,td{border:1px solid #999;padding:4px 6px;text-align:left;vertical-align:top}
.photos img{max-width:48%;margin:4px;border:1px solid #ccc}.muted{color:#666;font-size:13px}a.btn{display:inline-block;padding:6px 12px;border:1px solid #1a73e8;border-radius:4px;color:#1a73e8;text-decoration:none}
@page{size:A4;margin:18mm 20mm}@media print{.noprint{display:none}body{max-width:none;padding:0}}`;

export function noticePage(d: NoticeDetail, opts: { photoUrl: (mediaId: number) => string; docxUrl: string }): string {
  const n = d.notice;
  const status = NOTICE_STATUS_TEXT[n.status as NoticeStatus] ?? n.status;
  const warn = d.reach.state === 'unreached' ? `<div class="warn" data-reach="unreached"><b>${esc(reachText.unreached)}</b>：${esc(d.reach.reason)}</div>`
    : d.reach.state === 'waiting' ? `<div class="status" data-reach="waiting">${esc(reachText.waiting)}</div>` : '';
  const items = d.items.map((i) => `<tr><td>${i.ordinal}</td><td>${escLines(i.text)}</td><td>${i.reportedAt ? `已报告（${esc(chineseDate(shanghaiDate(i.reportedAt)))}）` : '未报告'}</td></tr>`).join('');
  const history = d.events.map((e) => `<tr><td>${esc(chineseDate(shanghaiDate(e.at)))} ${esc(shanghaiTime(e.at))}</td><td>${esc(e.who)}</td><td>${escLines(eventText(e))}</td></tr>`).join('');
  const photos = d.photos.map((p) => `<img src="${esc(opts.photoUrl(p.mediaId))}" alt="整改照片 ${esc(chineseDate(shanghaiDate(p.sentAt)))}">`).join('');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(n.number)} 整改通知书</title><style>${STYLE}</style></head>
<body>
<div class="noprint">
<div class="status">状态：<b data-status="${esc(n.status)}">${esc(status)}</b>　整改期限：${esc(chineseDate(n.dueOn))}${d.overdueDays ? `　<b>已逾期${d.overdueDays}天</b>` : ''}${n.returnReason && n.status === 'rectifying' ? `<br>退回原因：${esc(n.returnReason)}` : ''}</div>
${warn}
<p><a class="btn" href="${esc(opts.docxUrl)}">下载 Word 版（.docx）</a>　<span class="muted">打印：用浏览器的打印功能，A4 纸，只打印通知书。</span></p>
</div>
${noticePrintHtml(noticeFormView(d))}
<div class="noprint">
<h3>整改问题</h3><table><tr><th>序号</th><th>问题</th><th>学校报告</th></tr>${items}</table>
<h3>办理记录</h3>${history ? `<table><tr><th>时间</th><th>经办</th><th>内容</th></tr>${history}</table>` : '<p class="muted">暂无</p>'}
${photos ? `<h3>整改照片（${d.photos.length}张）</h3><div class="photos">${photos}</div>` : ''}
<p class="muted">${esc(d.zoneName)} · ${esc(d.officeName)}</p>
</div>
</body></html>`;
}

export const noticePageText = {
  notFound: '未找到这份整改通知书',
  notFoundReason: '链接中的整改通知书不存在，或链接有误。',
  denied: '无权查看',
  badLink: '链接无效或已过期，请从督导通消息中重新打开。',
  notViewer: '这份整改通知书只对该校联系人、责任督学、责任区组长和督导室开放。',
  photoNotFound: '照片不存在。',
  docxName: (number: string) => `整改通知书-${number}.docx`,
};
