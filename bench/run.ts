/**
 * `npm run bench`: our /wecom/callback (real server, PostgreSQL, every message committed to the inbox before the
 * 200, the inbox processor handling each stored row after it) against two peers built on the npm package `wechat`
 * (node-webot) in its encrypted mode: `wechat` alone (stores nothing), and `wechat` + PostgreSQL (each message
 * INSERTed with a synchronous commit, ON CONFLICT DO NOTHING on the MsgId, before its reply) — the server a user
 * would actually write. All three are fed distinct encrypted text callbacks over loopback by the same load
 * generator, all child processes on the same cores. Each gets the same warm-up; before every round our processor
 * has finished the rows of the round before, so no round runs beside leftover work of ours. Phase A: fixed
 * concurrency, fixed count, rounds alternating between the three (the order rotating), medians reported, with the
 * CPU each spent per request (server process tree, plus PostgreSQL for the two that store; ours until the round's
 * last row was handled). Phase B: an open-loop 200 requests/s for 10 s, latency per request. Then the memory (RSS)
 * of each process role: ours after the load, and the compiled `web` and `worker` roles started on their own (idle).
 * Bounded in count and time.
 */
import { CallbackCrypto, sortedSignature } from '../src/channels/crypto.ts';
import { buildXml, callbackEnvelope } from '../src/channels/wecom/xml.ts';
import { adminQuery, urlFor } from '../test/helpers/pg.ts';
import { loadTest, pacedTest, type Req, type Result } from './load.ts';
import { startChild, type Child } from './child.ts';
import { postgresCpuMs, processTreeCpuMs, processTreeRssMb } from './cpu.ts';
import { rolesRss } from './roles.ts';

const CONCURRENCY = 32;
const COUNT = 4000;
/** V8 needs a few thousand requests before its rate settles; both servers get the same. */
const WARMUP = 3000;
const ROUNDS = 5;
const PACED_RATE = 200;
const PACED_SECONDS = 10;

