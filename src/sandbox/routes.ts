/**
 * /sandbox: the console page and its JSON API. A person picked in the page "types", "sends a photo" or "taps a
 * card"; each becomes a real encrypted callback to our own /wecom/callback (CallbackDelivery). What the server
 * sends back reaches the simulated platform APIs and comes to the page through the feed, over Server-Sent Events.
 * Mounted by server.ts only when config.sandbox is true, so these paths are 404 otherwise.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { clock } from '../clock.ts';
import { DudaoError } from '../domain/errors.ts';
import { PHOTO_TYPES, photoTypeOf } from '../domain/image-type.ts';
import { MEDIA_CSP } from '../http/middleware/security-headers.ts';
import { sandboxText } from '../../templates/sandbox/text.ts';
import { readBytes, readJson } from './body.ts';
import { moveClock, type ClockMove } from './clock-control.ts';
import type { FeedEvent, SandboxFeed } from './feed.ts';
import type { Persona } from './personas.ts';
import type { CallbackDelivery, FollowerDelivery, SimulatedPlatform, SimulatedRooms } from './platform.ts';
import { MENU } from '../../templates/chat/official-account.ts';

export interface SandboxRoutesOptions {
  feed: SandboxFeed;
  platform: SimulatedPlatform;
  callbacks: CallbackDelivery;
  /** Personal-WeChat rooms (wechaty on the mock puppet), when they run. */
  rooms?: SimulatedRooms;
  /** The simulated official account, for the people who chat with it (公众号 personas). */
  officialAccount?: { platform: SimulatedPlatform; callbacks: FollowerDelivery };
  /** Issues a bind code for a person as the office would (sandbox shortcut for 罗静 and 宋洁); returns it. */
  issueBindCode?(personId: number): Promise<string>;
  /** Runs the scheduled work a clock jump passed over; returns the names of what ran. */
  afterClockMove(from: Date, to: Date): Promise<string[]>;
}

const PAGE_DIR = path.resolve(import.meta.dirname, '../../templates/sandbox');
const ASSETS: Record<string, string> = {
  'sandbox.css': 'text/css; charset=utf-8',
  'sandbox.js': 'text/javascript; charset=utf-8',
  'cards.js': 'text/javascript; charset=utf-8',
};
const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

/** WeCom takes text messages up to 2048 bytes; the console stops a little earlier, in characters. */
const MAX_TEXT = 2000;
const sendBody = z.object({
  as: z.string().min(1, sandboxText.noPerson),
  text: z.string().trim().min(1, sandboxText.emptyText).max(MAX_TEXT, sandboxText.tooLong(MAX_TEXT)),
});
const tapBody = z.object({
  as: z.string().min(1),
  eventKey: z.string().min(1),
  taskId: z.string().min(1),
  cardType: z.string().min(1),
  responseCode: z.string().optional(),
  selected: z.array(z.object({ questionKey: z.string(), optionIds: z.array(z.string()) })).optional(),
  /** What the page shows for the tap (the button's text); not sent to the server. */
  label: z.string().max(100).optional(),
});
const bindCodeBody = z.object({ as: z.string().regex(/^person:\d{1,9}$/) });
const menuBody = z.object({ as: z.string().min(1), key: z.enum(MENU.button.map((b) => b.key) as [string, ...string[]]) });
const clockBody = z.union([
  z.object({ advanceMs: z.number() }),
  z.object({ to: z.string().min(1) }),
  z.object({ preset: z.enum(['next-morning', 'next-month']) }),
]);

