/**
 * Inbound messages that were acknowledged to the platform but could not be stored, for a reason other than the
 * database being away: a spooled file that cannot be read, or a message the database refuses. They are set aside in
 * a quarantine folder (DATA_DIR/spool/quarantine, one JSON record per message) instead of blocking the messages
 * after them, and the office sees its own there: a record belongs to the office of the person who sent it.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { DbOrTx } from '../db/client.ts';
import type { InboundMessage } from '../domain/messages.ts';
import { personByChannelId } from './directory.ts';

export interface QuarantineRecord {
  /** The spool file it came from. */
  file: string;
  /** When it was set aside (ISO). */
  at: string;
  reason: string;
  /** The message, when the file could be read. */
  message?: InboundMessage;
  /** The first bytes of a file that could not be read as a message. */
  unreadable?: string;
}

export interface QuarantineList {
  items: QuarantineRecord[];
  /** Records that name no known sender (an unreadable file, a stranger): counted, not shown to any office. */
  unattributed: number;
}

/** Writes the record durably (write, fsync, rename), named after the spool file. */
export async function putInQuarantine(dir: string, record: QuarantineRecord): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  const target = path.join(dir, record.file);
  const tmp = path.join(dir, `.${record.file}.${process.pid}.tmp`);
  const file = await fs.open(tmp, 'w');
  try {
    await file.writeFile(JSON.stringify(record));
    await file.sync();
  } finally {
    await file.close();
  }
  await fs.rename(tmp, target);
}

/** The office's quarantined messages, oldest first, at most `limit` of them (the newest are kept). */
export async function listQuarantine(db: DbOrTx, dir: string, officeId: number, limit = 200): Promise<QuarantineList> {
  let names: string[];
  try {
    names = (await fs.readdir(dir)).filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { items: [], unattributed: 0 };
    throw err;
  }
  const items: QuarantineRecord[] = [];
  let unattributed = 0;
  const officeOf = new Map<string, number | null>();
  for (const name of names) {
    let record: QuarantineRecord;
    try {
      record = JSON.parse(await fs.readFile(path.join(dir, name), 'utf8')) as QuarantineRecord;
    } catch {
      unattributed++;
      continue;
    }
    const msg = record.message;
    if (!msg || typeof msg.from !== 'string' || typeof msg.channel !== 'string') { unattributed++; continue; }
    const who = `${msg.channel}:${msg.from}`;
    if (!officeOf.has(who)) officeOf.set(who, (await personByChannelId(db, msg.channel, msg.from))?.officeId ?? null);
    const office = officeOf.get(who);
    if (office === null) unattributed++;
    else if (office === officeId) items.push(record);
  }
  return { items: items.slice(-limit), unattributed };
}
