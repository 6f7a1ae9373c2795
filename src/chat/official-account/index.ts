/**
 * The official account's own conversation: follow → welcome, 绑定 <code>, the menu (each CLICK key stands for
 * words, so a button behaves like typing them), and cards answered by replying a button's number or words. The public's help comes from the bot's fallback; 报告 and a
 * school's name are registered by the reports area (`bot.command('报告', …, { public: true })`, `bot.publicText(…)`).
 */
import { MENU } from '../../../templates/chat/official-account.ts';
import type { Bot } from '../bot.ts';
import { bindOpenid } from './bind.ts';
import { cardReply } from './card-reply.ts';
import { welcome } from './welcome.ts';

export function register(bot: Bot): void {
  bot.event('subscribe', welcome, { public: true });
  bot.command('绑定', bindOpenid, { strangers: true });
  for (const b of MENU.button) bot.menu(b.key, b.words);
  bot.translate(cardReply);
}
