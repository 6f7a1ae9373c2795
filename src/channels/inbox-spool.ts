/**
 * When the database cannot take a callback in time, the message is written to a spool file under DATA_DIR and the
 * platform still gets its 200: nothing a person sent is lost while PostgreSQL restarts. The spool is drained into the
 * inbox as soon as the database answers again (and at every start). One file per message, named by its dedupe key,
 * so a platform retry during the outage overwrites rather than duplicates; the inbox's unique key does the rest.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { InboundMessage } from '../domain/messages.ts';
import type { Logger } from '../log.ts';
import type { Stored } from '../services/inbox.ts';

export interface InboxSpoolOptions {
  dir: string;
  log: Logger;
  /** Stores one message in the inbox (insert-if-absent). */
  store(msg: InboundMessage): Promise<Stored>;
  /** Called with each message that the drain stored for the first time. */
  onStored(id: number, msg: InboundMessage): void;
}

export class InboxSpool {
  private timer?: NodeJS.Timeout;
  private draining?: Promise<number>;

  constructor(private readonly opts: InboxSpoolOptions) {}

  /** Writes the message durably (write, fsync, rename) before the caller acknowledges the platform. */
  async put(msg: InboundMessage): Promise<void> {
    await fs.mkdir(this.opts.dir, { recursive: true });
    const name = `${msg.channel}-${createHash('sha1').update(msg.dedupeKey).digest('hex')}.json`;
    const tmp = path.join(this.opts.dir, `.${name}.${process.pid}.tmp`);
    const file = await fs.open(tmp, 'w');
    try {
      await file.writeFile(JSON.stringify(msg));
      await file.sync();
    } finally {
      await file.close();
    }
    await fs.rename(tmp, path.join(this.opts.dir, name));
    this.opts.log.warn({ channel: msg.channel, dedupeKey: msg.dedupeKey }, 'database unavailable: message kept in the spool');
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
    let names: string[];
    try {
      names = (await fs.readdir(this.opts.dir)).filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw err;
    }
    let drained = 0;
    for (const name of names) {
      const file = path.join(this.opts.dir, name);
      const msg = JSON.parse(await fs.readFile(file, 'utf8')) as InboundMessage;
      const { id, isNew } = await this.opts.store(msg); // throws while the database is still away: try later
      await fs.rm(file, { force: true });
      drained++;
      if (isNew) this.opts.onStored(id, msg);
    }
    if (drained > 0) this.opts.log.info({ drained }, 'spooled messages moved into the inbox');
    return drained;
  }
}
