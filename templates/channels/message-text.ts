/**
 * Any outbound message as plain text, for places that show no markup: an official-account chat, a template
 * message's fields, the H5 page a template message links to. Markdown loses its marks, cards are told as text.
 */
import type { OutboundMessage } from '../../src/domain/messages.ts';
import { cardAsReplyText, cardAsText } from './card-text.ts';

/** `replyable`: the reader can answer a card's buttons by replying (the official account's chat). */
export function messageText(message: OutboundMessage, opts: { replyable?: boolean } = {}): string {
  switch (message.type) {
    case 'text': return message.text;
    case 'markdown': return plainMarkdown(message.text);
    case 'card': return opts.replyable ? cardAsReplyText(message.card) : cardAsText(message.card);
    case 'news': return message.articles.map((a) => [a.title, a.description, a.url].filter(Boolean).join('\n')).join('\n\n');
    default: return '';
  }
}

export function plainMarkdown(md: string): string {
  return md
    .replace(/<font[^>]*>(.*?)<\/font>/g, '$1')
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1：$2')
    .replace(/\*\*(.*?)\*\*/g, '$1')
    .replace(/^#{1,6}\s*/gm, '')
    .replace(/^>\s?/gm, '');
}
