/**
 * Conversation tests read like the transcripts in docs/conversations.md:
 *
 *   const chat = await conversation();
 *   const sup = chat.as('wangdx');
 *   await sup.send('开始督导 实验小学');
 *   expect(sup.lastReply()).toMatch(/已开始/);
 *   await sup.tap(keyOf(sup.lastCard(), '提交'));
 *
 * Tests use only these methods. Today they drive bot.dispatch directly, the way a channel does after storing the
 * message in the inbox (a delivery whose message id was seen before is not handled again), on a fresh database with
 * the 大渡口 organisation, and read what each person received from the outbox. The same interface can later be served by
 * the full pipeline (encrypted callbacks through the WeCom simulator, replies read from the simulator).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asc } from 'drizzle-orm';
import { createBot, type Bot } from '../../src/chat/index.ts';
import { clock } from '../../src/clock.ts';
import type { Database } from '../../src/db/client.ts';
import { outbox } from '../../src/db/schema/index.ts';
import type { ChannelName, InboundMessage, OutboundMessage, SelectedItem, TemplateCard } from '../../src/domain/messages.ts';
import { createLogger } from '../../src/log.ts';
import { personByChannelId } from '../../src/services/directory.ts';
import { store } from '../../src/services/inbox.ts';
import { storeMedia } from '../../src/services/media.ts';
import { sendMorningCards } from '../../src/services/visits.ts';
import { freshDatabase } from './db.ts';
import { createOrgFixture, type OrgFixture } from './org-fixture.ts';

export const BASE_URL = 'https://dudao.example.cn';

export interface TapOptions {
  /** WeCom's ResponseCode for this tap (new for every tap unless given). */
  responseCode?: string;
  /** Options ticked on a vote / multiple-choice card. */
  selected?: SelectedItem[];
}

export interface Participant {
  /** Platform id: WeCom userid, official-account openid or wechaty contact. */
  readonly id: string;
  /** Sends a text message. The same msgId sent twice is one message delivered twice. */
  send(text: string, opts?: { msgId?: string }): Promise<void>;
  /** Sends a photo (the bytes are what the platform will hand out for its MediaId). */
  sendImage(bytes: Uint8Array, opts?: { msgId?: string }): Promise<void>;
  /** Taps a button (or the submit button of a vote card) with this key on a card this person received. */
  tap(key: string, opts?: TapOptions): Promise<void>;
  /** Everything this person has received, oldest first. */
  messages(): OutboundMessage[];
  /** What this person received since their own last step. */
  replies(): OutboundMessage[];
  /** The text of the last text or markdown message received ('' when none). */
  lastReply(): string;
  /** Every text received since their own last step, joined by newlines. */
  repliesText(): string;
  /** The last card received. */
  lastCard(): TemplateCard;
  /** The last update to a card this person tapped (a replaced card or greyed buttons). */
  lastCardUpdate(): Extract<OutboundMessage, { type: 'card_update' }> | undefined;
}

export interface Conversation {
  org: OrgFixture;
  as(platformId: string, opts?: { channel?: ChannelName }): Participant;
  /** Sets the clock the server uses (the sandbox can jump it too). */
  setTime(iso: string): void;
  /** The 08:00 job for a day: morning cards for the visits planned on it. */
  morning(day: string): Promise<void>;
  close(): Promise<void>;
}

/** The key of the button (or submit button) captioned `text` on a card. */
export function keyOf(card: TemplateCard, text: string): string {
  const buttons = [...((card.button_list as { text: string; key: string }[] | undefined) ?? []),
    ...(card.submit_button ? [card.submit_button as { text: string; key: string }] : [])];
  const hit = buttons.find((b) => b.text === text);
  if (!hit) throw new Error(`no button "${text}" on the card: ${buttons.map((b) => b.text).join(', ')}`);
  return hit.key;
}

