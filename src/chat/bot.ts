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
  private kinds = new Map<'image' | 'location' | 'text', Handler>();
  private events = new Map<string, Handler>();
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

  image(handler: Handler): this { this.kinds.set('image', handler); return this; }
  location(handler: Handler): this { this.kinds.set('location', handler); return this; }
  /** Text that starts with no known command. */
  text(handler: Handler): this { this.kinds.set('text', handler); return this; }
  event(name: string, handler: Handler): this { this.events.set(name, handler); return this; }

  /** Handles one stored inbound message. Throws only for failures worth a retry (the inbox keeps the row). */
  async dispatch(msg: InboundMessage, meta: { inboxId: number }): Promise<void> {
    const person = await this.opts.resolvePerson(msg.channel, msg.from);
    const ctx = new ChatContext(this.opts, msg, meta.inboxId, person);
    try {
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
      return this.kinds.get('text');
    }
    if (msg.kind === 'image') return this.kinds.get('image');
    if (msg.kind === 'location') return this.kinds.get('location');
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
