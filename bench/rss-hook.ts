/**
 * Preloaded into a command the bench spawns (`NODE_OPTIONS=--import …`): on exit, writes the
 * process's peak RSS (`process.resourceUsage().maxRSS`, KiB; the worker threads' memory included)
 * to the file `RULEPROBE_BENCH_RSS_FILE` names. Nothing else of the command changes.
 */
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.env.RULEPROBE_BENCH_RSS_FILE;
if (file && isMainThread) {
  // Not for processes the command starts in turn.
  delete process.env.RULEPROBE_BENCH_RSS_FILE;
  process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
}
