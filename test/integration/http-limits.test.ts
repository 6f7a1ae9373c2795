/**
 * The HTTP server's own limits: a body that trickles in is cut off at the request deadline, headers that never end
 * at the header deadline, and sockets beyond the connection cap are refused; the server keeps answering others.
 */
import net from 'node:net';
import request from 'supertest';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({}, undefined, { httpLimits: { requestTimeoutMs: 1500, headersTimeoutMs: 1000, maxConnections: 20, checkEveryMs: 200 } });
});
afterAll(async () => { await server.stop(); });

const port = () => Number(new URL(server.url).port);

/** Opens a socket, writes `first`, then one byte every 200 ms; resolves with what came back and when it closed. */
function trickle(first: string): Promise<{ answer: string; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(port(), '127.0.0.1', () => socket.write(first));
    let answer = '';
    const timer = setInterval(() => { if (!socket.destroyed) socket.write('x'); }, 200);
    socket.on('data', (d) => { answer += d; });
    socket.on('error', () => {});
    socket.on('close', () => { clearInterval(timer); resolve({ answer, ms: Date.now() - started }); });
  });
}

describe('the HTTP server limits', () => {
  it('cuts off a request body that trickles in, at the request deadline, with 408', async () => {
    const { answer, ms } = await trickle('POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{');
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(ms).toBeGreaterThanOrEqual(1400);
    expect(ms).toBeLessThan(10_000);
  });

  it('cuts off headers that never end, at the header deadline', async () => {
    const { answer, ms } = await trickle('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(ms).toBeLessThan(10_000);
  });

  it('refuses sockets beyond the connection cap and still answers once they are gone', async () => {
    const open: net.Socket[] = [];
    for (let i = 0; i < 20; i++) {
      open.push(await new Promise<net.Socket>((resolve) => { const s = net.connect(port(), '127.0.0.1', () => resolve(s)); s.on('error', () => {}); }));
    }
    const refused = await new Promise<boolean>((resolve) => {
      const s = net.connect(port(), '127.0.0.1', () => s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'));
      let answered = false;
      s.on('data', () => { answered = true; });
      s.on('error', () => {});
      s.on('close', () => resolve(!answered));
    });
    expect(refused).toBe(true);
    for (const s of open) s.destroy();
    await new Promise((r) => setTimeout(r, 100));
    expect((await request(server.url).get('/healthz')).status).toBe(200);
  });
});
