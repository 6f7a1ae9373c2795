/** Photos a supervisor sent while no visit was open: kept (never lost) until a visit starts and takes them. */
import { bigint, bigserial, index, integer, pgTable, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { people } from './org.ts';
import { media } from './messaging.ts';
import { visitEntries } from './visits.ts';

export const pendingPhotos = pgTable('pending_photos', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  personId: integer('person_id').notNull().references(() => people.id),
  mediaId: bigint('media_id', { mode: 'number' }).notNull().references(() => media.id),
  /** When the person sent it. */
  sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
  /** The visit entry it became; null while it waits. */
  entryId: integer('entry_id').references(() => visitEntries.id),
  attachedAt: timestamp('attached_at', { withTimezone: true }),
}, (t) => [uniqueIndex('pending_photos_person_media').on(t.personId, t.mediaId), index('pending_photos_waiting').on(t.personId, t.sentAt)]);
