/**
 * The part of pg.Pool that Agenda's PostgreSQL backend uses, over one in-process PGlite (see docs/storage.md):
 * query(), connect() with LISTEN/UNLISTEN mapped to PGlite's listen(), and end().
 */
import { EventEmitter } from 'node:events';
import type { PGlite } from '@electric-sql/pglite';

type Result = { rows: any[]; rowCount: number; fields?: unknown };

export class PGlitePool extends EventEmitter {
  constructor(private readonly pglite: PGlite) {
    super();
  }

  async query(text: string | { text: string; values?: unknown[] }, params?: unknown[]): Promise<Result> {
    if (typeof text === 'object') {
      params = text.values;
      text = text.text;
    }
    if (params && params.length > 0) {
      const r = await this.pglite.query(text, params as any[]);
      // As pg reports it: a SELECT's rowCount is the rows it returned (PGlite's affectedRows is 0 for it).
      return { rows: r.rows as any[], rowCount: r.affectedRows || r.rows.length, fields: r.fields };
    }
    // The simple protocol, so multi-statement DDL works.
    const results = await this.pglite.exec(text);
    const last = results[results.length - 1];
    return { rows: (last?.rows ?? []) as any[], rowCount: last?.affectedRows || last?.rows.length || 0, fields: last?.fields };
  }

  async connect() {
    const client = new EventEmitter() as EventEmitter & { query: PGlitePool['query']; release: () => void };
    const unsubscribe = new Map<string, () => Promise<void>>();
    client.query = async (text, params) => {
      const m = typeof text === 'string' ? /^\s*(UN)?LISTEN\s+(?:"([^"]+)"|([^\s;]+))/i.exec(text) : null;
      if (m) {
        const channel = (m[2] ?? m[3])!;
        if (m[1]) {
          await unsubscribe.get(channel)?.();
          unsubscribe.delete(channel);
        } else {
          // The channel is quoted: Agenda's state channel contains a colon.
          const off = await this.pglite.listen(`"${channel}"`, (payload) => client.emit('notification', { channel, payload }));
          unsubscribe.set(channel, off);
        }
        return { rows: [], rowCount: 0 };
      }
      return this.query(text, params);
    };
    client.release = () => {};
    return client;
  }

  async end() {}
}
