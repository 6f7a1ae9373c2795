/** The supervisor's card when a school reports a notice rectified: what it wrote, its photos (the page), 整改到位 / 退回 / 需回访. */
import type { TemplateCard } from '../../src/domain/messages.ts';

const clip = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n)}…` : s);

export function noticeReviewCard(i: {
  taskId: string; number: string; schoolName: string; contactName: string; measures: string[]; photos: number;
  problems: string[]; url: string; verifyKey: string; returnKey: string; recheckKey: string;
}): TemplateCard {
  return {
    card_type: 'button_interaction',
    source: { desc: '督导通 · 整改' },
    main_title: { title: `整改报告待审核：${i.number}`, desc: `${i.schoolName} · ${i.contactName}` },
    sub_title_text: [
      ...i.problems.map((p, n) => `问题${i.problems.length > 1 ? n + 1 : ''}：${clip(p, 40)}`),
      ...i.measures.map((m) => `整改：${clip(m)}`),
    ].join('\n'),
    horizontal_content_list: [{ keyname: '照片', value: `${i.photos}张（点卡片查看）` }],
    card_action: { type: 1, url: i.url },
    task_id: i.taskId,
    button_list: [
      { text: '整改到位', style: 1, key: i.verifyKey },
      { text: '退回', style: 2, key: i.returnKey },
      { text: '需回访', style: 2, key: i.recheckKey },
    ],
  };
}

/** 退回: the usual reasons as buttons; typing a reason works too. */
export function noticeReturnReasonCard(i: { taskId: string; number: string; prompt: string; reasons: { text: string; key: string }[] }): TemplateCard {
  return {
    card_type: 'button_interaction',
    source: { desc: '督导通 · 整改' },
    main_title: { title: `退回原因：${i.number}`, desc: i.prompt },
    task_id: i.taskId,
    button_list: i.reasons.slice(0, 6).map((r, n) => ({ text: r.text, style: n === 0 ? 1 : 2, key: r.key })),
  };
}

/** Several open notices and no number typed: one button per notice. */
export function noticePickCard(i: { taskId: string; prompt: string; notices: { label: string; key: string }[] }): TemplateCard {
  return {
    card_type: 'button_interaction',
    source: { desc: '督导通 · 整改' },
    main_title: { title: '选择整改通知书', desc: i.prompt },
    task_id: i.taskId,
    button_list: i.notices.slice(0, 6).map((n, k) => ({ text: n.label, style: k === 0 ? 1 : 2, key: n.key })),
  };
}
