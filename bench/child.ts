/** Runs a benchmark server as its own process (tsx) and waits for the JSON line with its URL. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface Child { url: string; proc: ChildProcess; stop(): Promise<void> }

const ROOT = path.resolve(import.meta.dirname, '..');

export function startChild(file: string, env: Record<string, string>): Promise<Child> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(WECOM_|WECHAT|DATABASE_URL|SANDBOX)/.test(k)));
  const proc = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, file)], {
    cwd: ROOT, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => { proc.kill('SIGKILL'); reject(new Error(`${file} did not start within 60 s`)); }, 60_000);
    proc.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${file} exited with ${code} before printing its URL`)); });
    proc.stdout!.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{"url"'));
      if (!line) return;
      clearTimeout(timer);
      resolve({
        url: JSON.parse(line).url, proc,
        async stop() {
          if (proc.exitCode === null) proc.kill('SIGTERM');
          const killer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(killer);
        },
      });
    });
  });
}
