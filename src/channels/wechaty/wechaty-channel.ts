/**
 * Personal-WeChat groups (and contacts) through wechaty 1.x (groups-and-wechaty.md §1–2), turned on by
 * WECHATY_PUPPET. It is a GroupChannel (a room is found by its topic, the zone's 微信群名称) that can also receive:
 * text that members post in a room, or send the bot directly, is stored in the inbox like any other inbound message
 * (channel 'wechaty', sender = the contact id, room = room:<topic>) and answered in the same room.
 *
 * The puppet is a name (`wechaty-puppet-service` with WECHATY_PUPPET_SERVICE_TOKEN, …) or, in the sandbox and the
 * tests, a wechaty-puppet-mock instance (src/simulators/wechaty/).
 */
import { WechatyBuilder, log as wechatyLog, types, type Message, type Wechaty } from 'wechaty';
import type { InboundMessage, OutboundMessage } from '../../domain/messages.ts';
import { roomAddress, roomTopicOf } from '../../domain/zone-groups.ts';
import type { OutboxRow, RateLimit } from '../../services/outbox.ts';
import type { Logger } from '../../log.ts';
import { clock } from '../../clock.ts';
import { ChannelError } from '../channel-error.ts';
import type { GroupChannel } from '../groups/group-channel.ts';
import { wechatyText } from './render.ts';

/** A personal account is easily restricted; stay well under what a person would type. */
export const WECHATY_LIMITS: RateLimit[] = [{ windowMs: 60_000, max: 20 }];
/** Inbound text is bounded before anything reads it. */
const MAX_TEXT = 2000;

export interface WechatyChannelOptions {
  /** An npm puppet name, or a puppet instance (the mock). */
  puppet: string | object;
  token?: string;
  log: Logger;
  /** Stores one inbound message (the inbox); called for every text a person posts. */
  receive(msg: InboundMessage): Promise<void>;
}

export class WechatyChannel implements GroupChannel {
  readonly channel = 'wechaty' as const;
  readonly canReceive = true;
  readonly limits = WECHATY_LIMITS;
  private bot?: Wechaty;
  private loggedIn = false;

  constructor(private readonly opts: WechatyChannelOptions) {}

  async start(): Promise<void> {
    const { puppet, token, log } = this.opts;
    // wechaty's own log (brolog) would print message texts; ours records what matters. WECHATY_LOG still overrides.
    if (!process.env.WECHATY_LOG) wechatyLog.level('silent');
    const bot = typeof puppet === 'string'
      ? WechatyBuilder.build({ name: 'dudao', puppet: puppet as any, ...(token ? { puppetOptions: { token } } : {}) })
      : WechatyBuilder.build({ name: 'dudao', puppet: puppet as any });
    // Without an 'error' listener an emitted error kills the process (groups-and-wechaty.md §2.5).
    bot.on('error', (err) => log.warn({ err: (err as Error).message }, 'wechaty error'));
    bot.on('scan', (_qr, status) => log.warn({ status }, 'wechaty: the account must scan a QR code to log in'));
    bot.on('login', () => { this.loggedIn = true; log.info('wechaty logged in'); });
    bot.on('logout', () => { this.loggedIn = false; log.warn('wechaty logged out'); });
    bot.on('message', (msg) => { void this.onMessage(msg); });
    await bot.start();
    this.bot = bot;
  }

  async stop(): Promise<void> {
    await this.bot?.stop().catch(() => {});
    this.bot = undefined;
  }

  get ready(): boolean {
    return !!this.bot && this.loggedIn;
  }

  async send(address: string, message: OutboundMessage, _row?: OutboxRow): Promise<unknown> {
    const bot = this.bot;
    if (!bot || !this.loggedIn) throw new ChannelError('wechaty is not logged in', true, 60_000);
    const topic = roomTopicOf(address);
    if (topic !== null) {
      const room = await bot.Room.find({ topic });
      if (!room) throw new ChannelError(`wechaty: no room with the topic ${topic}`, true, 5 * 60_000);
      const wanted = message.type === 'group_notice' ? (message.mentions ?? []).flatMap((m) => (m.wechatyContact ? [m.wechatyContact] : [])) : [];
      const contacts = (await Promise.all(wanted.map((id) => bot.Contact.find({ id })))).filter((c) => !!c);
      const text = wechatyText(message, { mentionsApart: contacts.length > 0 && contacts.length === wanted.length });
      await room.say(text, ...contacts);
      return { room: topic };
    }
    const contact = await bot.Contact.find({ id: address });
    if (!contact) throw new ChannelError(`wechaty: no contact ${address}`, false);
    await contact.say(wechatyText(message));
    return { contact: address };
  }

  private async onMessage(msg: Message): Promise<void> {
    try {
      if (msg.self() || msg.type() !== types.Message.Text) return;
      const room = msg.room();
      const topic = room ? await room.topic() : undefined;
      const inbound: InboundMessage = {
        channel: 'wechaty',
        dedupeKey: msg.id,
        from: msg.talker().id,
        ...(topic !== undefined ? { room: roomAddress(topic) } : {}),
        createdAt: clock.now().toISOString(),
        kind: 'text',
        text: msg.text().slice(0, MAX_TEXT),
      };
      await this.opts.receive(inbound);
    } catch (err) {
      this.opts.log.warn({ err }, 'wechaty: an inbound message could not be stored');
    }
  }
}
