/**
 * The console's timeline. Every request our server makes to a simulated platform is kept for the raw-requests panel
 * and, when it is a message, turned into a chat entry for the person or group it reached; what a person does in the
 * console (types, sends a photo, taps) is added as their own entries. Subscribers (the SSE route) get each change.
 */
import { EventEmitter } from 'node:events';
import { clock } from '../clock.ts';
import type { Db } from '../db/client.ts';
import type { PlatformRequest, RoomMessageLike, SimulatedPlatform, SimulatedRooms } from './platform.ts';
import { loadPersonas, personaFor, type Persona } from './personas.ts';
import { sandboxText } from '../../templates/sandbox/text.ts';

export interface ChatEntry {
  id: number;
  /** The persona key (person:3, zone:1), or unknown:<recipient> for an id no persona has. */
  persona: string;
  from: 'person' | 'bot';
  /** Simulated time (the sandbox clock). */
  at: string;
  kind: 'text' | 'markdown' | 'image' | 'card' | 'news' | 'tap' | 'other';
  text?: string;
  card?: Record<string, unknown>;
  /** The response_code the simulator returned for a card: what a tap sends back. */
  responseCode?: string;
  imageUrl?: string;
  articles?: { title: string; description?: string; url: string }[];
  /** Set when the server greyed the card's buttons (update_template_card with button.replace_name). */
  replaceName?: string;
  /** True once the server updated the card (greyed or replaced). */
  updated?: boolean;
  /** The key of the button the person tapped on this card (shown apart from the others once answered). */
  chosenKey?: string;
  /** The raw request that produced a bot entry. */
  requestId?: number;
}

export interface RawRequest extends Omit<PlatformRequest, 'at'> {
  id: number;
  at: string;
  /** What the request was, in a few words: 消息 → 王督学, 群消息 → 第一责任区. */
  summary: string;
}

export type FeedEvent =
  | { type: 'entry'; entry: ChatEntry }
  | { type: 'update'; entry: ChatEntry }
  | { type: 'request'; request: RawRequest }
  | { type: 'clock'; now: string; ran?: string[] };

const MAX_ENTRIES = 1000;
const MAX_REQUESTS = 400;
const MAX_IMAGES = 60;

export class SandboxFeed {
  private readonly entries: ChatEntry[] = [];
  private readonly requests: RawRequest[] = [];
  private readonly images = new Map<string, { bytes: Buffer; type: string }>();
  private readonly events = new EventEmitter();
  private personas: Persona[] = [];
  private seq = 0;
  private queue: Promise<void> = Promise.resolve();
  private platforms: SimulatedPlatform[] = [];
  private unsubscribes: (() => void)[] = [];

  constructor(private readonly db: Db, private readonly opts: { rooms?: boolean } = {}) {
    this.events.setMaxListeners(0);
  }

  /** Starts following the platform: the requests made before now are replayed, then every new one. */
  async follow(platform: SimulatedPlatform): Promise<void> {
    this.platforms.push(platform);
    await this.refreshPersonas();
    for (const r of platform.recorded()) await this.record(r);
    // In arrival order; record() does not throw (a request it cannot map still reaches the raw panel).
    this.unsubscribes.push(platform.onRequest((r) => { this.queue = this.queue.then(() => this.record(r)); }));
  }

  /**
   * Follows the personal-WeChat rooms too: what the bot says there is a bot entry (and a raw request), what members
   * say is a person entry, both in the room's conversation.
   */
  async followRooms(rooms: SimulatedRooms): Promise<void> {
    for (const m of rooms.messages()) await this.recordRoom(m);
    this.unsubscribes.push(rooms.onMessage((m) => { this.queue = this.queue.then(() => this.recordRoom(m)); }));
  }

  stop(): void {
    for (const u of this.unsubscribes) u();
    this.events.removeAllListeners();
  }

  /** Resolves once every request seen so far has been turned into entries. */
  settled(): Promise<void> {
    return this.queue;
  }

  subscribe(listener: (event: FeedEvent) => void): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  async refreshPersonas(): Promise<Persona[]> {
    this.personas = await loadPersonas(this.db, this.opts);
    return this.personas;
  }

  history(): { entries: ChatEntry[]; requests: RawRequest[] } {
    return { entries: [...this.entries], requests: [...this.requests] };
  }

