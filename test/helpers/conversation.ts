/**
 * Conversation tests read like the transcripts in docs/conversations.md:
 *
 *   const chat = await conversation();
 *   const sup = chat.as('wangdx');
 *   await sup.send('开始督导 实验小学');
 *   expect(sup.lastReply()).toMatch(/已开始/);
 *   await sup.tap(keyOf(sup.lastCard(), '提交'));
 *
 * Each step goes through the whole pipeline, as on a real deployment: the WeCom simulator encrypts and signs a
 * callback and posts it over HTTP to the real server (on a fresh PostgreSQL database with the 大渡口 organisation);
 * the server stores it in the inbox, acknowledges, hands it to the bot, and the dispatcher sends the replies through
 * the real WeCom API client to the simulator. What a person "received" is what the simulator recorded for them. A
 * photo is registered with the simulator and downloaded by the server through media/get. Between steps simulated
 * time moves on a few seconds, as it does while a person types, so WeCom's per-member limit (30 a minute) holds.
 */
import { createWecomSimulator, type WecomSimulator } from '../../src/simulators/wecom/api.ts';
import { createOfficialAccountSimulator, type OfficialAccountSimulator } from '../../src/simulators/official-account/api.ts';
import type { OfficialAccountCallbackSender } from '../../src/simulators/official-account/callbacks.ts';
import { WecomCallbackSender } from '../../src/simulators/wecom/callbacks.ts';
import { clock } from '../../src/clock.ts';
import type { ChannelName, OutboundMessage, SelectedItem, TemplateCard } from '../../src/domain/messages.ts';
import { createOrgFixture, type OrgFixture } from './org-fixture.ts';
import { startTestServer, type TestServer } from './server.ts';
import { V3, WECOM_ENV } from './wecom.ts';
import { OA_ENV, OA_SECRET, V6, oaSender } from './official-account.ts';
import { advanceTo, runJob } from './jobs.ts';
import { settleServer } from './settle.ts';

/** The template id the test account has registered; conversation() sets it as the office's notice template. */
export const NOTICE_TEMPLATE = 'tpl-dudao-notice-0001';

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
  /** WeCom delivers this person's last message or tap once more, exactly as before (a platform retry). */
  redeliver(): Promise<void>;
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
  /** The server under test, for assertions on stored rows. */
  server: TestServer;
  /** The simulated WeCom the server talks to (chats, users, what it received). */
  sim: WecomSimulator;
  /** Waits until every stored message is handled and every due outbox row has been sent. */
  settle(): Promise<void>;
  as(platformId: string, opts?: { channel?: ChannelName }): Participant;
  /** A person on the official account (a bound contact's openid, or a member of the public). */
  follower(openid: string): Follower;
  /** The simulated official account (服务号 with NOTICE_TEMPLATE registered, unless a test changes it). */
  officialAccount: OfficialAccountSimulator;
  /** Sets the clock the server uses (the sandbox can jump it too). */
  setTime(iso: string): void;
  /**
   * The morning cards of a day, through Agenda (test/helpers/jobs.ts): with the clock before 08:00 that day, the
   * clock moves to 08:00 and every job firing on the way runs (the cards are queued at midnight for 08:00); with the
   * clock already past it, that day's morning-card firing runs.
   */
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

/** Simulated seconds that pass with every step a person takes. */
const STEP_MS = 5_000;

/**
 * `officialAccount: false` runs the server without the official account connected (no WECHAT_* settings), as a
 * deployment that has not set it up yet: its outbox rows then have no sender.
 */
