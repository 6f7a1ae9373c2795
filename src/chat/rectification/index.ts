import type { Bot } from '../bot.ts';
import { attachPhoto } from './attach-photo.ts';
import { listNotices } from './list-notices.ts';
import { pickNotice } from './pick-notice.ts';
import { markDone, markNotDone, recheckFromCard } from './recheck.ts';
import { report } from './report.ts';
import { returnFromCard, returnReasonFromCard, returnReasonTyped, returnTyped } from './return-notice.ts';
import { verifyFromCard, verifyTyped } from './verify.ts';

/** A school contact confirms rectification; the supervisor, zone leader or office reviews it (conversations.md §3). */
export function register(bot: Bot): void {
  bot.command('已整改', report);
  bot.image(attachPhoto, { roles: ['school_contact'] });
  bot.action('notice.pick', pickNotice);
  bot.action('notice.verify', verifyFromCard);
  bot.action('notice.return', returnFromCard);
  bot.action('notice.return_reason', returnReasonFromCard);
  bot.action('notice.recheck', recheckFromCard);
  bot.command('整改到位', verifyTyped);
  bot.command('退回', returnTyped);
  bot.command('通知书', listNotices);
  bot.command('到位', markDone);
  bot.command('未到位', markNotDone);
  bot.text(returnReasonTyped, { roles: ['supervisor', 'zone_leader', 'office_admin'] });
}
