/**
 * The bot: handlers registered by kind (command, card action, image, location, event, fallback text), each a small
 * function of a ChatContext. Every channel ends in one call, bot.dispatch(inbound).
 */
import type { InboundMessage } from '../domain/messages.ts';
import { parseActionKey, type ActionId } from '../domain/actions.ts';
import { isDudaoError } from '../domain/errors.ts';
import type { Logger } from '../log.ts';
import * as t from '../../templates/chat/common.ts';
import { parseCommand, type CommandName } from './commands.ts';
import { ChatContext, type ChatDeps, type Person } from './context.ts';
import type { Role } from '../db/schema/org.ts';

export type Handler = (ctx: ChatContext) => Promise<void>;
/** A handler that may decline: true when it answered (free text on the official account, e.g. a school's name). */
export type OptionalHandler = (ctx: ChatContext) => Promise<boolean>;

/** Reads a message as another (e.g. a reply naming a card's button as that button's tap); the message itself when not. */
export type Translator = (msg: InboundMessage, deps: ChatDeps) => Promise<InboundMessage>;

/** The official account is public: people the office does not know (the public) may use what is marked `public`. */
const PUBLIC_CHANNEL: InboundMessage['channel'] = 'wechat';

export interface BotOptions extends ChatDeps {
  log: Logger;
  /** Finds the person behind a platform id; null for someone the office has not registered. */
  resolvePerson(channel: InboundMessage['channel'], platformId: string): Promise<Person | null>;
  /** Called after a message has been handled, so replies go out at once (the dispatcher's kick). */
  afterHandled?: () => void;
}

export class Bot {
  private commands = new Map<CommandName, Handler>();
  private actions = new Map<ActionId, Handler>();
  /** Photos, locations and free text; each kind may have one handler per group of roles, first match wins. */
  private kinds = new Map<'image' | 'location' | 'text', { handler: Handler; roles?: readonly Role[] }[]>();
  private events = new Map<string, Handler>();
  /** Messages posted in a group the bot is in (a wechaty room); nothing else in a group is answered. */
  private roomHandler?: Handler;
  /** Handlers that may run for people the office does not know (e.g. 绑定 on the official account). */
  private openToStrangers = new Set<CommandName>();
  /** Commands and events the public may use on the official account. */
  private publicCommands = new Set<CommandName>();
  private publicEvents = new Set<string>();
  /** Free text on the official account that no command took, tried in order before the help reply. */
  private publicTexts: OptionalHandler[] = [];
  /** Menu CLICK event keys → the words they stand for. */
  private menuWords = new Map<string, string>();
  /** Steps that may read a message as something else before it is routed (a reply that answers a card). */
  private translators: Translator[] = [];

  constructor(private readonly opts: BotOptions) {}

  /**
   * `strangers`: anyone may use it, on any channel, known to the office or not. `public`: the public may use it on
   * the official account (报告, 帮助).
   */
  command(names: CommandName | CommandName[], handler: Handler, opts: { strangers?: boolean; public?: boolean } = {}): this {
    for (const name of [names].flat()) {
      if (this.commands.has(name)) throw new Error(`command ${name} registered twice`);
      this.commands.set(name, handler);
      if (opts.strangers) this.openToStrangers.add(name);
      if (opts.public) this.publicCommands.add(name);
    }
    return this;
  }

  /**
   * Free text on the official account that starts with no command, from anyone: each handler is tried in order until
   * one answers (returns true); when none does, the help reply. The reports area plugs a school's name in here.
   */
  publicText(handler: OptionalHandler): this {
    this.publicTexts.push(handler);
    return this;
  }

  /** Adds a step that may read a message as another before it is routed. */
  translate(step: Translator): this {
    this.translators.push(step);
    return this;
  }

  /** An official-account menu button (CLICK with this key) behaves like sending `words`. */
  menu(key: string, words: string): this {
    this.menuWords.set(key, words);
    return this;
  }

  action(id: ActionId, handler: Handler): this {
    if (this.actions.has(id)) throw new Error(`action ${id} registered twice`);
    this.actions.set(id, handler);
    return this;
  }

  /**
   * A photo. `roles` limits the handler to people with one of them, so areas can share the kind: a supervisor's
   * photo joins their visit, a school contact's joins their rectification report.
   */
  image(handler: Handler, opts: { roles?: readonly Role[] } = {}): this { return this.kind('image', handler, opts.roles); }
  location(handler: Handler, opts: { roles?: readonly Role[] } = {}): this { return this.kind('location', handler, opts.roles); }
  /** Text that starts with no known command. */
  text(handler: Handler, opts: { roles?: readonly Role[] } = {}): this { return this.kind('text', handler, opts.roles); }
  event(name: string, handler: Handler, opts: { public?: boolean } = {}): this {
    this.events.set(name, handler);
    if (opts.public) this.publicEvents.add(name);
    return this;
  }
  /**
   * Text posted in a group (InboundMessage.room set). Group chatter is not for the bot: only this handler sees it,
   * for senders known or not, and it stays silent about what it does not understand.
   */
  room(handler: Handler): this { this.roomHandler = handler; return this; }

