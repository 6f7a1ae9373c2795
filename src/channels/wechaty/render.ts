/**
 * OutboundMessage → what a wechaty contact or room is told: plain text (a personal-WeChat chat shows no markdown and
 * no cards). Cards become their text with a hint; a group notice's people are @-mentioned by the channel.
 */
import type { OutboundMessage } from '../../domain/messages.ts';
import { cardAsText } from '../../../templates/channels/card-text.ts';
import { groupNoticeText } from '../../../templates/channels/group-notice.ts';
import { ChannelError } from '../channel-error.ts';

export function wechatyText(message: OutboundMessage, opts: { mentionsApart?: boolean } = {}): string {
  switch (message.type) {
    case 'text':
      return message.text;
    case 'markdown':
      return message.text.replace(/\*\*(.+?)\*\*/g, '$1').replace(/<font[^>]*>(.*?)<\/font>/g, '$1');
    case 'card':
      return cardAsText(message.card);
    case 'group_notice':
      return groupNoticeText(message, { withoutMentions: opts.mentionsApart });
    case 'news':
      return message.articles.map((a) => `${a.title}\n${a.url}`).join('\n');
    default:
      throw new ChannelError(`a ${message.type} message cannot be sent through wechaty`, false);
  }
}
