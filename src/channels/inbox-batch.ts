/**
 * Group commit for the inbox. Callbacks that arrive while earlier inserts are still in flight are written together
 * by the next single INSERT (services/inbox.ts storeMany), and each caller gets its own row id once that statement
 * has committed. With no queue a message is inserted at once, so a lone callback waits for nothing.
 */
import type { Db } from '../db/client.ts';
import type { InboundMessage } from '../domain/messages.ts';
import { storeMany, type Stored } from '../services/inbox.ts';

interface Waiting {
  msg: InboundMessage;
  resolve(stored: Stored): void;
  reject(err: unknown): void;
}

export interface BatchOptions {
  /**
   * Inserts in flight at once (each holds one pooled connection). Default 1: while one commits, the next batch
   * gathers, so batches grow with the load; a commit costs PostgreSQL about as much as eight more rows in it.
   */
  maxInFlight?: number;
  /** Messages per INSERT at most. Default 200. */
  maxBatch?: number;
  /** New rows are stored leased to this process for this long, for its processor to adopt (storeMany's leaseMs). */
  leaseMs?: number;
}

export type StoreInbound = (msg: InboundMessage) => Promise<Stored>;

export function batchedStore(db: Db, opts: BatchOptions = {}): StoreInbound {
  const maxInFlight = opts.maxInFlight ?? 1;
  const maxBatch = opts.maxBatch ?? 200;
  const queue: Waiting[] = [];
  let inFlight = 0;

  const flush = () => {
    while (inFlight < maxInFlight && queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      inFlight++;
      storeMany(db, batch.map((w) => w.msg), { leaseMs: opts.leaseMs })
        .then((stored) => batch.forEach((w, i) => w.resolve(stored[i])), (err) => retryAlone(batch, err))
        .finally(() => { inFlight--; flush(); });
    }
  };

  // One bad message must not fail the others that shared its statement: each is tried again on its own.
  const retryAlone = (batch: Waiting[], err: unknown) => {
    if (batch.length === 1) return batch[0].reject(err);
    for (const w of batch) storeMany(db, [w.msg], { leaseMs: opts.leaseMs }).then(([stored]) => w.resolve(stored), w.reject);
  };

  return (msg) => new Promise<Stored>((resolve, reject) => {
    queue.push({ msg, resolve, reject });
    flush();
  });
}
