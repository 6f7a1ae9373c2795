/**
 * Messages that could not be delivered (outbox rows parked as dead), as the office sees them: only the office's own
 * rows (outbox.office_id), newest first, one page at a time, each with its last error; and resending one,
 * which gives it a fresh set of attempts (the dispatcher takes it at its next poll) and is audited.
 */
import { and, count, desc, eq, inArray, or } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { outbox, people, zones } from '../db/schema/index.ts';
import { DudaoError } from '../domain/errors.ts';
import { offsetOf, paged, type PageRequest } from '../domain/paging.ts';
import { clock } from '../clock.ts';
import { opsText } from '../../templates/admin/ops-text.ts';
import { consoleAccessText } from '../../templates/admin/access.ts';
import { audit } from './audit.ts';
import { actorOf, assertOfficeRole, type Viewer } from './console-viewer.ts';
import type { OutboxRow } from './outbox.ts';

/** Outbox rows of the office (each row carries the office it was queued for). */
const ofOffice = (officeId: number) => eq(outbox.officeId, officeId);

export interface UndeliveredMessage {
  row: OutboxRow;
  /** Who it was for: a person's or a zone's name. */
  to: string | null;
}

export async function undeliveredPage(db: DbOrTx, v: Viewer, p: PageRequest) {
  assertOfficeRole(v);
  const where = and(eq(outbox.status, 'dead'), ofOffice(v.officeId));
  const [{ n }] = await db.select({ n: count() }).from(outbox).where(where);
  const rows = await db.select().from(outbox).where(where).orderBy(desc(outbox.id)).limit(p.size).offset(offsetOf(p));
  const names = await recipientNames(db, v.officeId, rows.map((r) => r.recipient));
  return paged<UndeliveredMessage>(rows.map((row) => ({ row, to: names.get(row.recipient) ?? null })), n, p);
}

export async function undeliveredCount(db: DbOrTx, v: Viewer): Promise<number> {
  if (v.role !== 'office') return 0;
  const [{ n }] = await db.select({ n: count() }).from(outbox).where(and(eq(outbox.status, 'dead'), ofOffice(v.officeId)));
  return n;
}

/** Puts a dead message back in the queue with fresh attempts; 404 for a message that is not the office's. */
export async function resendUndelivered(db: DbOrTx, v: Viewer, id: number): Promise<OutboxRow> {
  assertOfficeRole(v);
  const [row] = await db.select().from(outbox).where(eq(outbox.id, id));
  if (!row) throw new DudaoError('not_found', opsText.unknownMessage(id));
  if (row.officeId !== v.officeId) throw new DudaoError('forbidden', consoleAccessText.otherOffice);
  if (row.status !== 'dead') throw new DudaoError('invalid_state', opsText.notDead(id));
  const [updated] = await db.update(outbox)
    .set({ status: 'pending', nextAttemptAt: clock.now(), lockedUntil: null, abandonedAt: null, startedAttempts: 0, finishedAttempts: 0 })
    .where(and(eq(outbox.id, id), eq(outbox.status, 'dead'))).returning();
  if (!updated) throw new DudaoError('invalid_state', opsText.notDead(id));
  await audit(db, {
    actor: actorOf(v), officeId: v.officeId, action: 'outbox.resend', entity: 'outbox', entityId: id,
    before: { status: 'dead', lastError: row.lastError, attempts: row.finishedAttempts }, after: { status: 'pending' },
  });
  return updated;
}

async function recipientNames(db: DbOrTx, officeId: number, recipients: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (recipients.length === 0) return names;
  const ps = await db.select({ name: people.name, a: people.wecomUserId, b: people.wechatOpenId, c: people.wechatyContact }).from(people)
    .where(and(eq(people.officeId, officeId), or(inArray(people.wecomUserId, recipients), inArray(people.wechatOpenId, recipients), inArray(people.wechatyContact, recipients))));
  for (const p of ps) for (const id of [p.a, p.b, p.c]) if (id) names.set(id, p.name);
  const zs = await db.select({ name: zones.name, a: zones.wecomChatId, b: zones.robotKey, c: zones.wechatyRoom }).from(zones)
    .where(and(eq(zones.officeId, officeId), or(inArray(zones.wecomChatId, recipients), inArray(zones.robotKey, recipients), inArray(zones.wechatyRoom, recipients))));
  for (const z of zs) for (const id of [z.a, z.b, z.c]) if (id) names.set(id, z.name);
  return names;
}