  /** Handles one stored inbound message. Throws only for failures worth a retry (the inbox keeps the row). */
  async dispatch(inbound: InboundMessage, meta: { inboxId: number }): Promise<void> {
    let msg = this.asWords(inbound);
    for (const step of this.translators) msg = await step(msg, this.opts);
    const person = await this.opts.resolvePerson(msg.channel, msg.from);
    const ctx = new ChatContext(this.opts, msg, meta.inboxId, person);
    const onPublic = msg.channel === PUBLIC_CHANNEL;
    try {
      if (msg.room !== undefined) {
        if (msg.kind === 'text' && msg.text !== undefined && this.roomHandler) {
          const parsed = parseCommand(msg.text);
          if (parsed) { ctx.command = parsed.name; ctx.args = parsed.args; } else ctx.args = msg.text.trim();
          await this.roomHandler(ctx);
        }
        return;
      }
      const handler = this.route(ctx);
      if (!person && !this.openTo(ctx, onPublic)) {
        if (msg.kind === 'event' && !ctx.action) return; // subscribe / enter_agent from a stranger: nothing to say
        if (onPublic) {
          if (msg.kind === 'text' && (await this.tryPublicText(ctx))) return;
          await ctx.reply(t.publicHelp);
          return;
        }
        await ctx.reply(t.unknownSender(msg.from));
        return;
      }
      if (handler) await handler(ctx);
      else if (onPublic && msg.kind === 'text' && (await this.tryPublicText(ctx))) return;
      else if (msg.kind !== 'event') await ctx.reply(person ? t.help(person.roles) : t.publicHelp);
    } catch (err) {
      if (!isDudaoError(err)) {
        this.opts.log.error({ err, inboxId: meta.inboxId }, 'chat handler failed');
        // Tell the person once that we have their message; the inbox keeps it and the handler is retried.
        await ctx.replyOnce('error', t.internalError).catch(() => {});
        throw err;
      }
      await ctx.reply(err.message);
    } finally {
      this.opts.afterHandled?.();
    }
  }

  /** Whether someone the office does not know may use what this message routed to. */
  private openTo(ctx: ChatContext, onPublic: boolean): boolean {
    if (ctx.command && this.openToStrangers.has(ctx.command)) return true;
    if (!onPublic) return false;
    if (ctx.command) return this.publicCommands.has(ctx.command);
    return ctx.msg.kind === 'event' && !!ctx.msg.event && this.publicEvents.has(ctx.msg.event.name);
  }

  private async tryPublicText(ctx: ChatContext): Promise<boolean> {
    for (const h of this.publicTexts) if (await h(ctx)) return true;
    return false;
  }

  /** A menu click on the official account, read as the words its button stands for (same inbox row, same key). */
  private asWords(msg: InboundMessage): InboundMessage {
    if (msg.channel !== PUBLIC_CHANNEL || msg.kind !== 'event' || msg.event?.name !== 'CLICK' || !msg.event.key) return msg;
    const words = this.menuWords.get(msg.event.key);
    return words === undefined ? msg : { ...msg, kind: 'text', text: words };
  }

  private kind(kind: 'image' | 'location' | 'text', handler: Handler, roles?: readonly Role[]): this {
    this.kinds.set(kind, [...(this.kinds.get(kind) ?? []), { handler, roles }]);
    return this;
  }

  private forKind(kind: 'image' | 'location' | 'text', ctx: ChatContext): Handler | undefined {
    return this.kinds.get(kind)?.find((k) => !k.roles || k.roles.some((r) => ctx.hasRole(r)))?.handler;
  }

  private route(ctx: ChatContext): Handler | undefined {
    const { msg } = ctx;
    if (msg.kind === 'text' && msg.text !== undefined) {
      const parsed = parseCommand(msg.text);
      if (parsed && this.commands.has(parsed.name)) {
        ctx.command = parsed.name;
        ctx.args = parsed.args;
        return this.commands.get(parsed.name);
      }
      ctx.args = msg.text.trim();
      return this.forKind('text', ctx);
    }
    if (msg.kind === 'image') return this.forKind('image', ctx);
    if (msg.kind === 'location') return this.forKind('location', ctx);
    if (msg.kind === 'event' && msg.event) {
      if (msg.event.name === 'template_card_event' && msg.event.key) {
        const parsed = parseActionKey(msg.event.key);
        if (parsed) {
          ctx.action = parsed.id;
          ctx.actionArg = parsed.arg;
          return this.actions.get(parsed.id);
        }
      }
      return this.events.get(msg.event.name);
    }
    return undefined;
  }
}
