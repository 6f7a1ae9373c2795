/**
 * The official account shows no cards: a card sent there is told as text ending "请回复序号或文字：1 非常满意 / 2 满意 …"
 * (channels/official-account/render.ts). A reply that is one of those numbers or a button's words, to the latest
 * card sent to that person in the last week, is read as the tap on that button — the same action a WeCom user's tap
 * runs. Anything that is a command, or longer than a button could be, is left as it is.
 */
import { clock } from '../../clock.ts';
import type { InboundMessage, TemplateCard } from '../../domain/messages.ts';
import { lastCardSentTo } from '../../services/outbox.ts';
import { normalise, parseCommand } from '../commands.ts';
import type { Translator } from '../bot.ts';

const CARD_REPLY_DAYS = 7;
const MAX_WORDS = 30;

export const cardReply: Translator = async (msg, deps) => {
  if (msg.channel !== 'wechat' || msg.kind !== 'text' || !msg.text) return msg;
  const words = normalise(msg.text);
  if (words === '' || words.length > MAX_WORDS || parseCommand(msg.text)) return msg;
  const since = new Date(clock.now().getTime() - CARD_REPLY_DAYS * 24 * 3600_000);
  const row = await lastCardSentTo(deps.db, 'wechat.custom', msg.from, since);
  const card = row ? (row.message as { card: TemplateCard }).card : undefined;
  if (!card || card.checkbox || card.select_list) return msg;
  const buttons = (card.button_list as { text?: string; key?: string }[] | undefined) ?? [];
  const n = /^\d{1,2}$/.test(words) ? Number(words) : 0;
  const hit = n > 0 ? buttons[n - 1] : buttons.find((b) => normalise(b.text ?? '') === words);
  if (!hit?.key) return msg;
  const { text: _text, ...rest } = msg;
  return {
    ...rest, kind: 'event',
    event: { name: 'template_card_event', key: hit.key, taskId: card.task_id as string | undefined, cardType: card.card_type },
  };
};
