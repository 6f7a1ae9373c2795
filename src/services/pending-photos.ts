/**
 * Photos that arrive before 开始督导 (a supervisor often snaps the gate first). They are stored at once and wait in
 * pending_photos; when the person starts or resumes a visit within PENDING_PHOTO_MINUTES they become photo entries
 * of it, with the time they were sent. Older ones stay stored, unattached: nothing sent is lost.
 */
import { and, asc, eq, gte, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { pendingPhotos, visitEntries } from '../db/schema/index.ts';
import { clock } from '../clock.ts';
import { draftOf, touch } from './visit-draft.ts';

export const PENDING_PHOTO_MINUTES = 30;

/** Keeps a photo sent with no visit open. Storing the same media twice keeps one row. */
export async function keepPendingPhoto(db: Db, input: { personId: number; mediaId: number; at?: Date }): Promise<void> {
  await db.insert(pendingPhotos)
    .values({ personId: input.personId, mediaId: input.mediaId, sentAt: input.at ?? clock.now() })
    .onConflictDoNothing();
}

/** Moves the person's recent waiting photos into their open visit; returns how many were attached. */
export async function attachPendingPhotos(db: Db, input: { personId: number }): Promise<number> {
  const since = new Date(clock.now().getTime() - PENDING_PHOTO_MINUTES * 60_000);
  return db.transaction(async (tx) => {
    const draft = await draftOf(tx, input.personId, true);
    if (!draft) return 0;
    const waiting = await tx.select().from(pendingPhotos)
      .where(and(eq(pendingPhotos.personId, input.personId), isNull(pendingPhotos.entryId), gte(pendingPhotos.sentAt, since)))
      .orderBy(asc(pendingPhotos.sentAt))
      .for('update');
    for (const photo of waiting) {
      const [entry] = await tx.insert(visitEntries).values({
        visitId: draft.id, kind: 'photo', mediaId: photo.mediaId, authorId: input.personId, createdAt: photo.sentAt,
      }).returning();
      await tx.update(pendingPhotos).set({ entryId: entry.id, attachedAt: clock.now() }).where(eq(pendingPhotos.id, photo.id));
    }
    if (waiting.length > 0) await touch(tx, draft.id);
    return waiting.length;
  });
}
