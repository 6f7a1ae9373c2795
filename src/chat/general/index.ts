import type { Bot } from '../bot.ts';
import { help } from './help.ts';

export function register(bot: Bot): void {
  bot.command('帮助', help, { public: true });
}
