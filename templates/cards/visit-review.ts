/** After 完成: the record to check, with 提交 / 继续补充 (conversations.md §1.4). */
import type { TemplateCard } from '../../src/domain/messages.ts';
import type { VisitSummary } from '../../src/services/visit-summary.ts';

const clip = (s: string, n = 24) => (s.length > n ? `${s.slice(0, n)}…` : s);

export function visitReviewCard(i: { taskId: string; summary: VisitSummary; submitKey: string; continueKey: string; url: string }): TemplateCard {
  const s = i.summary;
  return {
    card_type: 'button_interaction',
    source: { desc: '督导通' },
    main_title: { title: `督导记录：${s.school.name}`, desc: '请核对，无误后提交' },
    sub_title_text: [
      ...s.strengths.map((t) => `亮点：${clip(t)}`),
      ...s.weaknesses.map((t) => `不足：${clip(t)}`),
      ...s.problems.map((p) => `问题：${clip(p.text)}（限期${p.deadlineDays}天）`),
    ].join('\n'),
    horizontal_content_list: [
      { keyname: '亮点/不足', value: `${s.strengths.length}条 / ${s.weaknesses.length}条` },
      { keyname: '建议', value: `${s.suggestions.length}条` },
      { keyname: '问题', value: s.problems.length ? `${s.problems.length}条，提交后下达整改通知书` : '无' },
      { keyname: '现场整改', value: `${s.onsiteFixes.length}条` },
      { keyname: '照片', value: `${s.photos.length}张` },
      { keyname: '督导事项', value: s.items.map((it) => it.code).join('、') || '未勾选' },
    ],
    card_action: { type: 1, url: i.url },
    task_id: i.taskId,
    button_list: [
      { text: '提交', style: 1, key: i.submitKey },
      { text: '继续补充', style: 2, key: i.continueKey },
    ],
  };
}
