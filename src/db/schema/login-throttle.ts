/**
 * Failed sign-ins counted per account and per address (services/login-throttle.ts), in the shape
 * rate-limiter-flexible's PostgreSQL store reads and writes: key, points used, expiry in epoch milliseconds.
 */
import { bigint, integer, pgTable, varchar } from 'drizzle-orm/pg-core';

export const loginThrottle = pgTable('login_throttle', {
  key: varchar('key', { length: 255 }).primaryKey(),
  points: integer('points').notNull().default(0),
  expire: bigint('expire', { mode: 'number' }),
});
