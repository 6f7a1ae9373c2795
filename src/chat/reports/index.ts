/**
 * The public asks for reports on the official account (conversations.md §4): `报告` (or the 督导报告 menu button)
 * → the five latest published reports as an article list; a school's name or 简称 → its latest published report,
 * or a polite 暂无. Text that names no school falls through to the help reply.
 */
import type { Bot } from '../bot.ts';
import type { ChatContext } from '../context.ts';
import { latestForSchool, latestReports } from '../../services/public-reports.ts';
import type { Report } from '../../services/reports.ts';
import { publicChatText as t } from '../../../templates/reports/text.ts';

const MAX_QUERY = 40;

function article(ctx: ChatContext, r: Report) {
  const base = ctx.deps.baseUrl.replace(/\/$/, '');
  return { title: r.title, description: r.digest ?? undefined, url: `${base}/reports/${r.id}`, picUrl: `${base}/reports/${r.id}/cover.png` };
}

async function latest(ctx: ChatContext): Promise<void> {
  const list = await latestReports(ctx.db, 5);
  await ctx.reply(list.length ? { type: 'news', articles: list.map((r) => article(ctx, r)) } : t.none);
}

async function bySchool(ctx: ChatContext): Promise<boolean> {
  const query = (ctx.args || ctx.msg.text || '').trim();
  if (query.length < 2 || query.length > MAX_QUERY) return false;
  const { school, report } = await latestForSchool(ctx.db, query);
  if (!school) return false;
  await ctx.reply(report ? { type: 'news', articles: [article(ctx, report)] } : t.noneForSchool(school.name));
  return true;
}

export function register(bot: Bot): void {
  bot.command('报告', latest, { public: true });
  bot.publicText(bySchool);
}
