/**
 * Handles stored inbox rows after the callback has been acknowledged. Each step is one statement
 * (services/inbox.ts finishAndClaim): it marks the rows handled since the last step done and leases the oldest
 * pending row of every sender that has nothing leased. The leased rows belong to different senders and are handed to
 * `dispatch` side by side; a row that finishes wakes the next step. So the rows of one sender go to `dispatch` strictly
 * one at a time in arrival (id) order — across processes too, through the lease — at about one statement per batch.
 * A dispatch that throws is retried in place (its sender waits, the others go on); after `maxAttempts` the row is
 * marked failed with the error and kept. A row leased by a process that died is taken again once its lease has run
 * out, by the periodic sweep.
 */
import type { Database } from '../db/client.ts';
import type { InboundMessage } from '../domain/messages.ts';
import type { Logger } from '../log.ts';
import { storableValue } from '../domain/storable-text.ts';
import { finishAndClaim, markFailed, recordAttempt, releaseLeases, renewLeases, type InboxRow } from '../services/inbox.ts';

/** What the chat layer provides (bot.dispatch). `inboxId` makes its replies idempotent (`reply:<inboxId>:1`). */
export type InboxDispatch = (msg: InboundMessage, ctx: { inboxId: number }) => Promise<void>;

export interface InboxProcessorOptions {
  database: Pick<Database, 'db'>;
  log: Logger;
  dispatch: InboxDispatch;
  /** Tries per row before it is marked failed (default 3). */
  maxAttempts?: number;
  /** Pause before each retry, in ms (default 200, 1000). */
  retryDelaysMs?: number[];
  /**
   * Rows dispatched at the same time in this process, each of a different sender (default 4: a chat dispatch runs
   * its own transaction, and the pool must keep connections for the callbacks' inserts).
   */
  concurrency?: number;
  /** Rows leased and in hand (dispatching or waiting their turn) at most; one step leases up to this (default 256). */
  batchSize?: number;
  /** How long a leased row is this process's before another may take it; renewed while it runs (default 60 s). */
  leaseMs?: number;
  /**
   * Steps start at least this far apart (default 10 ms): a lone message is taken at once, while under load each
   * step gathers what arrived meanwhile, so statements per message fall as the load rises.
   */
  stepEveryMs?: number;
  /**
   * Called once per step that finds rows handled since the last one (their replies are in the outbox by then): one
   * call for however many finished, e.g. to wake the outbox dispatcher.
   */
  onHandled?(): void;
}

type Outcome = 'done' | 'failed' | 'left';

export class InboxProcessor {
  /** Rows being dispatched, by id. */
  private readonly handling = new Map<number, Promise<void>>();
  /** Rows leased but waiting for a free dispatch slot (over `concurrency`). */
  private readonly waiting: InboxRow[] = [];
  /** Rows handled since the last step: the next step marks them done. */
  private finished: number[] = [];
  /** Rows given up unhandled because the process is stopping: their leases are released. */
  private readonly left: number[] = [];
  /** Rows this process stored born leased, with their message, until a step finds them their sender's oldest. */
  private readonly adoptable = new Map<number, { msg: InboundMessage; at: number }>();
  private adoptTimer?: NodeJS.Timeout;
  /** A kick or a finished row since the last step began. */
  private wanted = false;
  private loop?: Promise<void>;
  private sweepTimer?: NodeJS.Timeout;
  private renewTimer?: NodeJS.Timeout;
  private stopped = false;
  private lastStepAt = 0;

  constructor(private readonly opts: InboxProcessorOptions) {}

  /** How long a leased row is this process's; also the lease a callback gives the rows it stores for `adopt`. */
  get leaseMs(): number {
    return this.opts.leaseMs ?? 60_000;
  }

  /**
   * Takes a row this process has just stored born leased (storeMany's `leaseMs`), with its message: it is handled
   * when it is its sender's oldest pending row, with no lease written for it and its payload not read back.
   */
  adopt(id: number, msg: InboundMessage): void {
    if (this.stopped) return;
    this.adoptable.set(id, { msg: storableValue(msg), at: performance.now() });
    this.kick();
  }

