/**
 * 提交, typed: the open visit is recorded if it meets the rules (otherwise the refusal names what is missing). The
 * service numbers the 整改通知书, notifies the school and sends the supervisor the confirmation with the record link.
 */
import { submitVisit } from '../../services/visits.ts';
import type { ChatContext } from '../context.ts';

export async function submit(ctx: ChatContext): Promise<void> {
  await submitVisit(ctx.db, { personId: ctx.me.id, baseUrl: ctx.deps.baseUrl });
}
