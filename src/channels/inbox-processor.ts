/**
 * Handles stored inbox rows after the callback has been acknowledged. The rows of one sender are handed to
 * `dispatch` strictly one at a time in arrival (id) order — across processes too, through a per-sender advisory
 * lock. A dispatch that throws is retried in place (so later messages of that sender wait); after `maxAttempts` the
 * row is marked failed with the error and kept. Rows left pending by a crash are found by the periodic sweep.
 */
import { createHash } from 'node:crypto';
import type { Database } from '../db/client.ts';
import type { InboundMessage } from '../domain/messages.ts';
import type { Logger } from '../log.ts';
import { claimNext, completeAndClaimNext, markDone, markFailed, pendingSenders, recordAttempt, type InboxRow } from '../services/inbox.ts';

/** What the chat layer provides (bot.dispatch). `inboxId` makes its replies idempotent (`reply:<inboxId>:1`). */
export type InboxDispatch = (msg: InboundMessage, ctx: { inboxId: number }) => Promise<void>;

export interface InboxProcessorOptions {
  database: Database;
  log: Logger;
  dispatch: InboxDispatch;
  /** Tries per row before it is marked failed (default 3). */
  maxAttempts?: number;
  /** Pause before each retry, in ms (default 200, 1000). */
  retryDelaysMs?: number[];
  /** Senders handled at the same time in this process (default 4; each holds one pooled connection). */
  concurrency?: number;
}

export class InboxProcessor {
  private readonly queued = new Set<string>();
  private readonly active = new Map<string, Promise<void>>();
  /** Senders kicked again while their drain was running: it looks once more before finishing. */
  private readonly dirty = new Set<string>();
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly opts: InboxProcessorOptions) {}

  /** Handles the sender's pending rows soon (called after a row is stored). */
  kick(sender: string): void {
    if (this.stopped) return;
    if (this.active.has(sender)) this.dirty.add(sender);
    else this.queued.add(sender);
    this.pump();
  }

  /** Kicks every sender that has pending rows. */
  async sweep(): Promise<void> {
    for (const sender of await pendingSenders(this.opts.database.db)) this.kick(sender);
  }

  /** Sweeps every `everyMs` (the worker role). */
  startSweep(everyMs = 2000): void {
    const tick = () => {
      this.sweep()
        .catch((err) => this.opts.log.warn({ err: (err as Error).message }, 'inbox sweep failed'))
        .finally(() => { if (!this.stopped) this.timer = setTimeout(tick, everyMs).unref(); });
    };
    this.timer = setTimeout(tick, 0).unref();
  }

  /** Resolves once nothing is queued or running. */
  async idle(): Promise<void> {
    while (this.active.size > 0 || this.queued.size > 0) await Promise.all([...this.active.values()]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.queued.clear();
    await Promise.all([...this.active.values()]);
  }

  private pump(): void {
    const limit = this.opts.concurrency ?? 4;
    for (const sender of this.queued) {
      if (this.active.size >= limit) return;
      this.queued.delete(sender);
      const run = this.drain(sender)
        .catch((err) => this.opts.log.warn({ err: (err as Error).message, sender }, 'inbox drain stopped; the sweep will retry'))
        .finally(() => { this.active.delete(sender); this.pump(); });
      this.active.set(sender, run);
    }
  }

  private async drain(sender: string): Promise<void> {
    const { database } = this.opts;
    do {
      this.dirty.delete(sender);
      await database.withLock(senderLockKey(sender), async () => {
        let row = await claimNext(database.db, sender);
        while (row) {
          const handled = await this.handle(row);
          if (handled && this.stopped) await markDone(database.db, row.id);
          if (this.stopped) return;
          row = handled ? await completeAndClaimNext(database.db, row.id, sender) : await claimNext(database.db, sender);
        }
      });
    } while (this.dirty.has(sender) && !this.stopped);
  }

  /** Dispatches one row, retrying in place. True when dispatch succeeded (the caller marks it done). */
  private async handle(row: InboxRow): Promise<boolean> {
    const { database, log, dispatch } = this.opts;
    const max = this.opts.maxAttempts ?? 3;
    const delays = this.opts.retryDelaysMs ?? [200, 1000];
    let attempts = row.attempts;
    if (attempts > max) {
      await markFailed(database.db, row.id, `gave up after ${max} attempts (the process stopped while handling it)`);
      return false;
    }
    for (;;) {
      try {
        await dispatch(row.message, { inboxId: row.id });
        return true;
      } catch (err) {
        log.warn({ inboxId: row.id, attempts, err: (err as Error)?.message }, 'dispatching an inbound message failed');
        if (attempts >= max) {
          await markFailed(database.db, row.id, err instanceof Error ? err.stack ?? err.message : String(err));
          return false;
        }
        // Stopping leaves the row pending (its attempts counted) for the next process.
        if (this.stopped) return false;
        await new Promise((r) => setTimeout(r, delays[Math.min(attempts - 1, delays.length - 1)] ?? 0));
        attempts = await recordAttempt(database.db, row.id);
      }
    }
  }
}

/** A 32-bit advisory-lock key for one sender's inbox. */
export function senderLockKey(sender: string): number {
  return createHash('sha1').update(`inbox:${sender}`).digest().readInt32BE(0);
}
