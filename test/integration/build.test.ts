/**
 * Production runs compiled JavaScript: `npm run build` emits dist/ (sources, templates and the assets they read), the
 * compiled migrator applies the migrations (Procfile `release:`), and the compiled web and worker roles start with
 * plain `node` (Procfile `web:` / `worker:`), the web one answering /healthz and serving the sandbox page's assets.
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import pg from 'pg';
import { adminQuery, runPrefix, urlFor } from '../helpers/pg.ts';
import { ROOT, freePort, waitFor } from '../helpers/process.ts';

const run = promisify(execFile);
const cleanEnv = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(WECOM_|WECHAT|DATABASE_URL|SANDBOX|NODE_OPTIONS)/.test(k))) as Record<string, string>;

async function adminQueryOn(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try { return await client.query(text); } finally { await client.end(); }
}

describe('the compiled build', () => {
  let databaseUrl: string;
  let dataDir: string;
  beforeAll(async () => {
    await run('npm', ['run', 'build'], { cwd: ROOT, timeout: 120_000 });
    // An empty database (not the run's migrated template): the compiled migrator has everything to do.
    const name = `${runPrefix()}_built_${process.pid}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    databaseUrl = urlFor(name);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dudao-built-'));
  }, 150_000);
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('migrates with the compiled migrator, finding the migrations in dist', async () => {
    const { stdout } = await run('node', [path.join(ROOT, 'dist/src/cli/migrate.js')], { cwd: os.tmpdir(), env: { ...cleanEnv(), DATABASE_URL: databaseUrl, DATA_DIR: dataDir }, timeout: 60_000 });
    expect(stdout).toMatch(/migrations applied \(postgres\)/);
    const { rows } = await adminQueryOn(databaseUrl, `select count(*)::int as n from inbox`);
    expect(rows).toEqual([{ n: 0 }]);
  }, 60_000);

  it.each(['web', 'worker'])('starts the %s role with plain node', async (role) => {
    const port = await freePort();
    const proc = spawn('node', [path.join(ROOT, 'dist/src/main.js'), `--role=${role}`], {
      cwd: os.tmpdir(), env: { ...cleanEnv(), DATABASE_URL: databaseUrl, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    proc.stdout.on('data', (d) => { out += d; });
    proc.stderr.on('data', (d) => { out += d; });
    const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
    try {
      await waitFor(() => out.includes('督导通 started'), 30_000, `the ${role} role to start (output: ${out})`);
      if (role === 'web') {
        const base = `http://127.0.0.1:${port}`;
        expect((await request(base).get('/healthz')).status).toBe(200);
        const page = await request(base).get('/sandbox');
        expect(page.status).toBe(200);
        expect(page.text).toContain('<html');
      }
      expect(proc.exitCode).toBeNull();
    } finally {
      proc.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }, 60_000);
});
