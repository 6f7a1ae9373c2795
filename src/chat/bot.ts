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

  constructor(private readonly opts: BotOptions) {}

  command(names: CommandName | CommandName[], handler: Handler, opts: { strangers?: boolean } = {}): this {
    for (const name of [names].flat()) {
      if (this.commands.has(name)) throw new Error(`command ${name} registered twice`);
      this.commands.set(name, handler);
      if (opts.strangers) this.openToStrangers.add(name);
    }
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
  event(name: string, handler: Handler): this { this.events.set(name, handler); return this; }
  /**
   * Text posted in a group (InboundMessage.room set). Group chatter is not for the bot: only this handler sees it,
   * for senders known or not, and it stays silent about what it does not understand.
   */
  room(handler: Handler): this { this.roomHandler = handler; return this; }

  /** Handles one stored inbound message. Throws only for failures worth a retry (the inbox keeps the row). */
  async dispatch(msg: InboundMessage, meta: { inboxId: number }): Promise<void> {
    const person = await this.opts.resolvePerson(msg.channel, msg.from);
    const ctx = new ChatContext(this.opts, msg, meta.inboxId, person);
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
      if (!person && !(ctx.command && this.openToStrangers.has(ctx.command))) {
        if (msg.kind === 'event' && !ctx.action) return; // subscribe / enter_agent from a stranger: nothing to say
        await ctx.reply(t.unknownSender(msg.from));
        return;
      }
      if (handler) await handler(ctx);
      else if (msg.kind !== 'event') await ctx.reply(t.help(person?.roles ?? []));
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
