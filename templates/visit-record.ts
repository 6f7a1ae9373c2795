/**
 * The record page /h5/visits/:id, laid out as the seeds' 附件5 责任区督学工作纪实表 (titled for the office:
 * visitRecordTitle) so it prints as the paper form:
 * 第_督学责任区 and date, 被督导单位, 在被督导单位工作时间, 督导工作纪实, 督学意见与建议, the school's 学校要求 and
 * 评价 (one of four boxes ticked), signatures, the 2+2 note, then the photos and the notices issued.
 */
import { chineseDate, shanghaiDate, shanghaiTime } from '../src/domain/deadlines.ts';
import { RATINGS } from '../src/domain/ratings.ts';
import type { VisitRecord } from '../src/services/visit-record.ts';
import { esc, escLines } from './html.ts';

const STATUS: Record<string, string> = {
  planned: '计划中，尚未开始',
  in_progress: '督导进行中（草稿，尚未提交）',
  recorded: '',
  cancelled: '已取消',
};

const STYLE = `body{font-family:"SimSun","Songti SC",serif;margin:0 auto;max-width:800px;padding:12px;color:#111}
h1{text-align:center;font-size:22px;margin:8px 0}.head{display:flex;justify-content:space-between}
table{width:100%;border-collapse:collapse}th,td{border:1px solid #333;padding:6px;vertical-align:top;text-align:left}
th{width:7em;font-weight:normal;text-align:center;vertical-align:middle}ul{margin:2px 0 6px;padding-left:1.4em}
.label{font-weight:bold}.status{background:#fff4d6;padding:6px;margin:6px 0}.note{font-size:13px}
.photos img{max-width:48%;margin:4px;border:1px solid #ccc}.rating span{margin-right:1.2em;white-space:nowrap}
@media print{.noprint{display:none}.photos img{max-width:45%}}
@media screen and (max-width:560px){body{padding:8px;font-size:15px}h1{font-size:18px}
table,tbody,tr,th,td{display:block;width:auto}tr{border:1px solid #333;border-bottom:0}table{border-bottom:1px solid #333}
th,td{border:0;border-bottom:1px solid #ccc}th{background:#f4f4f4;text-align:left;width:auto;font-weight:bold}
.photos img{max-width:100%;margin:4px 0}.rating span{display:inline-block;margin:2px 1em 2px 0}}`;

function list(label: string, items: string[]): string {
  if (items.length === 0) return '';
  return `<div class="label">${esc(label)}</div><ul>${items.map((i) => `<li>${escLines(i)}</li>`).join('')}</ul>`;
}

function timeOnSite(r: VisitRecord): string {
  const { startedAt, finishedAt } = r.visit;
  if (!startedAt) return r.visit.plannedOn ? `计划于${chineseDate(r.visit.plannedOn)}` : '';
  const day = chineseDate(shanghaiDate(startedAt));
  if (!finishedAt) return `${day} ${shanghaiTime(startedAt)} 起`;
  const endDay = shanghaiDate(finishedAt) === shanghaiDate(startedAt) ? '' : `${chineseDate(shanghaiDate(finishedAt))} `;
  return `${day} ${shanghaiTime(startedAt)}—${endDay}${shanghaiTime(finishedAt)}`;
}

