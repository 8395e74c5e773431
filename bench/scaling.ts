/**
 * A full default run (`ruleprobe run --seed 1 --runs N`: all three specs against the embedded
 * reference) at growing N, each in a child process: cases per second, the cost per case, and
 * peak RSS, which must not follow the case count.
 */
import { readFileSync } from 'node:fs';
import { mibOfKib } from './format.js';
import { scratchFile, spawnCli } from './spawn.js';

export interface ScalingFigure {
  runs: number;
  cases: number;
  /** The run itself, from the report's startedAt to finishedAt (no start-up). */
  runSeconds: number;
  wallSeconds: number;
  casesPerSecond: number;
  /** Microseconds of run time per case. */
  microsPerCase: number;
  peakRssMiB: number;
  exitCode: number | null;
  /** The console's summary line (`154 passed, 0 failed, …`). */
  summary: string;
}

export const SCALING_RUNS = [25, 100, 400, 1000] as const;

interface JsonReport {
  startedAt: string;
  finishedAt: string;
  records: Array<{ cases: number }>;
}

export async function benchScaling(progress: (s: string) => void, runsList: readonly number[] = SCALING_RUNS): Promise<ScalingFigure[]> {
  const out: ScalingFigure[] = [];
  for (const runs of runsList) {
    progress(`ruleprobe run --seed 1 --runs ${runs}`);
    const report = scratchFile('report.json');
    try {
      const s = await spawnCli(['run', '--seed', '1', '--runs', String(runs), '--reporter', 'console', '--reporter', `json=${report.path}`]);
      let cases = NaN;
      let runSeconds = NaN;
      try {
        const r = JSON.parse(readFileSync(report.path, 'utf8')) as JsonReport;
        cases = r.records.reduce((n, x) => n + x.cases, 0);
        runSeconds = (Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000;
      } catch {
        // No report: the figures stay unmeasured, the exit code says why.
      }
      const summary = /^\d+ passed, .*$/m.exec(s.stdout)?.[0] ?? '';
      out.push({
        runs,
        cases,
        runSeconds,
        wallSeconds: s.wallSeconds,
        casesPerSecond: cases / runSeconds,
        microsPerCase: (runSeconds * 1e6) / cases,
        peakRssMiB: mibOfKib(s.peakRssKib),
        exitCode: s.exitCode,
        summary,
      });
    } finally {
      report.done();
    }
  }
  return out;
}

/**
 * What the cases one row has over the previous cost each: run time (µs) and peak RSS (KiB) per
 * extra case. Flat time and near-zero memory mean the cost of a case does not grow with the run.
 */
export function perExtraCase(prev: ScalingFigure | undefined, cur: ScalingFigure): { micros: number; rssKib: number } {
  const extra = prev ? cur.cases - prev.cases : NaN;
  if (!prev || !(extra > 0)) return { micros: NaN, rssKib: NaN };
  return { micros: ((cur.runSeconds - prev.runSeconds) * 1e6) / extra, rssKib: ((cur.peakRssMiB - prev.peakRssMiB) * 1024) / extra };
}