const APP = { token: '123456', aesKey: 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR', corpId: 'wx49f0ab532d5d035a', appId: 'wxb11529c136998cb6' };
let serial = 0;
const nonce = () => String(100_000_000 + (serial % 900_000_000));
const text = (n: number) => `第${n}条：实验小学东门护栏已整改，请复查`;

/** A WeCom self-built-app text callback for our server. */
function wecomRequest(): Req {
  const n = ++serial;
  const crypto = wecomCrypto;
  const createTime = Math.floor(Date.now() / 1000);
  const xml = buildXml({
    ToUserName: APP.corpId, FromUserName: `sup${n % 200}`, CreateTime: createTime, MsgType: 'text', Content: text(n),
    MsgId: BigInt(7_300_000_000_000_000_000n + BigInt(n)), AgentID: 1,
  });
  const encrypted = crypto.encrypt(xml);
  const ts = String(createTime);
  const nc = nonce();
  const q = new URLSearchParams({ msg_signature: crypto.sign(ts, nc, encrypted), timestamp: ts, nonce: nc });
  return { path: `/wecom/callback?${q}`, body: callbackEnvelope(APP.corpId, encrypted, 1) };
}

/** The same message as an official-account safe-mode callback (receive-id = app id), which is what `wechat` reads. */
function officialAccountRequest(): Req {
  const n = ++serial;
  const crypto = oaCrypto;
  const createTime = Math.floor(Date.now() / 1000);
  const xml = buildXml({
    ToUserName: 'gh_10f6c3c3ac5a', FromUserName: `oyORnuP8q7ou2gfYjqLz${n % 200}`, CreateTime: createTime, MsgType: 'text',
    Content: text(n), MsgId: BigInt(6_000_000_000_000_000_000n + BigInt(n)),
  });
  const encrypted = crypto.encrypt(xml);
  const ts = String(createTime);
  const nc = nonce();
  const q = new URLSearchParams({
    signature: sortedSignature(APP.token, ts, nc), timestamp: ts, nonce: nc, openid: 'o1', encrypt_type: 'aes',
    msg_signature: crypto.sign(ts, nc, encrypted),
  });
  return { path: `/?${q}`, body: buildXml({ ToUserName: 'gh_10f6c3c3ac5a', Encrypt: encrypted }) };
}

const wecomCrypto = new CallbackCrypto({ token: APP.token, encodingAESKey: APP.aesKey, receiveId: APP.corpId });
const oaCrypto = new CallbackCrypto({ token: APP.token, encodingAESKey: APP.aesKey, receiveId: APP.appId });
const many = (make: () => Req, n: number) => Array.from({ length: n }, make);

const fmt = (r: Result) =>
  `${r.rps.toFixed(0).padStart(6)} req/s   p50 ${r.p50.toFixed(1).padStart(5)} ms   p99 ${r.p99.toFixed(1).padStart(5)} ms   (${r.ok}/${r.count} answered 200)`;

interface Round extends Result { serverCpuUs: number; postgresCpuUs: number; drainMs: number }

async function main() {
  const dbName = `dudao_bench_${process.pid}`;
  await adminQuery(`CREATE DATABASE ${dbName}`);
  const children: Child[] = [];
  const pg = (await import('pg')).default;
  let watcher: InstanceType<typeof pg.Client> | undefined;
  try {
    const ourEnv = {
      PORT: '0', DATABASE_URL: urlFor(dbName), LOG_LEVEL: 'warn', DATA_DIR: '/tmp/dudao-bench',
      WECOM_CORP_ID: APP.corpId, WECOM_AGENT_ID: '1', WECOM_SECRET: 'bench', WECOM_TOKEN: APP.token, WECOM_AES_KEY: APP.aesKey,
      WECOM_API_BASE: 'http://127.0.0.1:9', SANDBOX: '0',
    };
    const ours = await startChild('bench/servers/dudao.ts', ourEnv);
    children.push(ours);
    const peerEnv = { BENCH_TOKEN: APP.token, BENCH_APP_ID: APP.appId, BENCH_AES_KEY: APP.aesKey };
    const theirs = await startChild('bench/servers/wechat.ts', peerEnv);
    children.push(theirs);
    const peer = await startChild('bench/servers/wechat-pg.ts', { ...peerEnv, DATABASE_URL: urlFor(dbName) });
    children.push(peer);
    watcher = new pg.Client({ connectionString: urlFor(dbName) });
    await watcher.connect();
    const w = watcher;

    /** Waits until our processor has handled every stored row; returns how long that took. */
    const drained = async () => {
      const started = performance.now();
      for (let i = 0; i < 6000; i++) {
        const { rows } = await w.query(`select count(*)::int as n from inbox where status = 'pending'`);
        if (rows[0].n === 0) return performance.now() - started;
        await new Promise((r) => setTimeout(r, 5));
      }
      throw new Error('the inbox processor did not finish within 30 s');
    };
    type Side = { name: string; child: Child; make: () => Req; inbox: boolean; postgres: boolean };
    const sides: Side[] = [
      { name: 'wechat', child: theirs, make: officialAccountRequest, inbox: false, postgres: false },
      { name: 'wechat+pg', child: peer, make: officialAccountRequest, inbox: false, postgres: true },
      { name: 'dudao', child: ours, make: wecomRequest, inbox: true, postgres: true },
    ];
    /** One measured round: requests built beforehand, CPU of the server (and PostgreSQL) until its work is done. */
    const round = async (side: Side, reqs: Req[]): Promise<Round> => {
      await drained();
      const [cpu0, pg0] = [processTreeCpuMs(side.child.proc.pid!), postgresCpuMs()];
      const result = await loadTest(side.child.url, reqs, CONCURRENCY);
      const drainMs = side.inbox ? await drained() : 0;
      const [cpu1, pg1] = [processTreeCpuMs(side.child.proc.pid!), postgresCpuMs()];
      const perReq = (ms: number) => (ms * 1000) / reqs.length;
      return { ...result, serverCpuUs: perReq(cpu1 - cpu0), postgresCpuUs: side.postgres ? perReq(pg1 - pg0) : 0, drainMs };
    };

    console.log(`Warming up (${WARMUP} requests each) ...`);
    for (const side of sides) {
      await loadTest(side.child.url, many(side.make, WARMUP), CONCURRENCY);
      await drained();
    }

    const results = new Map<string, Round[]>(sides.map((x) => [x.name, []]));
    for (let r = 1; r <= ROUNDS; r++) {
      const order = sides.map((_, i) => sides[(i + r - 1) % sides.length]);
      const line: string[] = [];
      for (const side of order) {
        const res = await round(side, many(side.make, COUNT));
        results.get(side.name)!.push(res);
        line.push(`${side.name} ${res.rps.toFixed(0)} req/s${side.inbox ? ` (last row handled ${res.drainMs.toFixed(0)} ms after the last ack)` : ''}`);
      }
      console.log(`  round ${r}: ${line.join(', ')}`);
    }
    const median = (rs: Round[]) => [...rs].sort((a, b) => a.rps - b.rps)[Math.floor(rs.length / 2)];
    const [oa, ta, pa] = ['dudao', 'wechat', 'wechat+pg'].map((n) => median(results.get(n)!));
    const cpu = (r: Round, withPostgres: boolean) =>
      `CPU per request: server ${r.serverCpuUs.toFixed(0)} µs${withPostgres ? ` + PostgreSQL ${r.postgresCpuUs.toFixed(0)} µs` : ''}`;

    console.log(`Paced ${PACED_RATE} req/s for ${PACED_SECONDS} s each ...`);
    await drained();
    const tb = await pacedTest(theirs.url, many(officialAccountRequest, PACED_RATE * PACED_SECONDS), PACED_RATE);
    const pb = await pacedTest(peer.url, many(officialAccountRequest, PACED_RATE * PACED_SECONDS), PACED_RATE);
    const ob = await pacedTest(ours.url, many(wecomRequest, PACED_RATE * PACED_SECONDS), PACED_RATE);
    await drained();

    const { rows } = await w.query(`select status, count(*)::int as n from inbox group by status order by status`);
    const { rows: peerRows } = await w.query(`select count(*)::int as n from peer_inbox`);
    const { rows: hot } = await w.query(`select n_tup_upd::int as upd, n_tup_hot_upd::int as hot from pg_stat_user_tables where relname = 'inbox'`);
    const sentToUs = WARMUP + ROUNDS * COUNT + PACED_RATE * PACED_SECONDS;
    const oursRss = processTreeRssMb(ours.proc.pid!);

    console.log('');
    console.log(`A. max throughput, concurrency ${CONCURRENCY}, ${COUNT} distinct encrypted text callbacks, median of ${ROUNDS} rounds`);
    console.log(`   dudao     (verify, decrypt, parse, inbox commit, ordered processing) ${fmt(oa)}`);
    console.log(`             ${cpu(oa, true)}; the processor handled the round's last row ${oa.drainMs.toFixed(0)} ms after the last ack`);
    console.log(`   wechat+pg (verify, decrypt, parse, one INSERT and commit per message) ${fmt(pa)}`);
    console.log(`             ${cpu(pa, true)}`);
    console.log(`   wechat    (verify, decrypt, parse, no storage)                        ${fmt(ta)}`);
    console.log(`             ${cpu(ta, false)}`);
    console.log(`   ratio dudao / wechat+pg: ${(oa.rps / pa.rps).toFixed(2)}x; dudao / wechat: ${(oa.rps / ta.rps).toFixed(2)}x; wechat+pg / wechat: ${(pa.rps / ta.rps).toFixed(2)}x`);
    console.log(`B. paced ${PACED_RATE} req/s for ${PACED_SECONDS} s`);
    console.log(`   dudao     ${fmt(ob)}`);
    console.log(`   wechat+pg ${fmt(pb)}`);
    console.log(`   wechat    ${fmt(tb)}`);
    console.log(`Inbox rows by status: ${rows.map((r) => `${r.status} ${r.n}`).join(', ')} (of ${sentToUs} callbacks sent); wechat+pg stored ${peerRows[0].n}`);
    console.log(`Inbox row updates: ${hot[0]?.upd ?? 0} (a 'done' per message, a lease only for a row not adopted by the process that stored it), HOT ${hot[0]?.hot ?? 0}`);
    console.log('Memory (RSS):');
    console.log(`   dudao web+worker in one process (tsx), after the load: ${oursRss.toFixed(0)} MB`);
    for (const r of await rolesRss({ ...ourEnv, PORT: '0' })) console.log(`   compiled ${r.role.padEnd(6)} role (node dist/src/main.js --role=${r.role}), idle: ${r.rssMb.toFixed(0)} MB`);
    console.log(`Targets: dudao >= 1.0x wechat+pg -> ${oa.rps / pa.rps >= 1 ? 'met' : 'NOT met'}; p99 < 50 ms at ${PACED_RATE} req/s -> ${ob.p99 < 50 ? 'met' : 'NOT met'}`);
  } finally {
    await watcher?.end();
    for (const c of children) await c.stop();
    await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
