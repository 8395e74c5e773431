/**
 * The runner against the embedded reference (in a worker thread), next to a raw HTTP load
 * generator (autocannon) against the same server, at the same concurrency, in the same run.
 *
 * autocannon sends the very requests the runner sent in its first round (recorded at the
 * transport, replayed round-robin): the same bodies (256 KiB boundary messages among them), the
 * same mix of accepted and refused requests, so the ratio is the runner's own cost over raw
 * transport. Also shown: autocannon with one small valid request per spec, and the runner without
 * the scenario rules, whose documented waits (a Yandex DelaySeconds and the watch for a message
 * that must not come, about 2 s a round) no load generator would spend.
 */
import { createRequire } from 'node:module';
import { startEmbeddedThread } from '../reference/embedded.js';
import { loadAllSpecs } from '../specs/loader.js';
import { baseRequest } from '../generators/_internals/build.js';
import { genContextFor } from '../src/runner/context.js';
import { runPlan, type PlannedSpec } from '../src/runner/engine.js';
import { prepareRequest } from '../src/transport/prepare.js';
import { Transport } from '../src/transport/http.js';
import type { WireRequest } from '../src/model/request.js';

const require = createRequire(import.meta.url);
interface CannonResult {
  requests: { average: number; total: number };
  errors: number;
  non2xx: number;
  duration: number;
}
interface CannonRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<CannonResult>;

export interface CannonFigures {
  seconds: number;
  requests: number;
  /** Requests autocannon saw fail (socket errors) or answered other than 2xx. */
  errors: number;
  non2xx: number;
  perSecond: number;
}

export interface RunnerFigures {
  rounds: number;
  cases: number;
  seconds: number;
  casesPerSecond: number;
}

export interface ThroughputFigures {
  concurrency: number;
  runnerRuns: number;
  /** Every rule of the three specs. */
  runner: RunnerFigures;
  /** The rules that are not scenarios (no documented waits). */
  runnerNoWaits: RunnerFigures;
  /** autocannon replaying the runner's first-round requests. */
  sameRequests: CannonFigures & { distinct: number; bodyMiB: number };
  /** autocannon with one valid request per spec. */
  oneValid: CannonFigures;
  /** runner ÷ autocannon, the same requests: the goal. */
  ratio: number;
  /** runner without the waiting rules ÷ autocannon, the same requests. */
  ratioNoWaits: number;
}

const toCannon = (wire: WireRequest): CannonRequest => {
  const url = new URL(wire.url);
  return { method: wire.method, path: `${url.pathname}${url.search}`, headers: Object.fromEntries(wire.headers), body: Buffer.from(wire.body) };
};

async function cannon(url: string, concurrency: number, seconds: number, requests: CannonRequest[]): Promise<CannonFigures> {
  const c = await autocannon({ url, connections: concurrency, duration: seconds, requests });
  const s = c.duration || seconds;
  return { seconds: s, requests: c.requests.total, errors: c.errors, non2xx: c.non2xx, perSecond: c.requests.total / s };
}

export async function benchThroughput(progress: (s: string) => void, concurrency = 8, rounds = 3, runs = 25, cannonSeconds = 5): Promise<ThroughputFigures> {
  const sets = loadAllSpecs();
  const embedded = await startEmbeddedThread();
  try {
    const runner = async (label: string, selections: PlannedSpec[], record?: CannonRequest[]): Promise<RunnerFigures> => {
      const started = performance.now();
      let cases = 0;
      for (let round = 0; round < rounds; round++) {
        progress(`runner, ${label}: round ${round + 1}/${rounds} (--runs ${runs}, concurrency ${concurrency})`);
        // The first round's requests, as they went to the transport (the bench's own hook).
        const send = Transport.prototype.send;
        if (record && round === 0) {
          Transport.prototype.send = function (this: Transport, wire: WireRequest) {
            record.push(toCannon(wire));
            return send.call(this, wire);
          };
        }
        try {
          const records = await runPlan({ specs: selections, seed: round + 1, runs, concurrency, timeoutMs: 10_000, maxBodyBytes: 1 << 20 });
          cases += records.reduce((n, r) => n + r.cases, 0);
        } finally {
          Transport.prototype.send = send;
        }
      }
      const seconds = (performance.now() - started) / 1000;
      return { rounds, cases, seconds, casesPerSecond: cases / seconds };
    };
    const select = (keep: (kind: string) => boolean): PlannedSpec[] =>
      sets.map((set) => ({ set, target: embedded.targets[set.specId]!, ruleIds: set.rules.filter((r) => keep(r.stimulus.kind)).map((r) => r.id) }));

    const recorded: CannonRequest[] = [];
    const all = await runner('every rule', select(() => true), recorded);
    const noWaits = await runner('no scenario rules', select((k) => k !== 'scenario'));

    progress(`autocannon ${cannonSeconds} s (${concurrency} connections), the runner's ${recorded.length} requests`);
    const same = await cannon(embedded.ref.url, concurrency, cannonSeconds, recorded);

    const valid: CannonRequest[] = [];
    for (const set of sets) {
      const t = embedded.targets[set.specId]!;
      const rule = set.rules.find((r) => r.testable && r.appliesTo === 'any')!;
      const ctx = genContextFor(rule, set.operation, t);
      if (typeof ctx === 'string') continue;
      valid.push(toCannon(await prepareRequest(set.operation, t.target, t.credentials, baseRequest(set.operation, ctx, 'bench'), new Date())));
    }
    progress(`autocannon ${cannonSeconds} s (${concurrency} connections), one valid request per spec`);
    const oneValid = await cannon(embedded.ref.url, concurrency, cannonSeconds, valid);

    return {
      concurrency,
      runnerRuns: runs,
      runner: all,
      runnerNoWaits: noWaits,
      sameRequests: { ...same, distinct: recorded.length, bodyMiB: recorded.reduce((n, r) => n + r.body.length, 0) / 1024 / 1024 },
      oneValid,
      ratio: all.casesPerSecond / same.perSecond,
      ratioNoWaits: noWaits.casesPerSecond / same.perSecond,
    };
  } finally {
    await embedded.ref.close();
  }
}
