/**
 * The bench's figures as markdown: tables, numbers, and the goals the figures are held against.
 * Pure functions only (no clock, no processes), so the README's tables come out the same way
 * from the same figures.
 */

export type Align = 'left' | 'right';

/** A GitHub markdown table; `align` per column (default: left). A `|` in a cell is escaped. */
export function markdownTable(head: readonly string[], rows: ReadonlyArray<readonly string[]>, align: readonly Align[] = []): string {
  const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const line = (cells: readonly string[]): string => `| ${head.map((_, i) => cell(cells[i] ?? '')).join(' | ')} |`;
  const rule = `|${head.map((_, i) => (align[i] === 'right' ? '---:' : '---')).join('|')}|`;
  return [line(head), rule, ...rows.map(line)].join('\n');
}

/** The middle value (the mean of the two middle values of an even count); NaN for none. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The smallest value; NaN for none. */
export function best(xs: readonly number[]): number {
  return xs.length === 0 ? NaN : Math.min(...xs);
}

const missing = (n: number): boolean => !Number.isFinite(n);

/** A whole number with thousands separators (`12,345`); `n/a` when not measured. */
export function int(n: number): string {
  return missing(n) ? 'n/a' : Math.round(n).toLocaleString('en');
}

/** A number with `digits` decimals; `n/a` when not measured. */
export function fixed(n: number, digits: number): string {
  return missing(n) ? 'n/a' : n.toFixed(digits);
}

/** Seconds: 3 decimals under 1 s, 2 under 10 s, else 1. */
export function seconds(s: number): string {
  return missing(s) ? 'n/a' : `${s.toFixed(s < 1 ? 3 : s < 10 ? 2 : 1)} s`;
}

/** KiB (what `process.resourceUsage().maxRSS` gives on Linux) as MiB, one decimal. */
export function mibOfKib(kib: number): number {
  return kib / 1024;
}

export function mib(m: number): string {
  return missing(m) ? 'n/a' : `${m.toFixed(1)} MiB`;
}

/** One goal of the issue: a figure held against a bound. */
export interface Goal {
  /** What is held to the goal (`npm start` wall time, best of 5). */
  what: string;
  /** The measured figure; NaN when not measured (that section did not run, or failed). */
  figure: number;
  op: '≤' | '≥';
  bound: number;
  /** How a number of this goal is written (the figure and the bound alike). */
  show: (n: number) => string;
}

/** Met, not met, or not measured. */
export type GoalState = 'met' | 'not met' | 'not measured';

export function goalState(g: Goal): GoalState {
  if (missing(g.figure)) return 'not measured';
  return (g.op === '≤' ? g.figure <= g.bound : g.figure >= g.bound) ? 'met' : 'not met';
}

/** The goal as a table cell next to its figure: `≤ 3.000 s: not met`. */
export function goalCell(g: Goal): string {
  return `${g.op} ${g.show(g.bound)}: ${goalState(g)}`;
}

/** The final table: every goal, its figure and whether it is met. */
export function goalsTable(goals: readonly Goal[]): string {
  return markdownTable(
    ['goal', 'figure', 'bound', 'state'],
    goals.map((g) => [g.what, g.show(g.figure), `${g.op} ${g.show(g.bound)}`, goalState(g)]),
    ['left', 'right', 'right', 'left'],
  );
}

/** How far a series grows: its largest value over its smallest (1 = flat); NaN for none. */
export function growth(xs: readonly number[]): number {
  const ok = xs.filter((x) => !missing(x) && x > 0);
  return ok.length === 0 ? NaN : Math.max(...ok) / Math.min(...ok);
}