export async function conversation(opts: { at?: string; officialAccount?: boolean; env?: Record<string, string> } = {}): Promise<Conversation> {
  if (opts.at) clock.set(new Date(opts.at));
  const sim = createWecomSimulator({ corpId: V3.corpId, secret: WECOM_ENV.WECOM_SECRET!, agentId: V3.agentId });
  const platform = await sim.listen();
  const oa = createOfficialAccountSimulator({ appId: V6.appId, secret: OA_SECRET, templates: [NOTICE_TEMPLATE] });
  const oaPlatform = await oa.listen();
  const server = await startTestServer({
    ...WECOM_ENV, ...(opts.officialAccount === false ? {} : OA_ENV), SANDBOX: '0', WECOM_API_BASE: platform.url, WECHAT_API_BASE: oaPlatform.url, PUBLIC_BASE_URL: BASE_URL,
    ...opts.env,
  });
  const org = await createOrgFixture(server.database.db);
  await server.database.pool.query(
    `update offices set settings = jsonb_set(settings, '{officialAccount}', $1::jsonb) where id = $2`,
    [JSON.stringify({ templates: { notice: NOTICE_TEMPLATE } }), org.office.id],
  );
  const oaCallbacks = oaSender(server.url, 'safe', { platform: oa });
  const wecom = new WecomCallbackSender({ baseUrl: server.url, corpId: V3.corpId, token: V3.token, aesKey: V3.aesKey, agentId: V3.agentId });
  // WeCom, the official account unless the test runs without it, and wechaty when the test turns it on.
  const settle = () => settleServer(server, {
    channels: [...(opts.officialAccount === false ? ['wecom.'] : ['wecom.', 'wechat.custom']), ...(server.wechaty ? ['wechaty'] : [])],
  });
  let n = 0;
  const unique = () => `${Date.now().toString(36)}${++n}`;

  return {
    org,
    server,
    sim,
    settle,
    as: (id, o = {}) => {
      if (!['wecom', 'wechat'].includes(o.channel ?? 'wecom')) throw new Error('the conversation helper speaks WeCom and the official account');
      if (o.channel === 'wechat') return new Follower(id, oa, oaCallbacks, settle);
      return new WecomParticipant(id, sim, wecom, settle, unique);
    },
    follower: (openid) => new Follower(openid, oa, oaCallbacks, settle),
    officialAccount: oa,
    setTime: (iso) => { clock.set(new Date(iso)); },
    morning: async (day) => {
      const eight = new Date(`${day}T08:00:00+08:00`);
      if (clock.now() < eight) await advanceTo(server, eight);
      else await runJob(server, 'visits.morning-cards', new Date(`${day}T00:00:00+08:00`));
    },
    close: async () => {
      await server.stop();
      await platform.close();
      await oaPlatform.close();
      clock.reset();
    },
  };
}

type WireBody = Record<string, any>;

/** The WeCom request the simulator recorded, read back as the message a person sees. */
function asMessage(path: string, body: WireBody): OutboundMessage | null {
  if (path.endsWith('/message/update_template_card')) {
    return { type: 'card_update', responseCode: body.response_code, userIds: body.userids ?? [],
      ...(body.template_card ? { card: body.template_card } : {}), ...(body.button ? { replaceName: body.button.replace_name } : {}) };
  }
  switch (body.msgtype) {
    case 'text': return { type: 'text', text: body.text.content };
    case 'markdown': return { type: 'markdown', text: body.markdown.content };
    case 'template_card': return { type: 'card', card: body.template_card };
    case 'news': return { type: 'news', articles: body.news.articles };
    case 'image': return { type: 'image', mediaId: 0 };
    default: return null;
  }
}

class WecomParticipant implements Participant {
  private mark = 0;
  private last?: () => Promise<{ status: number | null; body: string }>;

  constructor(
    readonly id: string,
    private readonly sim: WecomSimulator,
    private readonly wecom: WecomCallbackSender,
    private readonly settle: () => Promise<void>,
    private readonly unique: () => string,
  ) {}

  async send(text: string, opts: { msgId?: string } = {}): Promise<void> {
    await this.step(() => this.wecom.sendText(this.id, text, { msgId: opts.msgId ?? this.msgId() }));
  }

  async sendImage(bytes: Uint8Array, opts: { msgId?: string } = {}): Promise<void> {
    const mediaId = this.sim.addMedia(bytes, 'image/png', 'photo.png');
    await this.step(() => this.wecom.sendImage(this.id, mediaId, { msgId: opts.msgId ?? this.msgId() }));
  }

  async tap(key: string, opts: TapOptions = {}): Promise<void> {
    // The card that carries this key, and the ResponseCode WeCom gave it when it was sent.
    const call = [...this.sim.sent()].reverse().find((c) => c.path.endsWith('/message/send') && c.errcode === 0
      && String(c.to ?? '').split('|').includes(this.id) && JSON.stringify(c.body).includes(JSON.stringify(key)));
    const card = (call?.body as WireBody | undefined)?.template_card as TemplateCard | undefined;
    // Every tap carries a fresh ResponseCode from WeCom (single use, for updating the card tapped).
    const responseCode = opts.responseCode ?? this.sim.issueResponseCode();
    const createTime = Math.floor(clock.now().getTime() / 1000) + STEP_MS / 1000;
    await this.step(() => this.wecom.sendEvent(this.id, {
      eventKey: key,
      taskId: (card?.task_id as string | undefined) ?? `task-${this.unique()}`,
      cardType: card?.card_type ?? 'button_interaction',
      responseCode,
      ...(opts.selected ? { selected: opts.selected } : {}),
    }, { createTime }));
  }

