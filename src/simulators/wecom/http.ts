/**
 * Plumbing between HTTP and a simulator's `handle(request)`: its own server on a port (tests), or Koa middleware
 * under a prefix of our app (the sandbox). Multipart bodies (media/upload) are read with the app's own streaming
 * reader (src/http/multipart.ts), with its limits.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Middleware } from 'koa';
import { Readable } from 'node:stream';
import { readMultipart, type MultipartLimits, type Part } from '../../http/multipart.ts';

export interface SimRequest {
  method: string;
  /** Without the mount prefix, e.g. /cgi-bin/message/send. */
  path: string;
  query: URLSearchParams;
  contentType: string;
  body: Buffer;
  /** The parts of a multipart/form-data body (filled in by the simulator before routing). */
  parts?: Part[];
}

export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

export type SimHandler = (req: SimRequest) => Promise<SimResponse>;

export interface Listening {
  url: string;
  close(): Promise<void>;
}

export async function listen(handle: SimHandler, port = 0, host = '127.0.0.1'): Promise<Listening> {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    try {
      const contentType = req.headers['content-type'] ?? '';
      const body = await readBody(req, bodyLimit(contentType));
      const answer = body ? await handle({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, contentType, body }) : tooLarge(contentType);
      if (!res.destroyed) res.writeHead(answer.status, answer.headers).end(answer.body);
    } catch {
      if (!res.destroyed) res.writeHead(500).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    url: `http://${host}:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

/** Serves the simulator under `prefix` of a Koa app; other paths pass through. */
export function mount(handle: SimHandler, prefix: string): Middleware {
  const base = prefix.replace(/\/$/, '');
  return async function simulator(ctx, next) {
    if (ctx.path !== base && !ctx.path.startsWith(`${base}/`)) return next();
    const contentType = ctx.get('content-type');
    const body = await readBody(ctx.req, bodyLimit(contentType));
    const answer = body
      ? await handle({ method: ctx.method, path: ctx.path.slice(base.length) || '/', query: new URLSearchParams(ctx.querystring), contentType, body })
      : tooLarge(contentType);
    ctx.status = answer.status;
    ctx.set(answer.headers);
    ctx.body = answer.body;
  };
}

/** WeCom takes files up to 20 MB (media/upload) and small JSON bodies; the simulator holds no more than that. */
export const UPLOAD_LIMIT = 20 * 1024 * 1024;
export const JSON_LIMIT = 1024 * 1024;

const bodyLimit = (contentType: string) => (/multipart\/form-data/i.test(contentType) ? UPLOAD_LIMIT : JSON_LIMIT);

/** The body, or null once it passes `limit` (declared or sent); the rest is drained, never kept. */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | null> {
  if (Number(req.headers['content-length'] ?? 0) > limit) {
    req.resume();
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        chunks.length = 0;
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** WeCom's answer to a body over its limit: a file too large for media/upload, or content out of limit. */
function tooLarge(contentType: string): SimResponse {
  const multipart = /multipart\/form-data/i.test(contentType);
  const json = multipart ? { errcode: 40006, errmsg: 'invalid file size' } : { errcode: 45002, errmsg: 'content size out of limit' };
  return { status: 413, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(json) };
}

/**
 * The parts of a multipart body, read with the app's streaming reader and `limits`; none when it is not multipart, and
 * an empty list when it cannot be read (media/upload then answers 41005, media data missing).
 */
export async function formParts(req: SimRequest, limits: MultipartLimits): Promise<Part[] | undefined> {
  if (!/multipart\/form-data/i.test(req.contentType)) return undefined;
  return readMultipart(Readable.from([req.body]), req.contentType, limits).catch(() => []);
}
