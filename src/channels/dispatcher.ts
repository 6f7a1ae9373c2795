/**
 * The outbound worker: leases due outbox rows, checks the recipient's rate limit, sends each through its channel and
 * records the outcome. It polls every `pollMs` and `kick()` wakes it at once (a chat reply should not wait).
 * Delivery is at least once: a process that dies between lease and outcome leaves the lease to expire, and the row
 * is sent again (channels ask the platform to drop repeats where it can).
 *
 * A row whose channel has no sender here (the official account before that channel is connected, a contact on
 * personal WeChat) is parked — status 'parked', the reason in last_error — when it falls due, instead of waiting for
 * ever. Parked rows of a channel are offered again when a sender for it is registered: at start() for the senders
 * given to the constructor, or at once for one added later with addSender().
 */
import type { Database } from '../db/client.ts';
import type { OutboxChannel } from '../domain/messages.ts';
import type { Logger } from '../log.ts';
import { clock } from '../clock.ts';
import {
  defer, leaseDue, markDead, markRetry, markSent, markWaiting, parkUnsendable, retryDelayMs, slotFreeAt, unpark, type OutboxRow,
} from '../services/outbox.ts';
import { isChannelError, WaitingForRecipient } from './channel-error.ts';
import type { ChannelSender, Senders } from './sender.ts';

export interface DispatcherOptions {
  database: Pick<Database, 'db'>;
  senders: Senders;
  log: Logger;
  /** Poll interval; Infinity = only when kicked (a web process that sends chat replies at once). Default 500 ms. */
  pollMs?: number;
  batchSize?: number;
  /** How long a leased row is ours before another process may take it. Default 60 s. */
  leaseMs?: number;
  /** Attempts before a message is parked as dead. Default 8. */
  maxAttempts?: number;
}

const PARK_EVERY_MS = 250;

export class Dispatcher {
  private running = false;
  private loopDone?: Promise<void>;
  private wake?: () => void;
  private kicked = false;
  /** performance.now() of the last parking sweep: at most one per PARK_EVERY_MS, so a busy loop adds no statement per pass. */
  private parkedAt = -Infinity;

  constructor(private readonly opts: DispatcherOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.unparkRegistered().then(() => this.loop());
  }

  /** Registers a channel's sender while running (e.g. once the official account is configured); its parked rows go out. */
  async addSender(channel: OutboxChannel, sender: ChannelSender): Promise<void> {
    this.opts.senders[channel] = sender;
    await unpark(this.opts.database.db, [channel], clock.now());
    this.kick();
  }

  private async unparkRegistered(): Promise<void> {
    try {
      const n = await unpark(this.opts.database.db, this.channels(), clock.now());
      if (n > 0) this.opts.log.info({ rows: n }, 'outbox: parked messages offered again to their now registered senders');
    } catch (err) {
      this.opts.log.warn({ err }, 'outbox: could not offer parked messages again');
    }
  }

  private channels(): OutboxChannel[] {
    return Object.keys(this.opts.senders) as OutboxChannel[];
  }

  /** Runs a pass now instead of at the next poll. */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  /** Stops polling and waits for the sends in flight to finish. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loopDone;
  }

  /** One pass: lease a batch and settle every row in it. Returns how many rows were leased. */
  async runOnce(): Promise<number> {
    const { db } = this.opts.database;
    const now = clock.now();
    if (performance.now() - this.parkedAt >= PARK_EVERY_MS) {
      this.parkedAt = performance.now();
      const parked = await parkUnsendable(db, this.channels(), now);
      if (parked > 0) this.opts.log.info({ rows: parked }, 'outbox: parked messages whose channel has no sender in this process');
    }
    const rows = await leaseDue(db, {
      now,
      limit: this.opts.batchSize ?? 10,
      leaseMs: this.opts.leaseMs ?? 60_000,
      channels: this.channels(),
    });
    // A batch holds at most one row per segment, so sending them side by side keeps each recipient's order.
    await Promise.all(rows.map((row) => this.settle(row)));
    return rows.length;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      this.kicked = false;
      let leased = 0;
      let failed = false;
      try {
        leased = await this.runOnce();
      } catch (err) {
        failed = true;
        this.opts.log.warn({ err }, 'outbox pass failed (database unreachable?); trying again shortly');
      }
      if (!failed && (leased > 0 || this.kicked)) continue;
      await this.sleep(failed ? 5_000 : (this.opts.pollMs ?? 500));
    }
  }

  private sleep(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
      const self = this;
      function done() {
        clearTimeout(timer);
        self.wake = undefined;
        resolve();
      }
      this.wake = done;
    });
  }

  private async settle(row: OutboxRow): Promise<void> {
    const { db } = this.opts.database;
    const { log } = this.opts;
    const maxAttempts = this.opts.maxAttempts ?? 8;
    const sender = this.opts.senders[row.channel as OutboxChannel]!;
    try {
      if (row.startedAttempts > maxAttempts) {
        const unfinished = row.startedAttempts - 1 - row.finishedAttempts;
        await markDead(db, row, `abandoned: ${unfinished} attempt(s) never finished (the process died while sending)`, clock.now());
        log.error({ outbox: row.id, key: row.idempotencyKey }, 'outbox message abandoned after repeated crashes');
        return;
      }
      const freeAt = await slotFreeAt(db, row.segment, sender.limits(row), clock.now());
      if (freeAt) {
        await defer(db, row, freeAt);
        log.debug({ outbox: row.id, until: freeAt }, 'outbox message deferred by the recipient rate limit');
        return;
      }
    } catch (err) {
      log.warn({ err, outbox: row.id }, 'outbox row could not be prepared; its lease will expire');
      return;
    }
    let response: unknown;
    try {
      response = await sender.send(row);
    } catch (err) {
      await this.failed(row, err, maxAttempts).catch((e) => log.warn({ err: e, outbox: row.id }, 'could not record a failed send'));
      return;
    }
    await markSent(db, row, response, clock.now()).catch((err) => log.warn({ err, outbox: row.id }, 'sent, but could not mark it; it may go out again'));
  }

  private async failed(row: OutboxRow, err: unknown, maxAttempts: number): Promise<void> {
    const { db } = this.opts.database;
    const error = err instanceof Error ? err.message : String(err);
    if (err instanceof WaitingForRecipient) {
      await markWaiting(db, row, err.reason);
      this.opts.log.info({ outbox: row.id, channel: row.channel }, 'outbox message waits for its recipient to write');
      return;
    }
    const retryable = isChannelError(err) ? err.retryable : true;
    const attempts = row.finishedAttempts + 1;
    if (!retryable || attempts >= maxAttempts) {
      await markDead(db, row, error, clock.now());
      this.opts.log.error({ outbox: row.id, key: row.idempotencyKey, channel: row.channel, attempts, error }, 'outbox message is dead');
      return;
    }
    const hint = isChannelError(err) ? err.retryAfterMs : undefined;
    const next = new Date(clock.now().getTime() + retryDelayMs(attempts, hint));
    await markRetry(db, row, error, next);
    this.opts.log.warn({ outbox: row.id, channel: row.channel, attempts, next, error }, 'outbox send failed; will retry');
  }
}
