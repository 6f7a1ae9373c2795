/** `例会 …`: for office admins and zone leaders; the word after 例会 picks what to do. */
import { DudaoError } from '../../domain/errors.ts';
import { canOrganise } from '../../services/meetings.ts';
import { meetingErrors } from '../../../templates/meetings/errors.ts';
import type { ChatContext } from '../context.ts';
import { cancelByChat, rescheduleByChat } from './change.ts';
import { splitSubcommand } from './parse.ts';
import { recordAttendanceByChat, recordMinutesByChat } from './record.ts';
import { scheduleByChat } from './schedule.ts';
import { listComing, showRoster } from './view.ts';

export async function meetingCommand(ctx: ChatContext): Promise<void> {
  if (!canOrganise(ctx.me)) throw new DudaoError('forbidden', meetingErrors.notOrganiser());
  const { sub, rest } = splitSubcommand(ctx.args);
  switch (sub) {
    case '改期': return rescheduleByChat(ctx, rest);
    case '取消': return cancelByChat(ctx, rest);
    case '名单': return showRoster(ctx, rest);
    case '出席': return recordAttendanceByChat(ctx, rest);
    case '纪要': return recordMinutesByChat(ctx, rest);
    case null: return rest ? scheduleByChat(ctx, rest) : listComing(ctx);
  }
}
