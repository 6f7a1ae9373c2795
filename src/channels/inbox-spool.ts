/**
 * When the database cannot take a callback in time, the message is written to a spool file under DATA_DIR and the
 * platform still gets its 200: nothing a person sent is lost while PostgreSQL restarts. The spool is drained into the
 * inbox as soon as the database answers again (and at every start).
 *
 * Order. Files are named by arrival (time, process, sequence), so the drain stores them in the order they came, and
 * the inbox ids (which decide the order of handling per sender) follow. While a sender has messages in the spool,
 * their newer callbacks are spooled behind them (`holds`) rather than stored at once, so they never overtake the
 * older ones. A process learns of files another process spooled at its next drain (every 2 s).
 *
 * A file that fails for a reason other than the database being away — it cannot be read, or the database refuses
 * the message — goes to the quarantine (services/inbox-quarantine.ts), where the office sees it, and the drain goes
 * on with the next file. A platform retry of a message already in the spool writes nothing; the inbox's unique key
 * does the rest.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { InboundMessage } from '../domain/messages.ts';
import type { Logger } from '../log.ts';
import type { Stored } from '../services/inbox.ts';
import { putInQuarantine } from '../services/inbox-quarantine.ts';
import { refusedByDatabase } from '../db/refusal.ts';

export interface InboxSpoolOptions {
  dir: string;
  /** Where files that can never be stored go (the office lists them: GET /api/inbox/quarantine). */
  quarantineDir: string;
  log: Logger;
  /** Stores one message in the inbox (insert-if-absent). */
  store(msg: InboundMessage): Promise<Stored>;
  /** Called with each message that the drain stored for the first time. */
  onStored(id: number, msg: InboundMessage): void;
}

const hash = (s: string) => createHash('sha1').update(s).digest('hex').slice(0, 20);
/** `<time>-<pid>-<seq>-<channel>-<sender hash>-<key hash>.json`: sorting the names sorts by arrival. */
const NAME = /^(\d{15})-(\d{7})-(\d{9})-([a-z]+)-([0-9a-f]{20})-([0-9a-f]{20})\.json$/;

export class InboxSpool {
  private timer?: NodeJS.Timeout;
  private draining?: Promise<number>;
  private seq = 0;
  /** Spool files known to exist: name → sender key; and how many each sender has. */
  private readonly files = new Map<string, string>();
  private readonly perSender = new Map<string, number>();
  private readonly keys = new Set<string>();
  /** Files being written by this process (not yet visible to a listing). */
  private readonly writing = new Set<string>();

  constructor(private readonly opts: InboxSpoolOptions) {
    // Before the first callback is taken: a sender with files left from before a restart waits for them.
    try {
      for (const name of fs.readdirSync(opts.dir)) this.know(name);
    } catch {
      // no spool yet
    }
  }

  /** True while this sender has older messages in the spool: their new message must queue behind them. */
  holds(msg: InboundMessage): boolean {
    return this.perSender.size > 0 && (this.perSender.get(senderKey(msg)) ?? 0) > 0;
  }

  /** Writes the message durably (write, fsync, rename) before the caller acknowledges the platform. */
  async put(msg: InboundMessage, why: 'database_unavailable' | 'behind_spooled' = 'database_unavailable'): Promise<void> {
    const key = `${msg.channel}-${hash(msg.dedupeKey)}`;
    if (this.keys.has(key)) return; // a retry of a message already kept
    const arrival = `${String(Date.now()).padStart(15, '0')}-${String(process.pid % 1e7).padStart(7, '0')}-${String(++this.seq % 1e9).padStart(9, '0')}`;
    const name = `${arrival}-${senderKey(msg)}-${hash(msg.dedupeKey)}.json`;
    this.writing.add(name);
    this.know(name);
    try {
      await fsp.mkdir(this.opts.dir, { recursive: true });
      const tmp = path.join(this.opts.dir, `.${name}.tmp`);
      const file = await fsp.open(tmp, 'w');
      try {
        await file.writeFile(JSON.stringify(msg));
        await file.sync();
      } finally {
        await file.close();
      }
      await fsp.rename(tmp, path.join(this.opts.dir, name));
    } catch (err) {
      this.forget(name);
      throw err;
    } finally {
      this.writing.delete(name);
    }
    if (why === 'database_unavailable') this.opts.log.warn({ channel: msg.channel }, 'database unavailable: message kept in the spool');
  }

