/** The load generator: keep-alive HTTP POSTs over loopback, closed-loop at a fixed concurrency or open-loop at a rate. */
import http from 'node:http';

export interface Req { path: string; body: string }

export interface Result { count: number; ok: number; seconds: number; rps: number; p50: number; p99: number }

function post(agent: http.Agent, base: URL, req: Req): Promise<{ status: number; ms: number }> {
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const r = http.request({
      agent, host: base.hostname, port: base.port, method: 'POST', path: req.path,
      headers: { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(req.body) },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    });
    r.on('error', () => resolve({ status: 0, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    r.end(req.body);
  });
}

function summarise(latencies: number[], ok: number, seconds: number): Result {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { count: latencies.length, ok, seconds, rps: latencies.length / seconds, p50: at(0.5), p99: at(0.99) };
}

/** Sends every request with at most `concurrency` in flight. */
export async function loadTest(url: string, reqs: Req[], concurrency: number): Promise<Result> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const base = new URL(url);
  const latencies: number[] = [];
  let ok = 0;
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < reqs.length) {
      const r = await post(agent, base, reqs[next++]);
      latencies.push(r.ms);
      if (r.status === 200) ok++;
    }
  }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  return summarise(latencies, ok, seconds);
}

/** Starts one request every 1/rate s whatever the answers (no coordinated omission); latency from its start. */
export async function pacedTest(url: string, reqs: Req[], rate: number): Promise<Result> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const base = new URL(url);
  const latencies: number[] = [];
  let ok = 0;
  const started = process.hrtime.bigint();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < reqs.length; i++) {
    const due = Number(started) / 1e6 + (i * 1000) / rate;
    const wait = due - Number(process.hrtime.bigint()) / 1e6;
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(post(agent, base, reqs[i]).then((r) => { latencies.push(r.ms); if (r.status === 200) ok++; }));
  }
  await Promise.all(inFlight);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  return summarise(latencies, ok, seconds);
}
