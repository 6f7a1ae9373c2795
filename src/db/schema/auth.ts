/** Office console accounts: admins with a KDF-hashed password, browser sessions and script tokens. */
import { integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { offices, people } from './org.ts';

export const admins = pgTable('admins', {
  id: serial('id').primaryKey(),
  officeId: integer('office_id').notNull().references(() => offices.id),
  username: text('username').notNull().unique(),
  /** scrypt$N$r$p$salt$hash */
  passwordHash: text('password_hash').notNull(),
  personId: integer('person_id').references(() => people.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Browser sessions and bearer tokens; only the SHA-256 of the secret is stored. */
export const adminCredentials = pgTable('admin_credentials', {
  id: serial('id').primaryKey(),
  adminId: integer('admin_id').notNull().references(() => admins.id, { onDelete: 'cascade' }),
  kind: text('kind').notNull().$type<'session' | 'token'>(),
  secretHash: text('secret_hash').notNull().unique(),
  label: text('label'),
  expiresAt: timestamp('expires_at', { withTimezone: true }),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
