/**
 * 整改通知书 (清远市教育督导整改通知书, seeds 附件6): the chat message a school contact receives on issue, and the
 * printable form — counterfoil (存根) and notice separated by the 骑缝章 line.
 */
import { chineseDate } from '../src/domain/deadlines.ts';
import { esc, escLines } from './html.ts';

export interface NoticeView {
  number: string;
  seq: number;
  schoolName: string;
  problems: string;
  deadlineDays: number;
  /** YYYY-MM-DD */
  issuedOn: string;
  dueOn: string;
  supervisorName: string;
  officeName: string;
}

export function noticeIssuedText(n: NoticeView): string {
  return [
    `【整改通知书】${n.number}`,
    `学校：${n.schoolName}`,
    `经查，你校存在以下问题：${n.problems}`,
    `对上述问题应采取措施，积极整改。整改期限：${n.deadlineDays}天，截止日期：${chineseDate(n.dueOn)}。`,
    `下达日期：${chineseDate(n.issuedOn)}　督学：${n.supervisorName}`,
    `整改完成后请回复"已整改 ${n.seq}号 整改情况"，并可附上照片。`,
  ].join('\n');
}

export function noticePrintHtml(n: NoticeView): string {
  return `<section class="notice">
  <h2>清远市教育督导整改通知</h2>
  <p class="no">通知书编号：${esc(n.number)}</p>
  <p>学校名称：${esc(n.schoolName)}</p>
  <p>需整改内容：${escLines(n.problems)}</p>
  <p>整改期限：${esc(n.deadlineDays)}天，下达日期：${esc(chineseDate(n.issuedOn))}</p>
  <p class="sign">督学签名：${esc(n.supervisorName)}　　学校负责人签名：</p>
  <p class="seam">……………………骑……缝……章……………………</p>
  <h2>清远市教育督导整改通知书</h2>
  <p class="no">通知书编号：${esc(n.number)}</p>
  <p>${esc(n.schoolName)}：</p>
  <p>经查，你校存在以下问题：${escLines(n.problems)}</p>
  <p>对上述问题应采取措施，积极整改，整改情况于本通知书下发${esc(n.deadlineDays)}日内（${esc(chineseDate(n.dueOn))}前）书面报${esc(n.officeName)}。</p>
  <p class="date">${esc(chineseDate(n.issuedOn))}</p>
</section>`;
}
