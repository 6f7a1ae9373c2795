/**
 * The simulated WeCom's checks on a message body (platform-apis §2.5, §2.7, §2.8). A bad body gets the error code
 * WeCom gives for it, so a bug in our rendering fails a test the way it would fail in production.
 */
export interface Refusal {
  errcode: number;
  errmsg: string;
}

const refuse = (errcode: number, errmsg: string): Refusal => ({ errcode, errmsg });

export const INTERACTIVE_CARDS = new Set(['button_interaction', 'vote_interaction', 'multiple_interaction']);
const CARD_TYPES = new Set(['text_notice', 'news_notice', ...INTERACTIVE_CARDS]);
const TASK_ID = /^[0-9a-zA-Z_\-@]{1,128}$/;

type Body = Record<string, any>;

/** The content part: `msgtype` and its object. `allowed` lists the msgtypes the endpoint takes. */
export function checkContent(body: Body, allowed: string[]): Refusal | null {
  const type = body.msgtype;
  if (typeof type !== 'string' || !allowed.includes(type)) return refuse(40008, `invalid message type: ${String(type)}`);
  const part = body[type];
  if (!part || typeof part !== 'object') return refuse(40058, `${type} is required`);
  switch (type) {
    case 'text':
    case 'markdown':
      if (typeof part.content !== 'string' || part.content.trim() === '') return refuse(44004, 'empty content');
      if (Buffer.byteLength(part.content) > (type === 'text' ? 2048 : 4096)) return refuse(45002, 'content size out of limit');
      return null;
    case 'image':
      if (part.media_id || (part.base64 && part.md5)) return null;
      return refuse(40007, 'invalid media_id');
    case 'news': {
      const articles = part.articles;
      if (!Array.isArray(articles) || articles.length < 1 || articles.length > 8) return refuse(40058, 'news needs 1 to 8 articles');
      if (articles.some((a: Body) => !a.title || !a.url)) return refuse(40058, 'every article needs title and url');
      return null;
    }
    case 'template_card':
      return checkCard(part);
    default:
      return null;
  }
}

export function checkCard(card: Body): Refusal | null {
  if (!CARD_TYPES.has(card.card_type)) return refuse(40058, `invalid card_type: ${String(card.card_type)}`);
  const needsTask = INTERACTIVE_CARDS.has(card.card_type) || card.action_menu !== undefined;
  if (needsTask && !TASK_ID.test(String(card.task_id ?? ''))) return refuse(40058, 'task_id is required: [0-9a-zA-Z_-@], at most 128 bytes');
  if (!card.main_title?.title && card.card_type !== 'text_notice') return refuse(40058, 'main_title.title is required');
  switch (card.card_type) {
    case 'text_notice':
      if (!card.main_title?.title && !card.sub_title_text) return refuse(40058, 'main_title.title or sub_title_text is required');
      if (!card.card_action) return refuse(40058, 'card_action is required');
      return null;
    case 'news_notice':
      if (!card.card_action) return refuse(40058, 'card_action is required');
      return null;
    case 'button_interaction': {
      const buttons = card.button_list;
      if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 6) return refuse(40058, 'button_list needs 1 to 6 buttons');
      if (buttons.some((b: Body) => !b.text || (!b.key && b.type !== 1))) return refuse(40058, 'every button needs text and key');
      return null;
    }
    case 'vote_interaction':
      if (!card.checkbox?.question_key || !Array.isArray(card.checkbox.option_list) || card.checkbox.option_list.length < 1) {
        return refuse(40058, 'checkbox with question_key and option_list is required');
      }
      if (!card.submit_button?.text || !card.submit_button?.key) return refuse(40058, 'submit_button with text and key is required');
      return null;
    case 'multiple_interaction':
      if (!Array.isArray(card.select_list) || card.select_list.length < 1 || card.select_list.some((s: Body) => !s.question_key || !Array.isArray(s.option_list))) {
        return refuse(40058, 'select_list with question_key and option_list is required');
      }
      if (!card.submit_button?.text || !card.submit_button?.key) return refuse(40058, 'submit_button with text and key is required');
      return null;
  }
  return null;
}

/** message/send and interactive cards answer with a response_code (for update_template_card). */
export function wantsResponseCode(body: Body): boolean {
  const card = body.msgtype === 'template_card' ? body.template_card : undefined;
  return !!card && (INTERACTIVE_CARDS.has(card.card_type) || card.action_menu !== undefined);
}
