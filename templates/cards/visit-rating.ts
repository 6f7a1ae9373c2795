/** After a visit is submitted, the school contact rates it (附件5 被督导学校对本次督导评价) with one tap. */
import type { TemplateCard } from '../../src/domain/messages.ts';
import { RATINGS, type Rating } from '../../src/domain/ratings.ts';

export interface RatingCardInput {
  taskId: string;
  schoolName: string;
  supervisorName: string;
  /** Chinese date of the visit. */
  date: string;
  /** Button key for each rating. */
  keyFor: (rating: Rating) => string;
  url: string;
}

export function visitRatingCard(i: RatingCardInput): TemplateCard {
  return {
    card_type: 'button_interaction',
    source: { desc: '督导通' },
    main_title: { title: '请评价本次督导', desc: `${i.date} ${i.supervisorName}督学到${i.schoolName}督导` },
    sub_title_text: '请选择贵校对本次督导的评价。如有要求，可回复"学校要求：…"。',
    card_action: { type: 1, url: i.url },
    task_id: i.taskId,
    button_list: RATINGS.map((r, n) => ({ text: r, style: n === 0 ? 1 : 2, key: i.keyFor(r) })),
  };
}
