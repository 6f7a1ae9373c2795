/**
 * The memory of each production role: builds dist/ (npm run build), starts `node dist/src/main.js --role=web` and
 * `--role=worker` on their own, as the Procfile does, waits until each has started and settled, and reads its RSS.
 */
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { processTreeRssMb } from './cpu.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

export async function rolesRss(env: Record<string, string>, settleMs = 3000): Promise<{ role: string; rssMb: number }[]> {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'ignore' });
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(WECOM_|WECHAT|DATABASE_URL|SANDBOX)/.test(k)));
  const out: { role: string; rssMb: number }[] = [];
  for (const role of ['web', 'worker']) {
    const proc = spawn('node', [path.join(ROOT, 'dist/src/main.js'), `--role=${role}`], { cwd: ROOT, env: { ...base, ...env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    proc.stdout.on('data', (d) => { text += d; });
    proc.stderr.on('data', (d) => { text += d; });
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    try {
      const until = Date.now() + 30_000;
      while (!text.includes('督导通 started')) {
        if (Date.now() > until || proc.exitCode !== null) throw new Error(`the ${role} role did not start: ${text.slice(0, 500)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      await new Promise((r) => setTimeout(r, settleMs));
      out.push({ role, rssMb: processTreeRssMb(proc.pid!) });
    } finally {
      proc.kill('SIGTERM');
      await exited;
    }
  }
  return out;
}
