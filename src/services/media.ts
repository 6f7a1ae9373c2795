/**
 * Files we keep: the bytes live once under DATA_DIR/media/<sha256>, described by a `media` row. A row's `source`
 * (e.g. 'wecom:<MediaId>') is unique, so downloading the same platform file twice stores it once.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { media } from '../db/schema/index.ts';
import { DudaoError } from '../domain/errors.ts';
import { photoTypeOf, type PhotoType } from '../domain/image-type.ts';

export type MediaRow = typeof media.$inferSelect;

export interface NewMedia {
  bytes: Uint8Array;
  mime: string;
  fileName?: string;
  /** Where it came from, e.g. 'wecom:<MediaId>'. */
  source?: string;
}

export function mediaPath(dataDir: string, sha256: string): string {
  return path.resolve(dataDir, 'media', sha256);
}

/** Writes the bytes (once per content) and returns the row; an existing row with the same source is returned as is. */
export async function storeMedia(db: DbOrTx, dataDir: string, file: NewMedia): Promise<MediaRow> {
  const sha256 = crypto.createHash('sha256').update(file.bytes).digest('hex');
  await writeOnce(mediaPath(dataDir, sha256), file.bytes);
  const [row] = await db
    .insert(media)
    .values({ sha256, mime: file.mime, size: file.bytes.byteLength, fileName: file.fileName ?? null, source: file.source ?? null })
    .onConflictDoNothing({ target: media.source })
    .returning();
  if (row) return row;
  const existing = await findMediaBySource(db, file.source!);
  return existing!;
}

export async function findMediaBySource(db: DbOrTx, source: string): Promise<MediaRow | undefined> {
  const [row] = await db.select().from(media).where(eq(media.source, source));
  return row;
}

/** The row and its bytes; not_found when either is missing. */
export async function readMedia(db: DbOrTx, dataDir: string, id: number): Promise<MediaRow & { bytes: Buffer }> {
  const [row] = await db.select().from(media).where(eq(media.id, id));
  if (!row) throw new DudaoError('not_found', `media ${id} does not exist`);
  try {
    return { ...row, bytes: await fs.readFile(mediaPath(dataDir, row.sha256)) };
  } catch {
    throw new DudaoError('not_found', `the file of media ${id} is missing from storage`);
  }
}

/**
 * A stored photo as it may be served: its bytes and the allow-listed image type they are (by their magic bytes,
 * whatever type was stored with them); not_found when the file is missing or is not such an image.
 */
export async function readPhoto(db: DbOrTx, dataDir: string, id: number): Promise<{ bytes: Buffer; type: PhotoType }> {
  const file = await readMedia(db, dataDir, id);
  const type = photoTypeOf(file.bytes);
  if (!type) throw new DudaoError('not_found', `media ${id} is not an image of an accepted type`);
  return { bytes: file.bytes, type };
}

async function writeOnce(file: string, bytes: Uint8Array): Promise<void> {
  try {
    await fs.access(file);
    return;
  } catch { /* not there yet */ }
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  await fs.writeFile(tmp, bytes);
  await fs.rename(tmp, file);
}
