/** Runs one of the `npm run` scripts under src/cli as a child process and collects what it prints. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './process.ts';

const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(script: string, args: string[], env: Record<string, string>, stdin?: string): Promise<CliResult> {
  const base = { ...process.env };
  for (const k of Object.keys(base)) if (k.startsWith('WECOM_') || k.startsWith('WECHAT') || k === 'DATABASE_URL' || k === 'SANDBOX') delete base[k];
  const proc = spawn(TSX, [path.join(ROOT, 'src/cli', script), ...args], { cwd: ROOT, env: { ...base, LOG_LEVEL: 'warn', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d) => { stdout += d; });
  proc.stderr.on('data', (d) => { stderr += d; });
  proc.stdin.end(stdin ?? '');
  return new Promise((resolve) => proc.on('close', (code) => resolve({ code, stdout, stderr })));
}
