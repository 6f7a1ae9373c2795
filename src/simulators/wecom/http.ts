/**
 * Plumbing between HTTP and a simulator's `handle(request)`: its own server on a port (tests), or Koa middleware
 * under a prefix of our app (the sandbox). Multipart bodies (media/upload) are read with the app's own streaming
 * reader (src/http/multipart.ts), with its limits.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Middleware } from 'koa';
import type { Part } from '../../http/multipart.ts';

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
      const answer = await handle({
        method: req.method ?? 'GET', path: url.pathname, query: url.searchParams,
        contentType: req.headers['content-type'] ?? '', body: await readBody(req),
      });
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
    const answer = await handle({
      method: ctx.method, path: ctx.path.slice(base.length) || '/', query: new URLSearchParams(ctx.querystring),
      contentType: ctx.get('content-type'), body: await readBody(ctx.req),
    });
    ctx.status = answer.status;
    ctx.set(answer.headers);
    ctx.body = answer.body;
  };
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
