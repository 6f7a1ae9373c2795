/** Meeting cards: the RSVP card members get (参加 / 请假), and the summary an organiser confirms (确认 / 取消). */
import type { TemplateCard } from '../../src/domain/messages.ts';
import { when } from './format.ts';

export interface MeetingCardInput {
  taskId: string;
  zoneName: string;
  startsAt: Date;
  place: string;
  agenda: string | null;
}

const clip = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n)}…` : s);

export function meetingRsvpCard(i: MeetingCardInput & { attendKey: string; leaveKey: string; moved?: boolean }): TemplateCard {
  return {
    card_type: 'button_interaction',
    source: { desc: '督导通 · 责任区例会' },
    main_title: { title: `${i.moved ? '例会改期' : '例会通知'}：${i.zoneName}`, desc: when(i.startsAt) },
    sub_title_text: i.agenda ? `议程：${clip(i.agenda)}` : '请确认是否参加。',
    horizontal_content_list: [
      { keyname: '时间', value: when(i.startsAt) },
      { keyname: '地点', value: clip(i.place, 30) },
    ],
    task_id: i.taskId,
    button_list: [
      { text: '参加', style: 1, key: i.attendKey },
      { text: '请假', style: 2, key: i.leaveKey },
    ],
  };
}

export function meetingSummaryCard(i: MeetingCardInput & { confirmKey: string; discardKey: string; members: number }): TemplateCard {
  return {
    card_type: 'button_interaction',
    source: { desc: '督导通 · 责任区例会' },
    main_title: { title: `安排例会：${i.zoneName}`, desc: '请核对，无误后点"确认"' },
    sub_title_text: i.agenda ? `议程：${clip(i.agenda)}` : '未写议程',
    horizontal_content_list: [
      { keyname: '时间', value: when(i.startsAt) },
      { keyname: '地点', value: clip(i.place, 30) },
      { keyname: '参会', value: `${i.members}人` },
    ],
    task_id: i.taskId,
    button_list: [
      { text: '确认', style: 1, key: i.confirmKey },
      { text: '取消', style: 2, key: i.discardKey },
    ],
  };
}

export const cardStates = {
  attending: '已确认参加',
  onLeave: '已请假',
  confirmed: '已确认',
  discarded: '已取消',
  moved: '已改期',
  cancelled: '例会已取消',
};
