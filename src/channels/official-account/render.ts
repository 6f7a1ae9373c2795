/**
 * OutboundMessage → the official account's requests (platform-apis §3.5, §3.6). Pure.
 * - as a customer-service message: text (markdown and cards told as plain text, since the chat shows no markup),
 *   news (at most 8 articles), image (already uploaded as temporary media);
 * - as a template message, for outside the 48-hour window: the first line as the title, the text shortened, the time,
 *   and a link to the message's page (the first link in the text, else the H5 page that shows the whole message).
 * A card update has no counterpart on the official account: null.
 */
import crypto from 'node:crypto';
import type { OutboundMessage } from '../../domain/messages.ts';
import { messageText } from '../../../templates/channels/message-text.ts';
import { officialAccountText, templateTime } from '../../../templates/channels/official-account.ts';
import type { CustomContent, CustomSendBody, TemplateSendBody } from './wire.ts';

const MAX_TEXT_BYTES = 2048;
const MAX_ARTICLES = 8;
/** Template keyword values are short (thing: 20 characters). */
const TITLE_CHARS = 20;
const BODY_CHARS = 20;

export function renderCustom(openid: string, message: OutboundMessage, uploadedImage?: string): CustomSendBody | null {
  let content: CustomContent;
  switch (message.type) {
    case 'card_update':
      return null;
    case 'image':
      if (!uploadedImage) throw new Error('an image message needs its uploaded media_id');
      content = { msgtype: 'image', image: { media_id: uploadedImage } };
      break;
    case 'news':
      content = {
        msgtype: 'news',
        news: { articles: message.articles.slice(0, MAX_ARTICLES).map((a) => ({ title: a.title, description: a.description, url: a.url, picurl: a.picUrl })) },
      };
      break;
    default:
      content = { msgtype: 'text', text: { content: fitBytes(messageText(message, { replyable: true }), MAX_TEXT_BYTES) } };
  }
  return { touser: openid, ...content };
}

export interface TemplateParams {
  templateId: string;
  fields: { title: string; body: string; time: string };
  /** Where the message's page is when its text has no link of its own. */
  pageUrl: string;
  /** Unique per outbox row: the platform drops a repeat. */
  key: string;
  now: Date;
}

export function renderTemplate(openid: string, message: OutboundMessage, p: TemplateParams): TemplateSendBody {
  const text = messageText(message).trim();
  const [first = '', ...rest] = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const body = rest.join(' ');
  return {
    touser: openid,
    template_id: p.templateId,
    url: firstLink(text) ?? p.pageUrl,
    client_msg_id: crypto.createHash('sha256').update(p.key).digest('hex').slice(0, 32),
    data: {
      [p.fields.title]: { value: shorten(first, TITLE_CHARS) },
      [p.fields.body]: { value: shorten(body || first, BODY_CHARS) },
      [p.fields.time]: { value: templateTime(p.now) },
    },
  };
}

export function firstLink(text: string): string | undefined {
  return /https?:\/\/[^\s)）\]】"'<>，。]+/.exec(text)?.[0];
}

function shorten(s: string, chars: number): string {
  const all = [...s];
  return all.length <= chars ? s : `${all.slice(0, chars - 1).join('')}…`;
}

function fitBytes(s: string, max: number): string {
  if (Buffer.byteLength(s, 'utf8') <= max) return s;
  const tail = officialAccountText.more;
  let out = '';
  for (const ch of s) {
    if (Buffer.byteLength(out + ch + tail, 'utf8') > max) break;
    out += ch;
  }
  return out + tail;
}
