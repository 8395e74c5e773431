/**
 * A command spawned as a user starts it (`node bin/ruleprobe.js …`), timed from spawn to exit,
 * with its peak RSS written by the preloaded exit hook (rss-hook.ts).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The package root: bench/ sits below it, or below dist/ once compiled. */
export const ROOT = basename(dirname(HERE)) === 'dist' ? join(HERE, '../..') : join(HERE, '..');
const HOOK = pathToFileURL(join(HERE, 'rss-hook.js')).href;

export interface Spawned {
  args: string[];
  wallSeconds: number;
  /** KiB; NaN when the hook did not write it (the command was killed). */
  peakRssKib: number;
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** `node bin/ruleprobe.js …args` in the package root. */
export async function spawnCli(args: string[]): Promise<Spawned> {
  const dir = mkdtempSync(join(tmpdir(), 'ruleprobe-bench-'));
  const rssFile = join(dir, 'rss');
  try {
    const env = { ...process.env, RULEPROBE_BENCH_RSS_FILE: rssFile, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${HOOK}`.trim() };
    const started = performance.now();
    const child = spawn(process.execPath, [join(ROOT, 'bin/ruleprobe.js'), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code) => resolve(code));
    });
    const wallSeconds = (performance.now() - started) / 1000;
    let peakRssKib = NaN;
    try {
      peakRssKib = Number(readFileSync(rssFile, 'utf8'));
    } catch {
      // Killed before its exit handler ran.
    }
    return { args, wallSeconds, peakRssKib, exitCode, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A scratch file path for a report the command writes; removed by `done`. */
export function scratchFile(name: string): { path: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'ruleprobe-bench-'));
  return { path: join(dir, name), done: () => rmSync(dir, { recursive: true, force: true }) };
}
