/**
 * A channel, as server.ts composes it (DESIGN.md "a channel is a folder"): its callback routes, its senders for the
 * outbox, and what it adds around the chat layer — a step before a stored message is handled (the official account
 * notes the 48-hour window), and how a file a person sent is fetched.
 */
import type Router from '@koa/router';
import type { ChannelName, InboundMessage } from '../domain/messages.ts';
import type { Senders } from './sender.ts';

export interface Channel {
  name: ChannelName;
  routers: Router[];
  senders: Senders;
  /** Runs before the chat layer sees a stored message of this channel (in order, once per handling). */
  beforeDispatch?(msg: InboundMessage): Promise<void>;
  /** Downloads a file a person sent by its platform id, stores it and returns the media row id. */
  fetchMedia?(mediaId: string): Promise<number>;
}
