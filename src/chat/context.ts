/**
 * What a handler gets: the message, the person who sent it (with roles), and ways to answer. Answers are outbox rows
 * keyed by the inbox row, so a message handled twice (a crash, a retry) answers once.
 */
import type { Db } from '../db/client.ts';
import type { people } from '../db/schema/index.ts';
import type { ChannelName, InboundMessage, OutboundMessage, OutboxChannel, TemplateCard } from '../domain/messages.ts';
import type { Role } from '../db/schema/org.ts';
import { enqueue } from '../services/outbox.ts';
import type { ActionId } from '../domain/actions.ts';
import type { CommandName } from './commands.ts';

export type Person = typeof people.$inferSelect;

export const REPLY_CHANNEL: Record<InboundMessage['channel'], OutboxChannel> = {
  wecom: 'wecom.app',
  wechat: 'wechat.custom',
  wechaty: 'wechaty',
};

export interface ChatDeps {
  db: Db;
  /** The server's public address, for links in replies. */
  baseUrl: string;
  /**
   * Downloads a file a person sent (WeCom media/get by MediaId), stores it and returns the media row id. Supplied by
   * the composition root from the channel; chat/ never calls a platform itself.
   */
  fetchMedia?: (channel: ChannelName, mediaId: string) => Promise<number>;
}

export class ChatContext {
  private replies = 0;
  /** Set by the router: the command and the text after it. */
  command?: CommandName;
  args = '';
  /** Set by the router for card taps. */
  action?: ActionId;
  actionArg?: string;

  constructor(
    readonly deps: ChatDeps,
    readonly msg: InboundMessage,
    readonly inboxId: number,
    readonly person: Person | null,
  ) {}

  get db(): Db {
    return this.deps.db;
  }

  /** The sender as a registered person: handlers not open to strangers always have one. */
  get me(): Person {
    if (!this.person) throw new Error('a handler for registered people ran for an unknown sender');
    return this.person;
  }

  hasRole(role: Role): boolean {
    return this.person?.roles.includes(role) ?? false;
  }

  /** Sends a message back to the sender, on the channel it came from. */
  async reply(message: string | OutboundMessage): Promise<void> {
    await this.replyOnce(String(++this.replies), message);
  }

  /** A reply with a fixed key suffix: sent at most once per inbound message, however often it is handled. */
  async replyOnce(suffix: string, message: string | OutboundMessage): Promise<void> {
    const body: OutboundMessage = typeof message === 'string' ? { type: 'text', text: message } : message;
    await enqueue(this.db, {
      key: `reply:${this.msg.channel}:${this.inboxId}:${suffix}`,
      channel: REPLY_CHANNEL[this.msg.channel],
      recipient: this.msg.room ?? this.msg.from,
      message: body,
    });
  }

  /** Replaces the card that was tapped (WeCom update_template_card with the event's ResponseCode). */
  async updateCard(update: { card?: TemplateCard; replaceName?: string }): Promise<void> {
    const code = this.msg.event?.responseCode;
    if (!code || this.msg.channel !== 'wecom') return;
    await enqueue(this.db, {
      key: `card-update:${code}`,
      channel: 'wecom.app',
      recipient: this.msg.from,
      message: { type: 'card_update', responseCode: code, userIds: [this.msg.from], ...update },
    });
  }
}
