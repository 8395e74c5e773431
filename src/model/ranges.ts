/**
 * The ranges of every number a run takes, from the command line or a target config's `run:`
 * section: one table, so both accept the same values. A value outside its range is a usage
 * error, never silently changed: a timeout past Node's timer range fires at once, a limit of 0
 * never lets anything through, a seed past 2^31-1 is not the seed fast-check runs with.
 */

export interface NumericRange {
  min: number;
  max: number;
  /** Whole numbers only. */
  integer: boolean;
  /** What the number counts, after "a whole number of" / "a number of" (plural); absent for a bare number. */
  unit?: string;
}

/** Node's timers hold at most 2^31-1 ms; a longer delay fires after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export const RANGES = {
  /** Random cases per rule, after the deterministic ones. */
  runs: { min: 0, max: 100_000, integer: true, unit: 'cases' },
  /** fast-check takes the seed as a 32-bit integer; the default seed is drawn from this range too. */
  seed: { min: 0, max: 2 ** 31 - 1, integer: true },
  timeoutMs: { min: 1, max: MAX_TIMER_MS, integer: true, unit: 'milliseconds' },
  /** In seconds; at least 1 ms, at most what a timer can wait. */
  budgetSeconds: { min: 0.001, max: Math.floor(MAX_TIMER_MS / 1000), integer: false, unit: 'seconds' },
  concurrency: { min: 1, max: 1024, integer: true },
  /** Requests per second. */
  rate: { min: 1, max: 1_000_000, integer: false, unit: 'requests per second' },
  /** Response bytes read at most; the shipped specs' largest documented body is 256 KiB. */
  maxBodyBytes: { min: 1, max: 256 * 1024 * 1024, integer: true, unit: 'bytes' },
  /** More ERROR verdicts than this fail the run. */
  maxErrors: { min: 0, max: 1_000_000, integer: true, unit: 'ERROR verdicts' },
  /** Body bytes `ruleprobe sample` shows before cutting. */
  previewBytes: { min: 0, max: 16 * 1024 * 1024, integer: true, unit: 'bytes' },
  /** A port to listen on; 0 picks a free one. */
  port: { min: 0, max: 65_535, integer: true },
  /** A spec's named timings (a delay a rule sends, a tolerance), in seconds. */
  timingSeconds: { min: 0, max: 3600, integer: false, unit: 'seconds' },
} as const satisfies Record<string, NumericRange>;

export type RangeName = keyof typeof RANGES;

/** "a whole number of milliseconds from 1 to 2147483647". */
export function describeRange(r: NumericRange): string {
  return `${r.integer ? 'a whole number' : 'a number'}${r.unit ? ` of ${r.unit}` : ''} from ${r.min} to ${r.max}`;
}

export function inRange(r: NumericRange, n: number): boolean {
  return Number.isFinite(n) && (!r.integer || Number.isInteger(n)) && n >= r.min && n <= r.max;
}

/** A value as a message shows it: a very long one is cut, so 400 digits do not fill the screen. */
export function shownValue(v: unknown): string {
  const s = typeof v === 'string' || typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? String(v));
  return s.length > 24 ? `${s.slice(0, 20)}… (${s.length} characters)` : s;
}

/** Why `n` is not in the range, or undefined when it is. */
export function rangeProblem(r: NumericRange, n: unknown): string | undefined {
  if (typeof n === 'number' && inRange(r, n)) return undefined;
  return `must be ${describeRange(r)}, got ${shownValue(n)}`;
}
