/**
 * Channel-neutral messages. Channels turn platform callbacks into InboundMessage and OutboundMessage into platform
 * calls; chat/ and services/ see only these types.
 */

export type ChannelName = 'wecom' | 'wechat' | 'wechaty';

export interface SelectedItem {
  questionKey: string;
  optionIds: string[];
}

export interface InboundEvent {
  /** Platform event name: template_card_event, subscribe, enter_agent, click, ... */
  name: string;
  key?: string;
  taskId?: string;
  cardType?: string;
  responseCode?: string;
  selected?: SelectedItem[];
}

export interface InboundMessage {
  channel: ChannelName;
  /** The platform's message id, or an event key (platform-apis §2.2). Unique per channel. */
  dedupeKey: string;
  /** Platform user id of the sender: WeCom userid, official-account openid, wechaty contact id. */
  from: string;
  /** Set when the message came from a group (wechaty room); absent for one-to-one chats. */
  room?: string;
  /** When the platform says the message was created (ISO string). */
  createdAt: string;
  kind: 'text' | 'image' | 'voice' | 'video' | 'location' | 'link' | 'event';
  text?: string;
  mediaId?: string;
  picUrl?: string;
  location?: { lat: number; lng: number; label?: string };
  event?: InboundEvent;
  /** The decrypted platform payload, kept for audit and replay. */
  raw?: Record<string, unknown>;
}

/** A WeCom template card (message/send `template_card` JSON). Other channels render it as text with reply hints. */
export type TemplateCard = Record<string, unknown> & { card_type: string };

export type OutboundMessage =
  | { type: 'text'; text: string }
  | { type: 'markdown'; text: string }
  | { type: 'card'; card: TemplateCard }
  /** Update a card already sent (message/update_template_card); `card` replaces it, `replaceName` greys its buttons. */
  | { type: 'card_update'; responseCode: string; userIds: string[]; card?: TemplateCard; replaceName?: string }
  | { type: 'image'; mediaId: number }
  | { type: 'news'; articles: { title: string; description?: string; url: string; picUrl?: string }[] }
  /**
   * A notice to a group. Each group channel renders it its own way: bold title and lines, then `mentionPrefix`
   * followed by the people named (a robot writes <@userid>, a wechaty room @-mentions its contacts, others the name),
   * then the footer lines.
   */
  | { type: 'group_notice'; title: string; lines: string[]; mentionPrefix?: string; mentions?: Mention[]; footer?: string[] }
  /** Have the app create a group chat with this id (appchat/create) from these members. */
  | { type: 'group_create'; chatId: string; name: string; owner?: string; userIds: string[] }
  /** Reports on the official account ('wechat.publish'): publish one, poll its publish job, or withdraw it. */
  | { type: 'report.publish'; reportId: number }
  | { type: 'report.poll'; reportId: number; publishId: string }
  | { type: 'report.withdraw'; reportId: number };

/** A person named in a group notice, with whatever ids the group's platform can mention them by. */
export interface Mention {
  name: string;
  wecomUserId?: string | null;
  wechatyContact?: string | null;
}

/** Where an outbox row goes. */
export type OutboxChannel = 'wecom.app' | 'wecom.appchat' | 'wecom.robot' | 'wechat.custom' | 'wechaty' | 'wechat.publish';
