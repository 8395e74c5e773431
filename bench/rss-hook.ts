/**
 * Preloaded into a command the bench spawns (`NODE_OPTIONS=--import …`): on exit, writes the
 * process's peak RSS in KiB (worker threads included) to the file `RULEPROBE_BENCH_RSS_FILE` names.
 * Nothing else of the command changes.
 *
 * The peak is `VmHWM` of /proc/self/status where there is one: the high-water mark of the
 * command's own memory since exec. `process.resourceUsage().maxRSS` (getrusage) on Linux also
 * keeps the peak from before exec, i.e. the bench process the command was forked from, so it is
 * only the fallback (no /proc).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

function peakKib(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (hwm) return Number(hwm);
  } catch {
    // No /proc: getrusage's figure.
  }
  return process.resourceUsage().maxRSS;
}

const file = process.env.RULEPROBE_BENCH_RSS_FILE;
if (file && isMainThread) {
  // Not for processes the command starts in turn.
  delete process.env.RULEPROBE_BENCH_RSS_FILE;
  process.on('exit', () => writeFileSync(file, String(peakKib())));
}
