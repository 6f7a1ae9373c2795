/** Waits for a test server to go quiet: every stored message handled, every due outbox row sent to the simulator. */
import { and, eq, inArray, like, lte, or } from 'drizzle-orm';
import { clock } from '../../src/clock.ts';
import { inbox, outbox } from '../../src/db/schema/index.ts';
import type { RunningServer } from '../../src/server.ts';

/**
 * `channels` are the outbox channel prefixes this server can send (default: WeCom only, `wecom.`); rows of other
 * channels wait for their sender and are not waited for.
 */
export async function settleServer(server: RunningServer, opts: { channels?: string[] } = {}): Promise<void> {
  const { db } = server.database;
  const prefixes = opts.channels ?? ['wecom.'];
  for (let round = 0; round < 200; round++) {
    // The server hands a stored message on just after its 200, so look at the inbox rather than trust idle() alone.
    await server.inbox.idle();
    const waiting = await db.select({ id: inbox.id, sender: inbox.sender }).from(inbox).where(eq(inbox.status, 'pending')).limit(1);
    if (waiting.length > 0) {
      server.inbox.kick(waiting[0]!.sender);
      await new Promise((r) => setTimeout(r, 5));
      continue;
    }
    if (!server.dispatcher) return;
    await server.dispatcher.runOnce();
    const due = await db.select({ id: outbox.id }).from(outbox)
      .where(and(
        inArray(outbox.status, ['pending']),
        or(...prefixes.map((p) => like(outbox.channel, `${p}%`))),
        lte(outbox.nextAttemptAt, clock.now()),
      )).limit(1);
    if (due.length === 0) return;
  }
  throw new Error('the outbox did not settle');
}
