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
