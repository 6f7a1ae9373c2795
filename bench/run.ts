/**
 * `npm run bench`: our /wecom/callback (real server, PostgreSQL, every message committed to the inbox before the
 * 200) against the npm package `wechat` (node-webot) in its encrypted mode, both fed distinct encrypted text
 * callbacks over loopback. Phase A: fixed concurrency, fixed count, three alternating rounds (median reported).
 * Phase B: an open-loop 200 requests/s for 10 s, latency per request. Bounded in count and time.
 */
import { CallbackCrypto, sortedSignature } from '../src/channels/crypto.ts';
import { buildXml, callbackEnvelope } from '../src/channels/wecom/xml.ts';
import { adminQuery, urlFor } from '../test/helpers/pg.ts';
import { loadTest, pacedTest, type Req, type Result } from './load.ts';
import { startChild, type Child } from './child.ts';

const CONCURRENCY = 32;
const COUNT = 4000;
const WARMUP = 500;
const ROUNDS = 3;
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

async function main() {
  const dbName = `dudao_bench_${process.pid}`;
  await adminQuery(`CREATE DATABASE ${dbName}`);
  const children: Child[] = [];
  try {
    const ours = await startChild('bench/servers/dudao.ts', {
      PORT: '0', DATABASE_URL: urlFor(dbName), LOG_LEVEL: 'warn', DATA_DIR: '/tmp/dudao-bench',
      WECOM_CORP_ID: APP.corpId, WECOM_AGENT_ID: '1', WECOM_SECRET: 'bench', WECOM_TOKEN: APP.token, WECOM_AES_KEY: APP.aesKey,
      WECOM_API_BASE: 'http://127.0.0.1:9', SANDBOX: '0',
    });
    children.push(ours);
    const theirs = await startChild('bench/servers/wechat.ts', { BENCH_TOKEN: APP.token, BENCH_APP_ID: APP.appId, BENCH_AES_KEY: APP.aesKey });
    children.push(theirs);

    console.log(`Warming up (${WARMUP} requests each) ...`);
    await loadTest(ours.url, many(wecomRequest, WARMUP), CONCURRENCY);
    await loadTest(theirs.url, many(officialAccountRequest, WARMUP), CONCURRENCY);

    const oursA: Result[] = [];
    const theirsA: Result[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      theirsA.push(await loadTest(theirs.url, many(officialAccountRequest, COUNT), CONCURRENCY));
      oursA.push(await loadTest(ours.url, many(wecomRequest, COUNT), CONCURRENCY));
      console.log(`  round ${round}: dudao ${oursA.at(-1)!.rps.toFixed(0)} req/s, wechat ${theirsA.at(-1)!.rps.toFixed(0)} req/s`);
    }
    const median = (rs: Result[]) => [...rs].sort((a, b) => a.rps - b.rps)[Math.floor(rs.length / 2)];
    const [oa, ta] = [median(oursA), median(theirsA)];

    console.log(`Paced ${PACED_RATE} req/s for ${PACED_SECONDS} s each ...`);
    const tb = await pacedTest(theirs.url, many(officialAccountRequest, PACED_RATE * PACED_SECONDS), PACED_RATE);
    const ob = await pacedTest(ours.url, many(wecomRequest, PACED_RATE * PACED_SECONDS), PACED_RATE);

    const { rows } = await adminQueryOn(dbName, 'select count(*)::int as n from inbox');
    const sentToUs = WARMUP + ROUNDS * COUNT + PACED_RATE * PACED_SECONDS;

    console.log('');
    console.log(`A. max throughput, concurrency ${CONCURRENCY}, ${COUNT} distinct encrypted text callbacks, median of ${ROUNDS} rounds`);
    console.log(`   dudao  (verify, decrypt, parse, inbox commit) ${fmt(oa)}`);
    console.log(`   wechat (verify, decrypt, parse, no storage)   ${fmt(ta)}`);
    console.log(`   ratio dudao / wechat: ${(oa.rps / ta.rps).toFixed(2)}x`);
    console.log(`B. paced ${PACED_RATE} req/s for ${PACED_SECONDS} s`);
    console.log(`   dudao  ${fmt(ob)}`);
    console.log(`   wechat ${fmt(tb)}`);
    console.log(`Inbox rows committed by dudao: ${rows[0].n} of ${sentToUs} callbacks sent`);
    console.log(`Targets: ratio >= 1.0 -> ${oa.rps / ta.rps >= 1 ? 'met' : 'NOT met'}; p99 < 50 ms at ${PACED_RATE} req/s -> ${ob.p99 < 50 ? 'met' : 'NOT met'}`);
  } finally {
    for (const c of children) await c.stop();
    await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
}

async function adminQueryOn(dbName: string, text: string) {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: urlFor(dbName) });
  await client.connect();
  try { return await client.query(text); } finally { await client.end(); }
}

main().catch((err) => { console.error(err); process.exit(1); });
