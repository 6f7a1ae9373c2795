/**
 * The node:http server in front of everything, with limits a slow or greedy client cannot get around: the whole
 * request (headers and body) must arrive within `requestTimeoutMs`, the headers within `headersTimeoutMs`, an idle
 * socket is closed after `idleTimeoutMs`, and at most `maxConnections` sockets are open at once (more are refused
 * at accept). Node checks the request and header deadlines every `checkEveryMs`.
 */
import http from 'node:http';

export interface HttpLimits {
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  /** Keep-alive idle time; above the 60 s most load balancers use, so they close first. */
  idleTimeoutMs: number;
  maxConnections: number;
  checkEveryMs: number;
}

export const HTTP_LIMITS: HttpLimits = {
  requestTimeoutMs: 60_000,
  headersTimeoutMs: 10_000,
  idleTimeoutMs: 65_000,
  maxConnections: 2_000,
  checkEveryMs: 1_000,
};

export function createHttpServer(handler: http.RequestListener, limits: Partial<HttpLimits> = {}): http.Server {
  const l = { ...HTTP_LIMITS, ...limits };
  const server = http.createServer({ connectionsCheckingInterval: l.checkEveryMs, requestTimeout: l.requestTimeoutMs, headersTimeout: l.headersTimeoutMs }, handler);
  server.keepAliveTimeout = l.idleTimeoutMs;
  server.maxConnections = l.maxConnections;
  return server;
}