export function sandboxRoutes(opts: SandboxRoutesOptions): Router {
  const { feed, platform, callbacks } = opts;
  const oa = opts.officialAccount;
  /** The official account's side for a persona who chats there; undefined for WeCom personas. */
  const onAccount = (persona: Persona) => {
    if (persona.channel !== 'wechat') return undefined;
    if (!oa) throw new DudaoError('bad_request', sandboxText.cannotSend(persona.name, persona.note));
    return oa;
  };
  const router = new Router({ prefix: '/sandbox' });

  router.get('/', (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Cache-Control', 'no-store');
    ctx.body = fs.createReadStream(path.join(PAGE_DIR, 'index.html'));
  });

  router.get('/assets/:file', (ctx) => {
    const type = ASSETS[ctx.params.file!];
    if (!type) ctx.throw(404, 'no such asset');
    ctx.type = type;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = fs.createReadStream(path.join(PAGE_DIR, ctx.params.file!));
  });

  router.get('/api/people', async (ctx) => {
    ctx.body = { people: await feed.refreshPersonas() };
  });

  router.get('/api/state', async (ctx) => {
    await feed.settled();
    ctx.body = {
      now: clock.now().toISOString(), people: await feed.refreshPersonas(), ...feed.history(),
      menu: oa ? MENU.button.map((b) => ({ key: b.key, name: b.name })) : [],
    };
  });

  router.post('/api/send', async (ctx) => {
    const body = parse(sendBody, await readJson(ctx));
    const persona = await sender(feed, body.as);
    if (persona.channel === 'wechaty.room') {
      // The member speaks in the room; the feed shows it when the room sees it, like every room message.
      if (!opts.rooms || !persona.speaker) throw new DudaoError('bad_request', sandboxText.cannotSend(persona.name, 'group'));
      opts.rooms.say(persona.speaker.id, persona.channelId, body.text);
      ctx.body = { ok: true };
      return;
    }
    const entry = feed.personDid(persona.key, { kind: 'text', text: body.text });
    const account = onAccount(persona);
    if (account) await account.callbacks.sendText(persona.channelId, body.text);
    else await callbacks.sendText(persona.channelId!, body.text);
    ctx.body = { ok: true, entry };
  });

  router.post('/api/photo', async (ctx) => {
    const persona = await sender(feed, String(ctx.query.as ?? ''));
    if (persona.channel === 'wechaty.room') throw new DudaoError('unsupported', sandboxText.roomNoPhoto);
    const declared = ctx.get('content-type').split(';')[0]!.trim();
    if (!(PHOTO_TYPES as readonly string[]).includes(declared)) throw new DudaoError('unsupported', sandboxText.notAnImage);
    const bytes = await readBytes(ctx, MAX_PHOTO_BYTES);
    // What the bytes are, not what the page said they are.
    const type = photoTypeOf(bytes);
    if (!type) throw new DudaoError('unsupported', sandboxText.notAnImage);
    const account = onAccount(persona);
    const mediaId = await (account?.platform ?? platform).addMedia(bytes, account ? type : 'image');
    const imageUrl = feed.keepImage(mediaId, bytes, type);
    const entry = feed.personDid(persona.key, { kind: 'image', imageUrl });
    if (account) await account.callbacks.sendImage(persona.channelId, mediaId);
    else await callbacks.sendImage(persona.channelId!, mediaId);
    ctx.body = { ok: true, mediaId, entry };
  });

  router.post('/api/tap', async (ctx) => {
    const { as, label, ...tap } = parse(tapBody, await readJson(ctx));
    const persona = await sender(feed, as);
    const entry = feed.personDid(persona.key, { kind: 'tap', text: label ?? tap.eventKey });
    // The card shows which of its buttons this was, once the server has answered it.
    if (tap.responseCode) feed.markChosen(tap.responseCode, tap.eventKey);
    await callbacks.sendCardEvent(persona.channelId!, tap);
    ctx.body = { ok: true, entry };
  });

  router.post('/api/menu', async (ctx) => {
    const body = parse(menuBody, await readJson(ctx));
    const persona = await sender(feed, body.as);
    const account = onAccount(persona);
    if (!account) throw new DudaoError('bad_request', sandboxText.noMenu);
    const button = MENU.button.find((b) => b.key === body.key)!;
    const entry = feed.personDid(persona.key, { kind: 'tap', text: button.name });
    await account.callbacks.click(persona.channelId, body.key);
    ctx.body = { ok: true, entry };
  });

  router.post('/api/bind-code', async (ctx) => {
    const { as } = parse(bindCodeBody, await readJson(ctx));
    const persona = (await feed.refreshPersonas()).find((p) => p.key === as);
    if (!persona || persona.note !== 'unbound' || !opts.issueBindCode) throw new DudaoError('bad_request', sandboxText.noBindCode);
    ctx.body = { code: await opts.issueBindCode(Number(as.slice('person:'.length))) };
  });

  router.get('/api/media/:id', (ctx) => {
    const image = feed.image(ctx.params.id!);
    const type = image && photoTypeOf(image.bytes);
    if (!image || !type) throw new DudaoError('not_found', sandboxText.noMedia);
    ctx.type = type;
    ctx.set('Content-Security-Policy', MEDIA_CSP);
    ctx.body = image.bytes;
  });

  router.post('/api/clock', async (ctx) => {
    const move = parse(clockBody, await readJson(ctx)) as ClockMove;
    const { from, to } = moveClock(move);
    feed.clockMoved();
    const ran = await opts.afterClockMove(from, to);
    feed.clockMoved(ran);
    ctx.body = { now: to.toISOString(), ran };
  });

  router.get('/api/events', (ctx) => eventStream(ctx, feed));

  return router;
}

/** The body, or 400 with the reasons in Chinese: ours where the schema gives one, else the field and what is wrong. */
function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const reasons = result.error.issues.map((i) => (/[^\x00-\x7f]/.test(i.message) ? i.message : sandboxText.badField(i.path.join('.'), i.code)));
    throw new DudaoError('bad_request', [...new Set(reasons)].join('；'));
  }
  return result.data;
}

/** The persona named by `as` (a persona key or a WeCom userid), when the console can act as them. */
async function sender(feed: SandboxFeed, as: string): Promise<Persona & { channelId: string }> {
  const people = await feed.refreshPersonas();
  const persona = people.find((p) => p.key === as) ?? people.find((p) => p.channel === 'wecom.app' && p.channelId === as);
  if (!persona) throw new DudaoError('not_found', sandboxText.unknownPersona(as));
  if (!persona.canSend || !persona.channelId) throw new DudaoError('bad_request', sandboxText.cannotSend(persona.name, persona.note));
  return persona as Persona & { channelId: string };
}

/** Server-Sent Events: one `data:` line of JSON per feed event, and a comment every 15 s to keep proxies quiet. */
function eventStream(ctx: Context, feed: SandboxFeed): void {
  const stream = new PassThrough();
  const write = (event: FeedEvent) => stream.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  const unsubscribe = feed.subscribe(write);
  const ping = setInterval(() => stream.write(': ping\n\n'), 15_000);
  ping.unref();
  const close = () => { clearInterval(ping); unsubscribe(); stream.end(); };
  ctx.req.on('close', close);
  ctx.req.socket.setTimeout(0);
  ctx.set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
  ctx.status = 200;
  ctx.body = stream;
  stream.write(`retry: 2000\nevent: hello\ndata: ${JSON.stringify({ now: clock.now().toISOString() })}\n\n`);
}
