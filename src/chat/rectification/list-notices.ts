/** 通知书: the unfinished notices this person may see, each with its status, deadline and page link. */
import type { NoticeStatus } from '../../domain/rectification-lifecycle.ts';
import { NOTICE_STATUS_TEXT } from '../../../templates/rectification-errors.ts';
import { rectificationText as T } from '../../../templates/rectification.ts';
import { schoolById, shortName } from '../../services/directory.ts';
import { noticeLink } from '../../services/links.ts';
import { unfinishedNoticesFor } from '../../services/rectification-notices.ts';
import type { ChatContext } from '../context.ts';

const LIMIT = 20;

export async function listNotices(ctx: ChatContext): Promise<void> {
  const notices = await unfinishedNoticesFor(ctx.db, ctx.me, LIMIT + 1);
  const rows = [];
  for (const n of notices.slice(0, LIMIT)) {
    const school = await schoolById(ctx.db, n.schoolId);
    rows.push({
      number: n.number, school: school ? shortName(school) : '', status: NOTICE_STATUS_TEXT[n.status as NoticeStatus], dueOn: n.dueOn,
      url: noticeLink(ctx.deps.baseUrl, n.id, ctx.me.id),
    });
  }
  await ctx.reply(T.list(rows, notices.length > LIMIT));
}
