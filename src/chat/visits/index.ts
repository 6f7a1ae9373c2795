import type { Bot } from '../bot.ts';
import { addEntry, ENTRY_COMMANDS } from './add-entry.ts';
import { attachPhoto } from './attach-photo.ts';
import { cancel } from './cancel.ts';
import { complete } from './complete.ts';
import { continueVisit } from './continue-visit.ts';
import { pickSchool } from './pick-school.ts';
import { planVisit } from './plan-visit.ts';
import { rateVisit } from './rate-visit.ts';
import { reschedule } from './reschedule.ts';
import { schoolRequests } from './school-requests.ts';
import { setItems } from './set-items.ts';
import { setMethods } from './set-methods.ts';
import { setNarrative } from './set-narrative.ts';
import { showProgress } from './show-progress.ts';
import { startFromCard } from './start-from-card.ts';
import { startVisit } from './start-visit.ts';
import { submit } from './submit.ts';
import { submitFromCard } from './submit-from-card.ts';
import { tickItems } from './tick-items.ts';
import { undo } from './undo.ts';

/** A supervisor logs a visit (conversations.md §1). */
export function register(bot: Bot): void {
  bot.command('开始督导', startVisit);
  bot.command('计划', planVisit);
  bot.command([...ENTRY_COMMANDS], addEntry);
  bot.command('事项', setItems);
  bot.command('方式', setMethods);
  bot.command('纪实', setNarrative);
  bot.command('撤销', undo);
  bot.command('进度', showProgress);
  bot.command('取消督导', cancel);
  bot.command('完成', complete);
  bot.command('提交', submit);
  bot.command('学校要求', schoolRequests);
  bot.image(attachPhoto, { roles: ['supervisor', 'zone_leader'] });
  bot.action('visit.start', startFromCard);
  bot.action('visit.reschedule', reschedule);
  bot.action('visit.pick_school', pickSchool);
  bot.action('visit.items', tickItems);
  bot.action('visit.submit', submitFromCard);
  bot.action('visit.continue', continueVisit);
  bot.action('visit.rate', rateVisit);
}
