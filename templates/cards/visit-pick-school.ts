/** When a typed school name fits several schools: one button per school (at most six, WeCom's limit). */
import type { TemplateCard } from '../../src/domain/messages.ts';

export function visitPickSchoolCard(i: { taskId: string; query: string; schools: { name: string; key: string }[] }): TemplateCard {
  return {
    card_type: 'button_interaction',
    source: { desc: '督导通' },
    main_title: { title: '选择学校', desc: `"${i.query}"对应多所学校，请选择要督导的学校` },
    task_id: i.taskId,
    button_list: i.schools.slice(0, 6).map((s, n) => ({ text: s.name, style: n === 0 ? 1 : 2, key: s.key })),
  };
}