  /** Adds what a person did in the console to their conversation. */
  personDid(persona: string, entry: Omit<ChatEntry, 'id' | 'persona' | 'from' | 'at'>): ChatEntry {
    return this.add({ ...entry, persona, from: 'person' });
  }

  /** Remembers which button of the card with this response code the person tapped. */
  markChosen(responseCode: string, key: string): void {
    for (const entry of this.entries) {
      if (entry.responseCode !== responseCode || entry.kind !== 'card') continue;
      entry.chosenKey = key;
      this.emit({ type: 'update', entry });
    }
  }

  keepImage(mediaId: string, bytes: Buffer, type: string): string {
    this.images.set(mediaId, { bytes, type });
    while (this.images.size > MAX_IMAGES) this.images.delete(this.images.keys().next().value!);
    return `/sandbox/api/media/${encodeURIComponent(mediaId)}`;
  }

  /** A photo a person sent, or an image the platform holds (one our server uploaded). */
  image(mediaId: string): { bytes: Buffer; type: string } | undefined {
    const kept = this.images.get(mediaId);
    if (kept) return kept;
    const bytes = this.platforms.map((p) => p.mediaBytes(mediaId)).find((b) => b !== undefined);
    return bytes ? { bytes, type: bytes[0] === 0x89 ? 'image/png' : 'image/jpeg' } : undefined;
  }

  clockMoved(ran: string[] = []): void {
    this.emit({ type: 'clock', now: clock.now().toISOString(), ran });
  }

  private emit(event: FeedEvent): void {
    this.events.emit('event', event);
  }

  private add(fields: Omit<ChatEntry, 'id' | 'at'>): ChatEntry {
    const entry: ChatEntry = { id: ++this.seq, at: clock.now().toISOString(), ...fields };
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.shift();
    this.emit({ type: 'entry', entry });
    return entry;
  }

  private async record(r: PlatformRequest): Promise<void> {
    const messages = await this.toMessages(r).catch((): Mapped => ({ summary: describe(r.path), entries: [] }));
    const request: RawRequest = {
      ...r,
      id: ++this.seq,
      at: r.at.toISOString(),
      query: redactQuery(r.query),
      summary: messages.summary,
    };
    this.requests.push(request);
    if (this.requests.length > MAX_REQUESTS) this.requests.shift();
    this.emit({ type: 'request', request });
    // A refused call, or a repeat the platform dropped, reached nobody.
    if (r.errcode !== 0 || r.duplicate) return;
    for (const m of messages.entries) this.add({ ...m, from: 'bot', requestId: request.id });
    if (messages.update) this.applyUpdate(messages.update.responseCode, messages.update.replaceName, messages.update.card);
  }

  private async recordRoom(m: RoomMessageLike): Promise<void> {
    const t = await this.who('wechaty.room', m.topic);
    if (!m.fromBot) {
      this.add({ persona: t.key, from: 'person', kind: 'text', text: sandboxText.roomMember(m.fromName, m.text) });
      return;
    }
    const request: RawRequest = {
      platform: 'wechaty', method: 'SAY', path: 'room.say', query: {}, to: m.topic, body: { topic: m.topic, text: m.text },
      response: { ok: true }, errcode: 0, id: ++this.seq, at: m.at.toISOString(), summary: sandboxText.roomMessage(t.name),
    };
    this.requests.push(request);
    if (this.requests.length > MAX_REQUESTS) this.requests.shift();
    this.emit({ type: 'request', request });
    this.add({ persona: t.key, from: 'bot', kind: 'text', text: m.text, requestId: request.id });
  }

  private applyUpdate(responseCode: string, replaceName?: string, card?: Record<string, unknown>): void {
    for (const entry of this.entries) {
      if (entry.responseCode !== responseCode) continue;
      // A replacement card is shown as sent (its own buttons, if any); a button update greys the old ones.
      if (card && typeof card.card_type === 'string') entry.card = card;
      else entry.replaceName = replaceName ?? sandboxText.buttonsDone;
      entry.updated = true;
      this.emit({ type: 'update', entry });
    }
  }

  private async who(channel: Persona['channel'], id: string): Promise<{ key: string; name: string }> {
    let found = personaFor(this.personas, channel, id);
    if (!found) found = personaFor(await this.refreshPersonas(), channel, id);
    return found ? { key: found.key, name: found.name } : { key: `unknown:${id}`, name: id };
  }

