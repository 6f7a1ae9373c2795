/**
 * 已整改 [编号] [第N项] <整改措施> from a school contact: the number as `12号`, `渡督整〔2026〕12号` or left out when
 * the school has one open notice; with several open and no number, a pick-list card (the report waits for the tap).
 * Photos sent in the half hour before join the report. Another school's number is 未找到, never more.
 */
import { DudaoError } from '../../domain/errors.ts';
import { parseItemRef } from '../../domain/notice-number.ts';
import { actionKey } from '../../domain/actions.ts';
import { rectificationErrors as E } from '../../../templates/rectification-errors.ts';
import { rectificationText as T } from '../../../templates/rectification.ts';
import { noticePickCard } from '../../../templates/cards/notice-review.ts';
import { noticeForContact, openNoticesOfSchool, type Notice } from '../../services/rectification-notices.ts';
import { keepReportForPick, reportRectification, type ReportResult } from '../../services/rectification.ts';
import type { ChatContext } from '../context.ts';
import { typedRef } from './parse.ts';

export async function report(ctx: ChatContext): Promise<void> {
  if (!ctx.hasRole('school_contact') || !ctx.me.schoolId) throw new DudaoError('forbidden', E.notContact());
  const ref = typedRef(ctx.args);
  const open = await openNoticesOfSchool(ctx.db, ctx.me.schoolId);
  const { items, rest } = parseItemRef(ref ? ref.rest : ctx.args);
  let notice: Notice | null;
  if (ref) {
    notice = await noticeForContact(ctx.db, ctx.me, ref);
    if (!notice) throw new DudaoError('not_found', E.notFound(ref.label, open.map((n) => n.number)));
  } else {
    if (open.length === 0) throw new DudaoError('invalid_state', E.noOpen());
    if (!rest) throw new DudaoError('bad_request', E.needMeasures(open.length === 1 ? open[0].seq : null));
    if (open.length > 1) {
      await keepReportForPick(ctx.db, { person: ctx.me, text: rest, items });
      await ctx.reply({
        type: 'card',
        card: noticePickCard({
          taskId: `notice-pick-${ctx.inboxId}`,
          prompt: T.pickPrompt(),
          notices: open.map((n) => ({ label: `${n.seq}号 ${n.problems.slice(0, 6)}`, key: actionKey('notice.pick', n.id) })),
        }),
      });
      return;
    }
    notice = open[0];
  }
  const result = await reportRectification(ctx.db, {
    person: ctx.me, noticeId: notice.id, items, text: rest, sourceKey: `inbox:${ctx.inboxId}`, baseUrl: ctx.deps.baseUrl,
  });
  await ctx.reply(receipt(result));
}

export function receipt(r: ReportResult): string {
  if (r.submitted) return T.receipt({ number: r.notice.number, photos: r.photos, supervisor: r.supervisorName });
  return T.partReceipt({ number: r.notice.number, items: r.reported, remaining: r.remaining, photos: r.photos });
}
