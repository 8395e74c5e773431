/**
 * The runner against the embedded reference, next to a raw HTTP load generator (autocannon)
 * against the same server, at the same concurrency, in the same run: the ratio is the figure.
 * Also the wall time and peak RSS of a full default run (`npm start`) in a child process.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { startEmbeddedThread as startEmbedded } from '../reference/embedded.js';
import { loadAllSpecs } from '../specs/loader.js';
import { baseRequest } from '../generators/_internals/build.js';
import { genContextFor } from '../src/runner/context.js';
import { runPlan } from '../src/runner/engine.js';
import { prepareRequest } from '../src/transport/prepare.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<{ requests: { average: number; total: number }; errors: number; non2xx: number; duration: number }>;

export interface ThroughputFigures {
  concurrency: number;
  runnerCases: number;
  runnerSeconds: number;
  runnerCasesPerSecond: number;
  autocannonPerSecond: number;
  ratio: number;
  startWallSeconds: number;
  startPeakRssMiB: number;
  startExitCode: number | null;
  /** Peak RSS of the same run with ten times the random cases (memory must not follow the case count). */
  tenfoldPeakRssMiB: number;
  tenfoldCases: number;
  startCases: number;
}

export async function benchThroughput(concurrency = 8): Promise<ThroughputFigures> {
  const sets = loadAllSpecs();
  const embedded = await startEmbedded();
  try {
    // The runner: every rule of every spec, several times over for a stable figure.
    const selections = sets.map((set) => ({ set, target: embedded.targets[set.specId]!, ruleIds: set.rules.map((r) => r.id) }));
    const started = performance.now();
    let cases = 0;
    for (let round = 0; round < 3; round++) {
      const records = await runPlan({ specs: selections, seed: round + 1, runs: 25, concurrency, timeoutMs: 10_000, maxBodyBytes: 1 << 20 });
      cases += records.reduce((n, r) => n + r.cases, 0);
    }
    const runnerSeconds = (performance.now() - started) / 1000;

    // autocannon: one valid, signed request of each spec, round-robin, same server, same concurrency.
    const requests = [];
    for (const set of sets) {
      const t = embedded.targets[set.specId]!;
      const rule = set.rules.find((r) => r.testable && r.appliesTo === 'any')!;
      const ctx = genContextFor(rule, set.operation, t);
      if (typeof ctx === 'string') continue;
      const wire = await prepareRequest(set.operation, t.target, t.credentials, baseRequest(set.operation, ctx, 'bench'), new Date());
      const url = new URL(wire.url);
      requests.push({ method: wire.method, path: `${url.pathname}${url.search}`, headers: Object.fromEntries(wire.headers), body: Buffer.from(wire.body) });
    }
    const cannon = await autocannon({ url: embedded.ref.url, connections: concurrency, duration: 5, requests });
    const autocannonPerSecond = cannon.requests.total / (cannon.duration || 5);
    const runnerCasesPerSecond = cases / runnerSeconds;

    // The default run as a user starts it, and the same with ten times the random cases.
    const probe = (args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bench/start-probe.js'), ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
    const casesIn = (out: string): number => [...out.matchAll(/ (?:PASS|FAIL|WARN|ERROR) +(\d+) /g)].reduce((n, m) => n + Number(m[1]), 0);
    const t0 = performance.now();
    const child = probe(['--seed', '1']);
    const startWallSeconds = (performance.now() - t0) / 1000;
    const rss = /peak-rss-kib=(\d+)/.exec(child.stderr ?? '')?.[1];
    const tenfold = probe(['--seed', '1', '--runs', '250']);
    const tenfoldRss = /peak-rss-kib=(\d+)/.exec(tenfold.stderr ?? '')?.[1];
    return {
      concurrency,
      runnerCases: cases,
      runnerSeconds,
      runnerCasesPerSecond,
      autocannonPerSecond,
      ratio: runnerCasesPerSecond / autocannonPerSecond,
      startWallSeconds,
      startPeakRssMiB: rss ? Number(rss) / 1024 : NaN,
      startExitCode: child.status,
      startCases: casesIn(child.stdout ?? ''),
      tenfoldPeakRssMiB: tenfoldRss ? Number(tenfoldRss) / 1024 : NaN,
      tenfoldCases: casesIn(tenfold.stdout ?? ''),
    };
  } finally {
    await embedded.ref.close();
  }
}
