/**
 * What the simulated WeCom saw: every request in order, with secrets left out, and the views tests and the sandbox
 * console read (messages to a member, to a chat, through a robot). New entries are also emitted as 'request'.
 */
import { EventEmitter } from 'node:events';

export interface RecordedCall {
  seq: number;
  at: Date;
  method: string;
  /** e.g. /cgi-bin/message/send */
  path: string;
  /** The query string without access_token, corpsecret, secret and key. */
  query: Record<string, string>;
  /** Who it was for: touser, chatid, the robot key, or the userids of a card update. */
  to?: string;
  /** The parsed JSON body; for an upload, a description of the file. */
  body: unknown;
  /** The answer's JSON, or a description of the file served. */
  response: Record<string, unknown>;
  errcode: number;
  /** message/send with enable_duplicate_check that WeCom dropped as a repeat. */
  duplicate?: boolean;
}

const SECRET_PARAMS = new Set(['access_token', 'corpsecret', 'key', 'secret']);
/** The journal keeps the newest calls only, and a body that was not JSON only by its first characters. */
export const MAX_CALLS = 2000;
export const MAX_RAW_BODY = 4096;
/** A JSON body larger than this is recorded by its size only (WeCom's own bodies are a few KB at most). */
export const MAX_RECORDED_JSON = 16 * 1024;

export class Journal {
  readonly events = new EventEmitter();
  private calls: RecordedCall[] = [];
  private seq = 0;

  record(entry: Omit<RecordedCall, 'seq' | 'query'> & { query: URLSearchParams }): RecordedCall {
    const query = Object.fromEntries([...entry.query].filter(([k]) => !SECRET_PARAMS.has(k)));
    const body = typeof entry.body === 'string' && entry.body.length > MAX_RAW_BODY
      ? `${entry.body.slice(0, MAX_RAW_BODY)}… (${entry.body.length} characters)` : entry.body;
    const call: RecordedCall = { ...entry, body, query, seq: ++this.seq };
    this.calls.push(call);
    if (this.calls.length > MAX_CALLS) this.calls.splice(0, this.calls.length - MAX_CALLS);
    this.events.emit('request', call);
    return call;
  }

  all(): RecordedCall[] {
    return [...this.calls];
  }

  clear(): void {
    this.calls = [];
  }

  /** Calls to one path (with or without the /cgi-bin prefix). */
  byPath(path: string): RecordedCall[] {
    const p = normalizePath(path);
    return this.calls.filter((c) => c.path === p);
  }

  /** Successful deliveries to one path, repeats dropped by the duplicate check left out. */
  delivered(path: string, to?: string): RecordedCall[] {
    return this.byPath(path).filter((c) => c.errcode === 0 && !c.duplicate && (to === undefined || c.to === to));
  }
}

export function normalizePath(path: string): string {
  const p = path.startsWith('/') ? path : `/${path}`;
  return p.startsWith('/cgi-bin/') ? p : `/cgi-bin${p}`;
}
