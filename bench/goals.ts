/**
 * The goals, each built from the figures it is held against; the section tables show a
 * goal next to its figure, the goals table lists them all. A goal on repeated start-ups is held
 * against the best of the repetitions (the machine's noise only ever adds time).
 */
import { fixed, growth, int, mib, seconds, type Goal } from './format.js';
import type { GenerationFigure } from './generation.js';
import type { ScalingFigure } from './scaling.js';
import type { StartupFigure } from './startup.js';
import type { ThroughputFigures } from './throughput.js';

/** The figures of one bench; a section that did not run is absent. */
export interface BenchFigures {
  throughput?: ThroughputFigures;
  scaling?: ScalingFigure[];
  startup?: StartupFigure[];
  generation?: GenerationFigure[];
}

const MB_PER_MIB = 2 ** 20 / 1e6;
/** The largest growth of peak RSS across --runs still called flat (largest ÷ smallest). */
export const FLAT_RSS_GROWTH = 1.25;

const bestOf = (reps: number): string => (reps > 0 ? `best of ${reps}` : 'best of the repetitions');

export const goal = {
  ratio: (ratio: number): Goal => ({ what: 'runner cases/s ÷ autocannon req/s (same server, same requests, concurrency 8)', figure: ratio, op: '≥', bound: 0.5, show: (n) => fixed(n, 2) }),
  runRss: (peakMiB: number, runs?: readonly number[]): Goal => ({ what: runs?.length ? `peak RSS of a full run, largest of --runs ${runs.join(', ')}` : 'peak RSS of a full run', figure: peakMiB, op: '≤', bound: 200, show: mib }),
  flatRss: (growthFactor: number): Goal => ({ what: `peak RSS flat across --runs (largest ÷ smallest; flat: ≤ ${FLAT_RSS_GROWTH})`, figure: growthFactor, op: '≤', bound: FLAT_RSS_GROWTH, show: (n) => (Number.isFinite(n) ? `× ${n.toFixed(2)}` : 'n/a') }),
  helpWall: (s: number, reps: number): Goal => ({ what: `\`ruleprobe --help\` wall time (${bestOf(reps)})`, figure: s, op: '≤', bound: 0.3, show: seconds }),
  helpRss: (peakMiB: number, reps: number): Goal => ({ what: `\`ruleprobe --help\` peak RSS (${bestOf(reps)})`, figure: peakMiB * MB_PER_MIB, op: '≤', bound: 80, show: (n) => (Number.isFinite(n) ? `${n.toFixed(1)} MB` : 'n/a') }),
  startWall: (s: number, reps: number): Goal => ({ what: `\`npm start\` wall time (${bestOf(reps)})`, figure: s, op: '≤', bound: 3, show: seconds }),
  yandexAtLimit: (perSecond: number): Goal => ({ what: 'Yandex at-limit generation (generate + encode)', figure: perSecond, op: '≥', bound: 5000, show: (n) => (Number.isFinite(n) ? `${int(n)}/s` : 'n/a') }),
};

export const YANDEX = 'yandex-message-queue/send-message';
export const AT_LIMIT = 'at-limit boundary';

/** The start-up figure of a command by its arguments. */
export function startupOf(figures: readonly StartupFigure[] | undefined, args: string): StartupFigure | undefined {
  return figures?.find((f) => f.args.join(' ') === args);
}

/** Every goal of the issue, measured or not. */
export function goalsOf(f: BenchFigures): Goal[] {
  const rss = (f.scaling ?? []).map((s) => s.peakRssMiB);
  const help = startupOf(f.startup, '--help');
  const start = startupOf(f.startup, 'run');
  const yandex = f.generation?.find((g) => g.spec === YANDEX && g.kind === AT_LIMIT);
  return [
    goal.ratio(f.throughput?.ratio ?? NaN),
    goal.runRss(rss.length ? Math.max(...rss) : NaN, f.scaling?.map((s) => s.runs)),
    goal.flatRss(rss.length > 1 ? growth(rss) : NaN),
    goal.helpWall(help?.bestSeconds ?? NaN, help?.repetitions ?? 0),
    goal.helpRss(help?.bestRssMiB ?? NaN, help?.repetitions ?? 0),
    goal.startWall(start?.bestSeconds ?? NaN, start?.repetitions ?? 0),
    goal.yandexAtLimit(yandex?.perSecond ?? NaN),
  ];
}