export async function conversation(opts: { at?: string } = {}): Promise<Conversation> {
  const { database } = await freshDatabase();
  const org = await createOrgFixture(database.db);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dudao-chat-'));
  const files = new Map<string, Uint8Array>();
  const bot = createBot({
    db: database.db,
    baseUrl: BASE_URL,
    log: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    resolvePerson: (channel, id) => personByChannelId(database.db, channel, id),
    fetchMedia: async (channel, mediaId) => {
      const bytes = files.get(mediaId);
      if (!bytes) throw new Error(`media ${mediaId} was never uploaded`);
      return (await storeMedia(database.db, dataDir, { bytes, mime: 'image/png', source: `${channel}:${mediaId}` })).id;
    },
  });
  if (opts.at) clock.set(new Date(opts.at));
  const received = new Received(database);
  let n = 0;
  const unique = () => `${Date.now().toString(36)}${++n}`;

  return {
    org,
    as: (id, o = {}) => new DirectParticipant(id, o.channel ?? 'wecom', bot, database, received, files, unique),
    setTime: (iso) => { clock.set(new Date(iso)); },
    morning: async (day) => {
      await sendMorningCards(database.db, { date: day, baseUrl: BASE_URL });
      await received.refresh();
    },
    close: async () => {
      clock.reset();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A snapshot of the outbox, refreshed after every step. */
class Received {
  rows: { recipient: string; message: OutboundMessage }[] = [];
  constructor(private readonly database: Database) {}
  async refresh(): Promise<void> {
    const rows = await this.database.db.select().from(outbox).orderBy(asc(outbox.id));
    this.rows = rows.map((r) => ({ recipient: r.recipient, message: r.message as OutboundMessage }));
  }
  for(id: string): OutboundMessage[] {
    return this.rows.filter((r) => r.recipient === id).map((r) => r.message);
  }
}

class DirectParticipant implements Participant {
  private mark = 0;

  constructor(
    readonly id: string,
    private readonly channel: ChannelName,
    private readonly bot: Bot,
    private readonly database: Database,
    private readonly received: Received,
    private readonly files: Map<string, Uint8Array>,
    private readonly unique: () => string,
  ) {}

  async send(text: string, opts: { msgId?: string } = {}): Promise<void> {
    await this.deliver({ kind: 'text', text }, `msg:${opts.msgId ?? this.unique()}`);
  }

  async sendImage(bytes: Uint8Array, opts: { msgId?: string } = {}): Promise<void> {
    const mediaId = `MEDIA_${this.unique()}`;
    this.files.set(mediaId, bytes);
    await this.deliver({ kind: 'image', mediaId, picUrl: `https://wework.example/pic/${mediaId}` }, `msg:${opts.msgId ?? this.unique()}`);
  }

  async tap(key: string, opts: TapOptions = {}): Promise<void> {
    const card = [...this.messages()].reverse()
      .flatMap((m) => (m.type === 'card' ? [m.card] : []))
      .find((c) => JSON.stringify(c).includes(JSON.stringify(key)));
    const responseCode = opts.responseCode ?? `rc-${this.unique()}`;
    await this.deliver({
      kind: 'event',
      event: {
        name: 'template_card_event',
        key,
        taskId: (card?.task_id as string | undefined) ?? `task-${this.unique()}`,
        cardType: card?.card_type ?? 'button_interaction',
        responseCode,
        ...(opts.selected ? { selected: opts.selected } : {}),
      },
    }, `ev:${this.id}|${key}|${responseCode}`);
  }

  messages(): OutboundMessage[] {
    return this.received.for(this.id);
  }

  replies(): OutboundMessage[] {
    return this.messages().slice(this.mark);
  }

  lastReply(): string {
    const texts = this.messages().flatMap((m) => (m.type === 'text' || m.type === 'markdown' ? [m.text] : []));
    return texts.at(-1) ?? '';
  }

  repliesText(): string {
    return this.replies().flatMap((m) => (m.type === 'text' || m.type === 'markdown' ? [m.text] : [])).join('\n');
  }

  lastCard(): TemplateCard {
    const cards = this.messages().flatMap((m) => (m.type === 'card' ? [m.card] : []));
    if (cards.length === 0) throw new Error(`${this.id} has received no card`);
    return cards.at(-1)!;
  }

  lastCardUpdate() {
    return this.messages().flatMap((m) => (m.type === 'card_update' ? [m] : [])).at(-1);
  }

  /** Stores the message in the inbox like a channel does; a delivery seen before is not handled again. */
  private async deliver(content: Partial<InboundMessage>, dedupeKey: string): Promise<void> {
    await this.received.refresh();
    this.mark = this.messages().length;
    const msg = { channel: this.channel, dedupeKey, from: this.id, createdAt: clock.now().toISOString(), ...content } as InboundMessage;
    const stored = await store(this.database.db, msg);
    if (stored.isNew) await this.bot.dispatch(msg, { inboxId: stored.id });
    await this.received.refresh();
  }
}