  private async toMessages(r: PlatformRequest): Promise<Mapped> {
    const body = (r.body ?? {}) as Record<string, any>;
    const response = (r.response ?? {}) as Record<string, any>;
    const path = r.path;
    if (r.platform === 'wecom' && path.endsWith('/message/send')) {
      const ids = String(body.touser ?? '').split('|').filter(Boolean);
      const targets = await Promise.all(ids.map((id) => this.who('wecom.app', id)));
      const entries = targets.map((t) => ({ persona: t.key, ...content(body), responseCode: response.response_code }));
      return { summary: sandboxText.appMessageTo(targets.map((t) => t.name)), entries };
    }
    if (r.platform === 'wecom' && path.endsWith('/message/update_template_card')) {
      const update = { responseCode: String(body.response_code ?? ''), replaceName: body.button?.replace_name, card: body.template_card };
      const ids = String(r.to ?? '').split('|').filter(Boolean);
      const targets = await Promise.all(ids.map((id) => this.who('wecom.app', id)));
      return { summary: sandboxText.cardUpdateFor(targets.map((t) => t.name)), entries: [], update };
    }
    if (r.platform === 'wecom' && path.endsWith('/appchat/send')) {
      const t = await this.who('wecom.appchat', String(r.to ?? body.chatid ?? ''));
      return { summary: sandboxText.groupChatMessage(t.name), entries: [{ persona: t.key, ...content(body) }] };
    }
    if (r.platform === 'wecom' && path.endsWith('/webhook/send')) {
      const t = await this.who('wecom.robot', String(r.to ?? r.query.key ?? ''));
      return { summary: sandboxText.robotMessage(t.name), entries: [{ persona: t.key, ...content(body) }] };
    }
    if (r.platform === 'wechat' && path.endsWith('/message/custom/send')) {
      const t = await this.who('wechat', String(body.touser ?? ''));
      return { summary: sandboxText.customMessageTo(t.name), entries: [{ persona: t.key, ...content(body) }] };
    }
    if (r.platform === 'wechat' && path.endsWith('/message/template/send')) {
      const t = await this.who('wechat', String(body.touser ?? ''));
      const values = Object.values((body.data ?? {}) as Record<string, { value?: string }>).map((v) => String(v?.value ?? ''));
      const [title = '', ...rest] = values;
      return {
        summary: sandboxText.templateMessageTo(t.name),
        entries: [{ persona: t.key, kind: 'news', articles: [{ title: sandboxText.templateTitle(title), description: rest.join('\n'), url: String(body.url ?? '') }] }],
      };
    }
    return { summary: describe(path), entries: [] };
  }
}

interface Mapped {
  summary: string;
  entries: Omit<ChatEntry, 'id' | 'at' | 'from'>[];
  update?: { responseCode: string; replaceName?: string; card?: Record<string, unknown> };
}

/** The message part of a message/send, appchat/send or webhook body, as a chat entry. */
function content(body: Record<string, any>): Pick<ChatEntry, 'kind' | 'text' | 'card' | 'imageUrl' | 'articles'> {
  switch (body.msgtype) {
    case 'text': return { kind: 'text', text: String(body.text?.content ?? '') };
    case 'markdown': return { kind: 'markdown', text: String(body.markdown?.content ?? '') };
    case 'template_card': return { kind: 'card', card: body.template_card };
    case 'news': return { kind: 'news', articles: body.news?.articles ?? [] };
    case 'image':
      if (body.image?.base64) return { kind: 'image', imageUrl: `data:image/png;base64,${body.image.base64}` };
      return body.image?.media_id ? { kind: 'image', imageUrl: `/sandbox/api/media/${encodeURIComponent(body.image.media_id)}` } : { kind: 'image' };
    default: return { kind: 'other', text: `[${String(body.msgtype)}]` };
  }
}

function describe(path: string): string {
  if (path.endsWith('/gettoken') || path.endsWith('/cgi-bin/token')) return sandboxText.calls.gettoken;
  if (path.endsWith('/media/get')) return sandboxText.calls.mediaGet;
  if (path.endsWith('/media/upload')) return sandboxText.calls.mediaUpload;
  if (path.includes('/appchat/')) return sandboxText.calls.appchat;
  const publishing = Object.entries(sandboxText.publishing).find(([end]) => path.endsWith(end));
  if (publishing) return publishing[1];
  return path;
}

function redactQuery(query: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) out[k] = k === 'access_token' || k === 'corpsecret' || k === 'secret' ? `${v.slice(0, 6)}…` : v;
  return out;
}