  /**
   * Handles pending rows soon (called after a row is stored; any sender's kick looks at every sender). Kicks that
   * arrive while a step runs, or within the same turn of the event loop, share the next step.
   */
  kick(_sender?: string): void {
    if (this.stopped) return;
    this.wanted = true;
    this.loop ??= new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.run())
      .finally(() => {
        this.loop = undefined;
        if (this.wanted) this.kick();
      });
  }

  /** Looks for pending rows whose lease is free (rows of a crashed process) and handles them. */
  async sweep(): Promise<void> {
    this.kick();
    await this.loop;
  }

  /** Sweeps every `everyMs` (the worker role). */
  startSweep(everyMs = 2000): void {
    const tick = () => {
      this.sweep()
        .catch((err) => this.opts.log.warn({ err: (err as Error).message }, 'inbox sweep failed'))
        .finally(() => { if (!this.stopped) this.sweepTimer = setTimeout(tick, everyMs).unref(); });
    };
    this.sweepTimer = setTimeout(tick, 0).unref();
  }

  /** Resolves once nothing is running or about to run. */
  async idle(): Promise<void> {
    while (this.loop || this.handling.size > 0) await Promise.all([this.loop, ...this.handling.values()]);
  }

  /** Lets the rows in hand finish, records their outcome and gives back the leases of rows left unhandled. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.sweepTimer);
    clearTimeout(this.adoptTimer);
    await this.loop;
    await Promise.all(this.handling.values());
    clearInterval(this.renewTimer);
    this.left.push(...this.waiting.splice(0).map((r) => r.id), ...this.adoptable.keys());
    this.adoptable.clear();
    const { db } = this.opts.database;
    try {
      if (this.finished.length > 0) await finishAndClaim(db, { doneIds: this.finished.splice(0), limit: 0, leaseMs: this.leaseMs });
      await releaseLeases(db, this.left.splice(0));
    } catch (err) {
      this.opts.log.warn({ err: (err as Error).message }, 'could not record the last inbox outcomes; the leases will run out');
    }
  }

  /** Steps while there is something to do: mark finished rows done, lease more, start them. */
  private async run(): Promise<void> {
    const { database, log } = this.opts;
    while (this.wanted && !this.stopped) {
      const wait = this.lastStepAt + (this.opts.stepEveryMs ?? 10) - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (this.stopped) return;
      this.lastStepAt = performance.now();
      this.wanted = false;
      const limit = Math.max(0, (this.opts.batchSize ?? 256) - this.handling.size - this.waiting.length);
      if (limit === 0 && this.finished.length === 0) continue;
      const doneIds = this.finished.splice(0);
      if (doneIds.length > 0) this.opts.onHandled?.();
      const adopt = this.adoptableIds(limit);
      let rows: InboxRow[];
      try {
        rows = await finishAndClaim(database.db, { doneIds, limit, leaseMs: this.leaseMs, adopt });
        rows = rows.flatMap((r) => {
          if (!r.adopted) { this.adoptable.delete(r.id); return [r]; } // its lease had run out: taken the usual way
          const entry = this.adoptable.get(r.id);
          this.adoptable.delete(r.id);
          return entry ? [{ ...r, message: entry.msg }] : [];
        });
      } catch (err) {
        this.finished.push(...doneIds);
        log.warn({ err: (err as Error).message }, 'inbox step failed (database unreachable?); the next kick or sweep retries');
        await new Promise((r) => setTimeout(r, 1000));
        return;
      }
      if (this.stopped) this.left.push(...rows.map((r) => r.id));
      else {
        this.waiting.push(...rows);
        this.startWaiting();
      }
    }
    this.recheckAdoptable();
  }

  /**
   * Adoptable rows still young enough that their lease holds (they are renewed with the rows in hand). A row whose
   * sender has an older row in another process's hands waits: it is looked at again shortly.
   */
  private adoptableIds(limit: number): number[] {
    const ids: number[] = [];
    for (const [id, { at }] of this.adoptable) {
      if (performance.now() - at > this.leaseMs * 10) this.adoptable.delete(id); // renewals failed for long: let the sweep have it
      else if (ids.length < limit) ids.push(id);
    }
    return ids;
  }

  private recheckAdoptable(): void {
    if (this.adoptable.size === 0 || this.adoptTimer || this.stopped) return;
    this.adoptTimer = setTimeout(() => { this.adoptTimer = undefined; this.kick(); }, 50);
    this.adoptTimer.unref?.();
    this.renewTimer ??= setInterval(() => this.renew(), this.leaseMs / 3).unref();
  }

  /** Starts waiting rows while dispatch slots are free. */
  private startWaiting(): void {
    while (this.waiting.length > 0 && this.handling.size < (this.opts.concurrency ?? 4)) this.start(this.waiting.shift()!);
  }

  private start(row: InboxRow): void {
    const running = this.handle(row)
      .then((outcome) => {
        if (outcome === 'done') this.finished.push(row.id);
        if (outcome === 'left') this.left.push(row.id);
      }, (err) => {
        this.opts.log.warn({ inboxId: row.id, err: (err as Error)?.message }, 'handling an inbox row failed; it is taken again when its lease runs out');
      })
      .finally(() => {
        this.handling.delete(row.id);
        if (this.stopped) this.left.push(...this.waiting.splice(0).map((r) => r.id));
        else this.startWaiting();
        this.kick();
      });
    this.handling.set(row.id, running);
    this.renewTimer ??= setInterval(() => this.renew(), this.leaseMs / 3).unref();
  }

  /** Keeps the leases of the rows in hand (a dispatch that takes long); stops when nothing is in hand. */
  private renew(): void {
    const inHand = [...this.handling.keys(), ...this.waiting.map((r) => r.id), ...this.adoptable.keys()];
    if (inHand.length === 0) {
      clearInterval(this.renewTimer);
      this.renewTimer = undefined;
      return;
    }
    renewLeases(this.opts.database.db, inHand, this.leaseMs)
      .catch((err) => this.opts.log.warn({ err: (err as Error).message }, 'could not renew inbox leases'));
  }

  /** Dispatches one row, retrying in place. 'done' when dispatch succeeded (the next step marks it done). */
  private async handle(row: InboxRow): Promise<Outcome> {
    const { database, log, dispatch } = this.opts;
    const max = this.opts.maxAttempts ?? 3;
    const delays = this.opts.retryDelaysMs ?? [200, 1000];
    let attempts = row.attempts;
    if (attempts > max) {
      await markFailed(database.db, row.id, `gave up after ${max} attempts (the process stopped while handling it)`);
      return 'failed';
    }
    for (;;) {
      try {
        await dispatch(row.message, { inboxId: row.id });
        return 'done';
      } catch (err) {
        log.warn({ inboxId: row.id, attempts, err: (err as Error)?.message }, 'dispatching an inbound message failed');
        if (attempts >= max) {
          await markFailed(database.db, row.id, err instanceof Error ? err.stack ?? err.message : String(err));
          return 'failed';
        }
        // Stopping leaves the row pending (its attempts counted) for the next process.
        if (this.stopped) return 'left';
        await new Promise((r) => setTimeout(r, delays[Math.min(attempts - 1, delays.length - 1)] ?? 0));
        attempts = await recordAttempt(database.db, row.id, this.leaseMs);
      }
    }
  }
}
