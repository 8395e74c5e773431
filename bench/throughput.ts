/**
 * The runner against the embedded reference (in a worker thread), next to a raw HTTP load
 * generator (autocannon) against the same server, at the same concurrency, in the same run: the
 * ratio of the runner's cases per second to autocannon's requests per second is the figure.
 */
import { createRequire } from 'node:module';
import { startEmbeddedThread } from '../reference/embedded.js';
import { loadAllSpecs } from '../specs/loader.js';
import { baseRequest } from '../generators/_internals/build.js';
import { genContextFor } from '../src/runner/context.js';
import { runPlan } from '../src/runner/engine.js';
import { prepareRequest } from '../src/transport/prepare.js';

const require = createRequire(import.meta.url);
interface CannonResult {
  requests: { average: number; total: number };
  errors: number;
  non2xx: number;
  duration: number;
}
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<CannonResult>;

export interface ThroughputFigures {
  concurrency: number;
  runnerRounds: number;
  runnerRuns: number;
  runnerCases: number;
  runnerSeconds: number;
  runnerCasesPerSecond: number;
  autocannonSeconds: number;
  autocannonRequests: number;
  /** Requests autocannon saw fail (socket errors) or answered other than 2xx. */
  autocannonErrors: number;
  autocannonNon2xx: number;
  autocannonPerSecond: number;
  ratio: number;
}

export async function benchThroughput(progress: (s: string) => void, concurrency = 8, rounds = 3, runs = 25, cannonSeconds = 5): Promise<ThroughputFigures> {
  const sets = loadAllSpecs();
  const embedded = await startEmbeddedThread();
  try {
    // The runner: every rule of every spec, several seeds over, for a stable figure.
    const selections = sets.map((set) => ({ set, target: embedded.targets[set.specId]!, ruleIds: set.rules.map((r) => r.id) }));
    const started = performance.now();
    let cases = 0;
    for (let round = 0; round < rounds; round++) {
      progress(`runner round ${round + 1}/${rounds} (--runs ${runs}, concurrency ${concurrency})`);
      const records = await runPlan({ specs: selections, seed: round + 1, runs, concurrency, timeoutMs: 10_000, maxBodyBytes: 1 << 20 });
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
    progress(`autocannon ${cannonSeconds} s (${concurrency} connections)`);
    const cannon = await autocannon({ url: embedded.ref.url, connections: concurrency, duration: cannonSeconds, requests });
    const autocannonSeconds = cannon.duration || cannonSeconds;
    const autocannonPerSecond = cannon.requests.total / autocannonSeconds;
    const runnerCasesPerSecond = cases / runnerSeconds;
    return {
      concurrency,
      runnerRounds: rounds,
      runnerRuns: runs,
      runnerCases: cases,
      runnerSeconds,
      runnerCasesPerSecond,
      autocannonSeconds,
      autocannonRequests: cannon.requests.total,
      autocannonErrors: cannon.errors,
      autocannonNon2xx: cannon.non2xx,
      autocannonPerSecond,
      ratio: runnerCasesPerSecond / autocannonPerSecond,
    };
  } finally {
    await embedded.ref.close();
  }
}
