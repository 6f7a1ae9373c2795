/** Agenda 6 on our database. Its tables are created by migrate(), so it starts with ensureSchema: false. */
import { Agenda, InMemoryNotificationChannel } from 'agenda';
import { PostgresBackend } from '@agendajs/postgres-backend';
import type { Database } from '../db/client.ts';
import { AGENDA_TABLE } from '../db/migrate.ts';
import type { Logger } from '../log.ts';

export interface AgendaOptions {
  processEveryMs?: number;
  /** How long a run stays locked without touch() before another worker may take it over (JOB_LOCK_MS). */
  lockLifetimeMs?: number;
}

export function createAgenda(database: Database, log: Logger, opts: AgendaOptions = {}): Agenda {
  const pglite = database.kind === 'pglite';
  const backend = new PostgresBackend({
    pool: database.pool as any,
    tableName: AGENDA_TABLE,
    ensureSchema: false,
    // PGlite's LISTEN works in-process only: an in-memory channel (one process owns a PGlite directory) does the same.
    disableNotifications: pglite,
  });
  // The LISTEN connection emits 'error' when the database restarts; without a listener that would kill the process.
  // The channel reconnects by itself, and polling carries on meanwhile.
  backend.notificationChannel?.on?.('error', (err: Error) => log.warn({ err: err.message }, 'agenda notification channel lost its connection'));
  // processEvery must be a number of milliseconds: human-interval reads '200 milliseconds' as 200 s.
  const agenda = new Agenda({
    backend,
    processEvery: opts.processEveryMs ?? 1000,
    defaultLockLifetime: opts.lockLifetimeMs ?? 600_000,
    ...(pglite ? { notificationChannel: new InMemoryNotificationChannel() } : {}),
  });
  agenda.on('error', (err: Error) => log.warn({ err: err.message }, 'agenda error'));
  return agenda;
}
