import type { Bot } from '../bot.ts';
import { answerByText, answerInRoom, attendFromCard, leaveFromCard } from './answer.ts';
import { meetingCommand } from './command.ts';
import { confirmFromCard, discardFromCard } from './confirm.ts';

/** Monthly zone meetings (conversations.md §2). */
export function register(bot: Bot): void {
  bot.command('例会', meetingCommand);
  bot.command(['参加', '请假'], answerByText);
  bot.action('meeting.confirm', confirmFromCard);
  bot.action('meeting.discard', discardFromCard);
  bot.action('meeting.attend', attendFromCard);
  bot.action('meeting.leave', leaveFromCard);
  bot.room(answerInRoom);
}
