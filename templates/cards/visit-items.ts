/** The eight 经常性督导事项 to tick (conversations.md §1.2): a multiple-choice vote card, submit = 'visit.items'. */
import type { TemplateCard } from '../../src/domain/messages.ts';

export const ITEMS_QUESTION = 'items';

export function visitItemsCard(i: {
  taskId: string;
  schoolName: string;
  items: { code: number; title: string }[];
  checked: number[];
  submitKey: string;
}): TemplateCard {
  return {
    card_type: 'vote_interaction',
    source: { desc: '督导通' },
    main_title: { title: '勾选本次督导事项', desc: `${i.schoolName} · 也可回复"事项 3 5 6"` },
    task_id: i.taskId,
    checkbox: {
      question_key: ITEMS_QUESTION,
      mode: 1,
      option_list: i.items.map((it) => ({ id: String(it.code), text: `${it.code} ${it.title}`, is_checked: i.checked.includes(it.code) })),
    },
    submit_button: { text: '提交', key: i.submitKey },
  };
}
