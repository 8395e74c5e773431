/** The machine a bench ran on, and whether it was quiet when the bench started. */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { markdownTable } from './format.js';

export interface Machine {
  cpuModel: string;
  cpus: number;
  totalMemGiB: number;
  node: string;
  os: string;
  date: string;
  commit: string;
  /** os.loadavg() when the bench started: 1, 5 and 15 minutes. */
  loadBefore: number[];
}

/** Quiet: the 1-minute load average is under a quarter of a CPU per CPU. */
export const QUIET_LOAD_PER_CPU = 0.25;

export function isQuiet(load1: number, cpus: number): boolean {
  return load1 < QUIET_LOAD_PER_CPU * cpus;
}

function git(root: string, args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

export function machine(root: string): Machine {
  const cpus = os.cpus();
  const head = git(root, ['rev-parse', '--short=12', 'HEAD']);
  // Changes of tracked files only: the figures are of this commit only when there are none.
  const dirty = git(root, ['status', '--porcelain', '--untracked-files=no']) !== '';
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpus: cpus.length,
    totalMemGiB: os.totalmem() / 2 ** 30,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    commit: head ? `${head}${dirty ? ' (with uncommitted changes)' : ''}` : 'unknown (no git)',
    loadBefore: os.loadavg(),
  };
}

const loads = (l: number[]): string => l.map((x) => x.toFixed(2)).join(' / ');

/** The one line the README quotes under its tables. */
export function machineLine(m: Machine): string {
  const quiet = isQuiet(m.loadBefore[0] ?? 0, m.cpus) ? 'quiet' : 'busy';
  return `${m.cpuModel} × ${m.cpus}, ${m.totalMemGiB.toFixed(1)} GiB, Node ${m.node}, ${m.os}; commit ${m.commit}, ${m.date}; load ${loads(m.loadBefore)} at start (${quiet})`;
}

export function machineTable(m: Machine): string {
  const quiet = isQuiet(m.loadBefore[0] ?? 0, m.cpus);
  return markdownTable(
    ['machine', ''],
    [
      ['CPU', `${m.cpuModel} × ${m.cpus}`],
      ['memory', `${m.totalMemGiB.toFixed(1)} GiB`],
      ['Node', m.node],
      ['OS', m.os],
      ['date', m.date],
      ['commit', m.commit],
      ['load average at start (1 / 5 / 15 min)', `${loads(m.loadBefore)}: ${quiet ? 'quiet' : 'busy'} (quiet: 1-min load < ${QUIET_LOAD_PER_CPU} per CPU)`],
    ],
  );
}
