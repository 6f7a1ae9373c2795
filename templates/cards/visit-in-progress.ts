/** What the morning card turns into once the visit has started: no buttons left, so it cannot be pressed twice. */
import type { TemplateCard } from '../../src/domain/messages.ts';
import { shanghaiTime } from '../../src/domain/deadlines.ts';

export function visitInProgressCard(i: { taskId: string; schoolName: string; startedAt: Date | null; url: string }): TemplateCard {
  return {
    card_type: 'text_notice',
    source: { desc: '督导通' },
    main_title: { title: `督导进行中：${i.schoolName}`, desc: i.startedAt ? `${shanghaiTime(i.startedAt)}到校` : '' },
    sub_title_text: '直接发送照片和"亮点：…""不足：…""问题：… 限期15天"即可记录，发送"完成"检查并提交。',
    card_action: { type: 1, url: i.url },
    task_id: i.taskId,
  };
}
