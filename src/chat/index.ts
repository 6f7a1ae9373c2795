/** Builds the bot and registers every conversation area. Add an area here and in its folder's index.ts. */
import { Bot, type BotOptions } from './bot.ts';
import * as general from './general/index.ts';
import * as officialAccount from './official-account/index.ts';
import * as visits from './visits/index.ts';
import * as meetings from './meetings/index.ts';
import * as rectification from './rectification/index.ts';
import * as reports from './reports/index.ts';

export function createBot(opts: BotOptions): Bot {
  const bot = new Bot(opts);
  general.register(bot);
  officialAccount.register(bot);
  visits.register(bot);
  meetings.register(bot);
  rectification.register(bot);
  reports.register(bot);
  return bot;
}

export type { Bot } from './bot.ts';
