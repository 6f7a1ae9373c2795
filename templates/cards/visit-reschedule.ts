/** 改期 on the morning card: the next few working days as buttons. */
import type { TemplateCard } from '../../src/domain/messages.ts';

const WEEKDAY = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

export function visitRescheduleCard(i: { taskId: string; schoolName: string; days: { day: string; key: string }[] }): TemplateCard {
  return {
    card_type: 'button_interaction',
    source: { desc: '督导通' },
    main_title: { title: `改期：${i.schoolName}`, desc: '请选择新的督导日期，或发送"计划 学校 日期 内容"另行安排' },
    task_id: i.taskId,
    button_list: i.days.slice(0, 6).map((d, n) => {
      const [, m, dd] = d.day.split('-').map(Number);
      const weekday = WEEKDAY[new Date(`${d.day}T00:00:00Z`).getUTCDay()];
      return { text: `${m}月${dd}日${weekday}`, style: n === 0 ? 1 : 2, key: d.key };
    }),
  };
}