  /** Moves every spooled message into the inbox; returns how many files were drained. One drain at a time. */
  drain(): Promise<number> {
    this.draining ??= this.drainOnce().finally(() => { this.draining = undefined; });
    return this.draining;
  }

  /** Drains now and then every `everyMs` while the process runs. */
  start(everyMs = 2000): void {
    const tick = () => {
      this.drain()
        .catch((err) => this.opts.log.warn({ err: (err as Error).message }, 'spool drain failed; will retry'))
        .finally(() => { this.timer = setTimeout(tick, everyMs).unref(); });
    };
    tick();
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    await this.draining?.catch(() => {});
  }

  private async drainOnce(): Promise<number> {
    let drained = 0;
    let quarantined = 0;
    // Messages spooled while draining (a held sender's new ones) are taken by the next pass.
    for (let pass = 0; pass < 100; pass++) {
      const names = await this.list();
      if (names.length === 0) break;
      for (const name of names) {
        const outcome = await this.drainFile(name); // throws while the database is still away: try later
        if (outcome === 'stored') drained++;
        if (outcome === 'quarantined') quarantined++;
      }
    }
    if (drained > 0) this.opts.log.info({ drained }, 'spooled messages moved into the inbox');
    if (quarantined > 0) this.opts.log.error({ quarantined }, 'spooled messages that cannot be stored were quarantined');
    return drained;
  }

  private async drainFile(name: string): Promise<'stored' | 'quarantined' | 'gone'> {
    const file = path.join(this.opts.dir, name);
    let text: string;
    try {
      text = await fsp.readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      this.forget(name); // another process drained it
      return 'gone';
    }
    let msg: InboundMessage;
    try {
      msg = JSON.parse(text) as InboundMessage;
      if (!msg || typeof msg.dedupeKey !== 'string' || typeof msg.from !== 'string') throw new Error('not a spooled message');
    } catch (err) {
      await this.quarantine(name, `unreadable spool file: ${(err as Error).message}`, { unreadable: text.slice(0, 2000) });
      return 'quarantined';
    }
    let stored: Stored;
    try {
      stored = await this.opts.store(msg);
    } catch (err) {
      if (!refusedByDatabase(err)) throw err;
      await this.quarantine(name, `refused by the database: ${(err as Error).message}`, { message: msg });
      return 'quarantined';
    }
    await fsp.rm(file, { force: true });
    this.forget(name);
    if (stored.isNew) this.opts.onStored(stored.id, msg);
    return 'stored';
  }

  private async quarantine(name: string, reason: string, content: { message?: InboundMessage; unreadable?: string }): Promise<void> {
    await putInQuarantine(this.opts.quarantineDir, { file: name, at: new Date().toISOString(), reason, ...content });
    await fsp.rm(path.join(this.opts.dir, name), { force: true });
    this.forget(name);
    this.opts.log.error({ file: name, reason: reason.slice(0, 200) }, 'spooled message quarantined');
  }

  /** The spool's files in arrival order; what this process knew of and is gone was drained by another. */
  private async list(): Promise<string[]> {
    let names: string[];
    try {
      names = (await fsp.readdir(this.opts.dir)).filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      names = [];
    }
    const present = new Set(names);
    for (const known of [...this.files.keys()]) if (!present.has(known) && !this.writing.has(known)) this.forget(known);
    for (const name of names) this.know(name);
    return names;
  }

  private know(name: string): void {
    if (this.files.has(name)) return;
    const m = NAME.exec(name);
    // Files from before arrival-order names (sha1 of the key only) are drained too; they hold no sender back.
    const sender = m ? `${m[4]}-${m[5]}` : `unknown-${name}`;
    this.files.set(name, sender);
    this.perSender.set(sender, (this.perSender.get(sender) ?? 0) + 1);
    if (m) this.keys.add(`${m[4]}-${m[6]}`);
  }

  private forget(name: string): void {
    const sender = this.files.get(name);
    if (sender === undefined) return;
    this.files.delete(name);
    const left = (this.perSender.get(sender) ?? 1) - 1;
    if (left > 0) this.perSender.set(sender, left);
    else this.perSender.delete(sender);
    const m = NAME.exec(name);
    if (m) this.keys.delete(`${m[4]}-${m[6]}`);
  }
}

const senderKey = (msg: InboundMessage) => `${msg.channel}-${hash(`${msg.channel}:${msg.from}`)}`;
