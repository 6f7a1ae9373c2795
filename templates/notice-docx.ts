/**
 * The 整改通知书 as a Word document (offices keep and stamp these in Word/WPS): the same two parts as the page —
 * 存根, the 骑缝章 line, 通知书 — on one A4 page, in 宋体.
 */
import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import { chineseDate } from '../src/domain/deadlines.ts';
import type { NoticeView } from './notices.ts';

const FONT = { ascii: 'SimSun', eastAsia: '宋体', hAnsi: 'SimSun' };

const line = (text: string, o: { bold?: boolean; size?: number; align?: (typeof AlignmentType)[keyof typeof AlignmentType]; before?: number } = {}) =>
  new Paragraph({
    alignment: o.align,
    spacing: { before: o.before ?? 0, after: 80 },
    children: [new TextRun({ text, bold: o.bold, size: o.size ?? 24, font: FONT })],
  });

const lines = (prefix: string, body: string) => body.split(/\r?\n/).map((l, i) => line(i === 0 ? `${prefix}${l}` : `　　${l}`));

export async function noticeDocx(n: NoticeView): Promise<Buffer> {
  const doc = new Document({
    creator: n.officeName,
    title: `${n.number} 整改通知书`,
    sections: [{
      properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1020, bottom: 1020, left: 1134, right: 1134 } } },
      children: [
        line('清远市教育督导整改通知', { bold: true, size: 32, align: AlignmentType.CENTER }),
        line(`通知书编号：${n.number}`, { align: AlignmentType.RIGHT }),
        line(`学校名称：${n.schoolName}`),
        ...lines('需整改内容：', n.problems),
        line(`整改期限：${n.deadlineDays}天，下达日期：${chineseDate(n.issuedOn)}`),
        line(`督学签名：${n.supervisorName}　　　　学校负责人签名：`),
        line('……………………骑……缝……章……………………', { align: AlignmentType.CENTER, before: 240 }),
        line('清远市教育督导整改通知书', { bold: true, size: 32, align: AlignmentType.CENTER, before: 240 }),
        line(`通知书编号：${n.number}`, { align: AlignmentType.RIGHT }),
        line(`${n.schoolName}：`),
        ...lines('经查，你校存在以下问题：', n.problems),
        line(`对上述问题应采取措施，积极整改，整改情况于本通知书下发${n.deadlineDays}日内（${chineseDate(n.dueOn)}前）书面报${n.officeName}。`),
        line(chineseDate(n.issuedOn), { align: AlignmentType.RIGHT, before: 240 }),
      ],
    }],
  });
  return Packer.toBuffer(doc);
}
