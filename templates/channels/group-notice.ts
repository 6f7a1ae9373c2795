/**
 * A group notice (OutboundMessage 'group_notice') told for each kind of group: markdown for an app group chat and a
 * group robot (the robot mentions WeCom members with <@userid>), plain text for a personal-WeChat room (whose channel
 * adds real @-mentions of the contacts it finds).
 */
import type { Mention, OutboundMessage } from '../../src/domain/messages.ts';

type GroupNotice = Extract<OutboundMessage, { type: 'group_notice' }>;

const NAME_SEPARATOR = '、';

export function groupNoticeMarkdown(n: GroupNotice, mention: (m: Mention) => string = (m) => m.name): string {
  const out = [`**${n.title}**`, ...n.lines];
  if (n.mentions && n.mentions.length > 0) out.push(`${n.mentionPrefix ?? ''}${n.mentions.map(mention).join(NAME_SEPARATOR)}`);
  return [...out, ...(n.footer ?? [])].join('\n');
}

/** Text without the mentions line when `withoutMentions` (the room channel puts the @names on instead). */
export function groupNoticeText(n: GroupNotice, opts: { withoutMentions?: boolean } = {}): string {
  const out = [`【${n.title}】`, ...n.lines];
  if (n.mentions && n.mentions.length > 0) {
    out.push(opts.withoutMentions ? (n.mentionPrefix ?? '').trim() : `${n.mentionPrefix ?? ''}${n.mentions.map((m) => m.name).join(NAME_SEPARATOR)}`);
  }
  return [...out, ...(n.footer ?? [])].join('\n');
}
