/**
 * The progress line of a long run, on stderr (stdout carries the reports): rewritten in place on
 * a terminal, one line every ten seconds in a CI log, nothing for runs that end quickly.
 */
import type { VerdictRecord } from '../src/runner/verdict.js';

export interface Progress {
  start(total: number): void;
  onRecord(r: VerdictRecord): void;
  done(): void;
}

export function progress(write: (s: string) => void, tty: boolean, now: () => number = Date.now, everyMs = 10_000): Progress {
  let total = 0;
  const started = now();
  let finished = 0;
  let failed = 0;
  let errors = 0;
  let lastLine = started;
  let shown = false;
  const line = (): string => `ruleprobe: ${finished}/${total} rules, ${failed} failed, ${errors} errors, ${Math.round((now() - started) / 1000)}s`;
  return {
    start(n) {
      total = n;
    },
    onRecord(r) {
      finished++;
      if (r.verdict === 'FAIL' || r.verdict === 'WARN') failed++;
      if (r.verdict === 'ERROR') errors++;
      const t = now();
      if (tty) {
        write(`\r${line()}\x1b[K`);
        shown = true;
      } else if (t - lastLine >= everyMs) {
        write(`${line()}\n`);
        lastLine = t;
      }
    },
    done() {
      if (shown) write('\r\x1b[K');
    },
  };
}