  async redeliver(): Promise<void> {
    if (!this.last) throw new Error(`${this.id} has sent nothing to deliver again`);
    await this.step(this.last);
  }

  messages(): OutboundMessage[] {
    return this.sim.sent()
      .filter((c) => c.errcode === 0 && !c.duplicate && String(c.to ?? '').split('|').includes(this.id)
        && (c.path.endsWith('/message/send') || c.path.endsWith('/message/update_template_card')))
      .flatMap((c) => asMessage(c.path, c.body as WireBody) ?? []);
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

  private msgId(): string {
    return String(BigInt(Date.now()) * 1000n + BigInt(Number(this.unique().replace(/\D/g, '').slice(-3) || 0)));
  }

  /** One thing the person does: WeCom must acknowledge it, then everything it causes is sent before the next. */
  private async step(act: () => Promise<{ status: number | null; body: string }>): Promise<void> {
    this.mark = this.messages().length;
    clock.advance(STEP_MS);
    this.last = act;
    const answer = await act();
    if (answer.status !== 200) throw new Error(`the server answered ${answer.status}: ${answer.body}`);
    await this.settle();
  }
}

/**
 * Someone on the official account. What they do goes through the simulated platform as a safe-mode callback (which
 * also opens the platform's reply windows); what they received is what the simulated API recorded for their openid:
 * customer-service messages as OutboundMessages, template messages apart.
 */
export class Follower implements Participant {
  private mark = 0;
  private last?: () => Promise<{ status: number | null; body: string; serviceFailed: boolean }>;

  constructor(
    readonly id: string,
    private readonly oa: OfficialAccountSimulator,
    private readonly callbacks: OfficialAccountCallbackSender,
    private readonly settle: () => Promise<void>,
  ) {}

  send(text: string, opts: { msgId?: string } = {}): Promise<void> {
    return this.step(() => this.callbacks.sendText(this.id, text, opts));
  }

  sendImage(bytes: Uint8Array, opts: { msgId?: string } = {}): Promise<void> {
    const mediaId = this.oa.addMedia(bytes, 'image/png', 'photo.png');
    return this.step(() => this.callbacks.sendImage(this.id, mediaId, opts));
  }

  /** A menu button (CLICK with this key). */
  tap(key: string): Promise<void> {
    return this.step(() => this.callbacks.sendEvent(this.id, 'CLICK', key));
  }

  follow(): Promise<void> {
    return this.step(() => this.callbacks.sendEvent(this.id, 'subscribe'));
  }

  /** The platform reports how a template message to this person ended (TEMPLATESENDJOBFINISH). */
  templateFinished(msgid: number | string, status: 'success' | 'failed:user block' | 'failed: system failed'): Promise<void> {
    return this.step(() => this.callbacks.sendTemplateFinish(this.id, msgid, status));
  }

  redeliver(): Promise<void> {
    if (!this.last) throw new Error(`${this.id} has sent nothing to deliver again`);
    return this.step(this.last);
  }

  messages(): OutboundMessage[] {
    return this.oa.customMessagesTo(this.id).flatMap((b) => asMessage('/message/custom/send', b) ?? []);
  }

  /** Template messages received (outside the 48-hour window). */
  templateMessages(): WireBody[] {
    return this.oa.templateMessagesTo(this.id);
  }

  replies(): OutboundMessage[] {
    return this.messages().slice(this.mark);
  }

  lastReply(): string {
    return this.messages().flatMap((m) => (m.type === 'text' ? [m.text] : [])).at(-1) ?? '';
  }

  repliesText(): string {
    return this.replies().flatMap((m) => (m.type === 'text' ? [m.text] : [])).join('\n');
  }

  lastCard(): TemplateCard {
    throw new Error('the official account shows no cards');
  }

  lastCardUpdate() {
    return undefined;
  }

  private async step(act: () => Promise<{ status: number | null; body: string; serviceFailed: boolean }>): Promise<void> {
    this.mark = this.messages().length;
    clock.advance(STEP_MS);
    this.last = act;
    const answer = await act();
    // WeChat would show the user "该公众号暂时无法提供服务" for anything but success, '' or a reply.
    if (answer.serviceFailed) throw new Error(`the server answered ${answer.status}: ${answer.body}`);
    await this.settle();
  }
}