export function visitRecordPage(r: VisitRecord, opts: { photoUrl: (mediaId: number) => string }): string {
  const s = r.summary;
  const numberOf = new Map(r.notices.map((n) => [n.entryId, n.number]));
  const date = r.visit.startedAt ? shanghaiDate(r.visit.startedAt) : r.visit.plannedOn;
  const problems = s.problems.map((p) => `${p.text}（限期${p.deadlineDays}天${numberOf.has(p.entryId) ? `，${numberOf.get(p.entryId)}` : ''}）`);
  const record = [
    `<p><span class="label">督导类型：</span>${esc(r.visit.type)}${r.visit.planContent ? `　<span class="label">计划内容：</span>${esc(r.visit.planContent)}` : ''}</p>`,
    s.items.length ? list('督导事项', s.items.map((i) => `${i.code}. ${i.title}`)) : '',
    s.methods.length ? `<p><span class="label">督导方式：</span>${esc(s.methods.join('、'))}</p>` : '',
    r.visit.narrative ? `<p>${escLines(r.visit.narrative)}</p>` : '',
    list('亮点', s.strengths),
    list('不足', s.weaknesses),
    list('现场整改', s.onsiteFixes),
    list('发现的问题', problems),
  ].join('');
  const opinions = [
    list('建议', s.suggestions),
    r.notices.length ? list('下达整改通知书', r.notices.map((n) => `${n.number}：${n.problems}（整改期限${n.deadlineDays}天，${chineseDate(n.dueOn)}前）`)) : '',
  ].join('') || '<p>无</p>';
  const rating = RATINGS.map((x) => `<span>${r.visit.schoolRating === x ? '☑' : '☐'} ${x}</span>`).join('');
  const signers = [r.supervisor, ...r.participants].map((p) => p.name).join('、');
  const photos = s.photos.map((p) => `<img src="${esc(opts.photoUrl(p.mediaId))}" alt="督导照片 ${esc(chineseDate(shanghaiDate(p.at)))} ${esc(shanghaiTime(p.at))}">`).join('');
  const status = STATUS[r.visit.status] ?? '';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(r.school.name)} ${esc(r.recordTitle)}</title><style>${STYLE}</style></head>
<body>
${status ? `<div class="status noprint">${esc(status)}</div>` : ''}
<h1>${esc(r.recordTitle)}</h1>
<div class="head"><span>${esc(r.zoneName)}</span><span>${date ? esc(chineseDate(date)) : ''}</span></div>
<table>
<tr><th>被督导单位</th><td>${esc(r.school.name)}</td><th>在被督导单位工作时间</th><td>${esc(timeOnSite(r))}</td></tr>
<tr><th>督导工作纪实</th><td colspan="3">${record}</td></tr>
<tr><th>督学意见与建议</th><td colspan="3">${opinions}</td></tr>
<tr><th rowspan="2">被督导学校对本次督导评价</th><th>学校要求</th><td colspan="2">${r.visit.schoolRequests ? escLines(r.visit.schoolRequests) : ''}</td></tr>
<tr><th>评价</th><td colspan="2" class="rating">${rating}</td></tr>
</table>
<p>督学签名：${esc(signers)}　　　　学校负责人签名：${esc(r.ratedBy?.name ?? '')}</p>
<p class="note">说明：督学对学校的评价实行“2+2”方法，即：至少写明2个以上突出的优点和2个以上突出的缺点。注：本表一式两份，其中督学一份，学校留存一份。</p>
${photos ? `<h2>现场照片（${s.photos.length}张）</h2><div class="photos">${photos}</div>` : ''}
<p class="note noprint">${esc(r.officeName)}</p>
</body></html>`;
}

/** A short page for a link that cannot be shown (unknown visit, bad or foreign link). */
export function h5ErrorPage(title: string, reason: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head>
<body><h1>${esc(title)}</h1><p>${esc(reason)}</p></body></html>`;
}

/** The form's default title for an office serving `area` (大渡口区 → 大渡口区责任区督学工作纪实表). */
export const visitRecordTitle = (area: string) => `${area}责任区督学工作纪实表`;

export const h5Text = {
  notFound: '未找到这次督导记录',
  notFoundReason: '链接中的督导记录不存在，可能已被删除或链接有误。',
  denied: '无权查看',
  badLink: '链接无效或已过期，请从督导通消息中重新打开。',
  notViewer: '这份纪实表只对本次督导的督学、被督导学校的联系人和督导室管理员开放。',
  photoNotFound: '照片不存在。',
};
