/**
 * CPU time (user + system) read from /proc on Linux: a child process with everything it started, and all PostgreSQL
 * server processes. The machine's cores are shared by the load generator, both servers and PostgreSQL, so the CPU
 * each side spends per request is what decides its rate. Elsewhere (no /proc) every figure is 0.
 */
import fs from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

function ticks(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

function children(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

const tree = (pid: number): number[] => [pid, ...children(pid).flatMap(tree)];

/** CPU ms used so far by the process `pid` and its descendants (tsx runs the server in a child of its own). */
export function processTreeCpuMs(pid: number): number {
  return tree(pid).reduce((sum, p) => sum + ticks(p), 0) * TICK_MS;
}

/**
 * CPU ms used so far by the PostgreSQL server: the postmaster's own time, the time of the backends it has already
 * reaped (its cutime/cstime), and the time of every process it runs now (backends, WAL writer, ...). Summing only the
 * processes alive at each reading would lose a backend that exited between two readings (a pooled connection
 * closed), and the difference could come out negative.
 */
export function postgresCpuMs(): number {
  let dirs: string[];
  try {
    dirs = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return 0;
  }
  let sum = 0;
  for (const d of dirs) {
    let cmd: string;
    try {
      cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8');
    } catch {
      continue; // the process ended meanwhile
    }
    if (cmd.startsWith('postgres:')) sum += ticks(Number(d));
    else if (/(^|\/)postgres\0/.test(cmd) && !cmd.startsWith('postgres:')) sum += ticks(Number(d)) + reapedTicks(Number(d));
  }
  return sum * TICK_MS;
}

/** CPU ticks of the children a process has waited for (cutime + cstime). */
function reapedTicks(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[13]) + Number(fields[14]);
  } catch {
    return 0;
  }
}

/** Resident memory in MB of the process `pid` and its descendants (VmRSS from /proc). */
export function processTreeRssMb(pid: number): number {
  let kb = 0;
  for (const p of tree(pid)) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // ended meanwhile
    }
  }
  return kb / 1024;
}
