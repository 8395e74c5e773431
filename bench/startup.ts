/**
 * Start-up as a user sees it: `ruleprobe --help`, `ruleprobe rules` and `npm start`
 * (`node bin/ruleprobe.js run`), each spawned several times; the best and the median wall time
 * and peak RSS.
 */
import { best, median, mibOfKib } from './format.js';
import { spawnCli } from './spawn.js';

export interface StartupFigure {
  /** The command as the README names it. */
  name: string;
  args: string[];
  repetitions: number;
  bestSeconds: number;
  medianSeconds: number;
  bestRssMiB: number;
  medianRssMiB: number;
  /** Exit codes other than 0, if any. */
  failures: number[];
}

export const STARTUP_COMMANDS: ReadonlyArray<{ name: string; args: string[]; repetitions: number }> = [
  { name: 'ruleprobe --help', args: ['--help'], repetitions: 10 },
  { name: 'ruleprobe rules', args: ['rules'], repetitions: 5 },
  { name: 'npm start (ruleprobe run)', args: ['run'], repetitions: 5 },
];

export async function benchStartup(progress: (s: string) => void, commands = STARTUP_COMMANDS): Promise<StartupFigure[]> {
  const out: StartupFigure[] = [];
  for (const c of commands) {
    const walls: number[] = [];
    const rss: number[] = [];
    const failures: number[] = [];
    for (let i = 0; i < c.repetitions; i++) {
      progress(`${c.name} ${i + 1}/${c.repetitions}`);
      const s = await spawnCli(c.args);
      walls.push(s.wallSeconds);
      rss.push(mibOfKib(s.peakRssKib));
      if (s.exitCode !== 0) failures.push(s.exitCode ?? -1);
    }
    out.push({
      name: c.name,
      args: c.args,
      repetitions: c.repetitions,
      bestSeconds: best(walls),
      medianSeconds: median(walls),
      bestRssMiB: best(rss),
      medianRssMiB: median(rss),
      failures,
    });
  }
  return out;
}
