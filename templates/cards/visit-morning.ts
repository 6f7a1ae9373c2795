/** The 08:00 card for a planned visit (conversations.md §1.1): 今日督导：学校 · 计划内容：… with 开始督导 / 改期. */
import type { TemplateCard } from '../../src/domain/messages.ts';

export interface MorningCardInput {
  taskId: string;
  schoolName: string;
  content: string | null;
  /** Chinese date, e.g. 2026年5月20日. */
  date: string;
  startKey: string;
  rescheduleKey: string;
  /** The plan's H5 page. */
  url: string;
}

export function visitMorningCard(i: MorningCardInput): TemplateCard {
  return {
    card_type: 'button_interaction',
    source: { desc: '督导通' },
    main_title: {
      title: `今日督导：${i.schoolName}`,
      desc: `计划内容：${i.content?.trim() || '经常性督导'}`,
    },
    sub_title_text: '到校后点"开始督导"，之后直接发照片和"亮点：…""不足：…""问题：…"即可记录。',
    horizontal_content_list: [
      { keyname: '日期', value: i.date },
      { keyname: '学校', value: i.schoolName },
    ],
    card_action: { type: 1, url: i.url },
    task_id: i.taskId,
    button_list: [
      { text: '开始督导', style: 1, key: i.startKey },
      { text: '改期', style: 2, key: i.rescheduleKey },
    ],
  };
}
