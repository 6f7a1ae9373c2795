/**
 * A zone's group, whatever it is (DESIGN.md "Growing it"): one interface, three implementations — an app group chat
 * (appchat.ts), a group robot webhook (robot.ts) and a personal-WeChat room through wechaty (../wechaty/). Services
 * address a group by an outbox row (domain/zone-groups.ts); the dispatcher hands the row to the group's channel.
 */
import type { OutboundMessage } from '../../domain/messages.ts';
import type { GroupOutboxChannel } from '../../domain/zone-groups.ts';
import type { OutboxRow, RateLimit } from '../../services/outbox.ts';
import type { ChannelSender, Senders } from '../sender.ts';

export interface GroupChannel {
  /** The outbox channel whose rows it sends. */
  readonly channel: GroupOutboxChannel;
  /** Whether members' messages in the group reach the bot (a wechaty room: yes; appchat and robots are send-only). */
  readonly canReceive: boolean;
  /** Limits on one group, checked before each send. */
  readonly limits: RateLimit[];
  /** Sends one message to the group at `address` (chat id, robot key, room:<topic>); throws a ChannelError. */
  send(address: string, message: OutboundMessage, row: OutboxRow): Promise<unknown>;
}

/** The group channels as dispatcher senders. */
export function groupSenders(groups: GroupChannel[]): Senders {
  const out: Senders = {};
  for (const g of groups) {
    const sender: ChannelSender = { limits: () => g.limits, send: (row) => g.send(row.recipient, row.message as OutboundMessage, row) };
    out[g.channel] = sender;
  }
  return out;
}
