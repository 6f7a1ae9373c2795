/**
 * A TCP proxy in front of PostgreSQL that can black-hole the connections it already carries: their bytes are no
 * longer forwarded either way and nothing is closed (what a dead NAT entry or a failed-over load balancer does),
 * while new connections pass as before.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Stops forwarding on every connection open now; returns how many. */
  blackHoleExisting(): number;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const live = new Set<{ client: net.Socket; upstream: net.Socket }>();
  const holes: net.Socket[] = [];
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    const pair = { client, upstream };
    live.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => { live.delete(pair); client.destroy(); upstream.destroy(); };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as AddressInfo).port,
    blackHoleExisting() {
      const n = live.size;
      for (const { client, upstream } of live) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        // Swallow what arrives from now on; keep both sockets open.
        client.removeAllListeners('data');
        client.on('data', () => {});
        upstream.on('data', () => {});
        holes.push(client, upstream);
      }
      live.clear();
      return n;
    },
    close: () => new Promise<void>((resolve) => {
      for (const s of holes) s.destroy();
      for (const { client, upstream } of live) { client.destroy(); upstream.destroy(); }
      server.close(() => resolve());
    }),
  };
}
