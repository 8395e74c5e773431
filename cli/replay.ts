/**
 * `ruleprobe replay REPORT.json`: re-send exactly the failing cases of a report, freshly signed,
 * and say for each whether it still fails. Sequence rules are re-run whole (one step alone
 * cannot show a sequence number that does not increase).
 */
import { startEmbeddedThread, type Embedded } from '../reference/embedded.js';
import type { Exchange } from '../src/model/exchange.js';
import type { RuleSet } from '../src/model/rule.js';
import type { Report } from '../src/report/model.js';
import { evaluate } from '../src/runner/evaluate.js';
import { runRule } from '../src/runner/run-rule.js';
import { loadTargetFile, type ResolvedTarget } from '../src/target/config.js';
import { Semaphore } from '../src/transport/limits.js';
import { Transport, TransportError } from '../src/transport/http.js';
import { prepareRequest } from '../src/transport/prepare.js';
import { EXIT } from './exit-codes.js';
import { UsageError } from './run.js';

export interface ReplayOptions {
  rule?: string[];
  target?: string;
  timeoutMs?: number;
}

export async function replay(report: Report, sets: RuleSet[], o: ReplayOptions, out: (s: string) => void): Promise<number> {
  const failing = report.records.filter((r) => r.failure && (!o.rule || o.rule.some((p) => r.ruleId.startsWith(p) || r.ruleId.endsWith(`/${p}`))));
  if (!failing.length) {
    out(o.rule ? `no failing case of ${o.rule.join(', ')} in the report\n` : 'the report has no failing case\n');
    return EXIT.OK;
  }
  let embedded: Embedded | undefined;
  let targets: Record<string, ResolvedTarget>;
  if (o.target) targets = loadTargetFile(o.target, process.env, sets).specs;
  else if (report.target.startsWith('embedded reference')) {
    embedded = await startEmbeddedThread(report.embeddedMutant ? { mutant: report.embeddedMutant } : {});
    targets = embedded.targets;
    out(`replaying against a new ${report.embeddedMutant ? `embedded reference (mutant ${report.embeddedMutant})` : 'embedded reference'} at ${embedded.ref.url}\n`);
  } else throw new UsageError(`the report ran against ${report.target}; give --target with that target's config`);

  const transport = new Transport({ timeoutMs: o.timeoutMs ?? 10_000, maxBodyBytes: 1 << 20, connections: 4 });
  let still = 0;
  let errors = 0;
  try {
    for (const record of failing) {
      const set = sets.find((s) => s.specId === record.specId);
      const rule = set?.rules.find((r) => r.id === record.ruleId);
      const target = targets[record.specId];
      if (!set || !rule || !target) {
        out(`${record.ruleId}: cannot replay — ${!rule ? 'the rule no longer exists' : 'the target config has no entry for its spec'}\n`);
        errors++;
        continue;
      }
      const f = record.failure!;
      let verdict: string;
      try {
        if (f.case.sequence) {
          const again = await runRule(rule, { op: set.operation, inflight: new Semaphore(1), target, transport, now: () => new Date(), seed: report.seed, runs: 0, deadline: Number.MAX_SAFE_INTEGER, previewBytes: 200 });
          const fails = again.verdict === 'FAIL' || again.verdict === 'WARN';
          if (fails) still++;
          verdict = fails ? `STILL FAILS — ${again.failure!.message}; expected ${again.failure!.expected}, got ${again.failure!.actual}` : `now ${again.verdict}`;
        } else {
          const wire = await prepareRequest(set.operation, target.target, target.credentials, f.case.request, new Date(), f.case.request.authStyle?.form ?? 0);
          const response = await transport.send(wire);
          const ex: Exchange = { case: f.case, request: f.case.request, wire, response };
          const r = evaluate(rule, { op: set.operation, rule }, ex);
          if (!r.ok) still++;
          verdict = r.ok ? `now passes (status ${response.status})` : `STILL FAILS — ${r.message}; expected ${r.expected}, got ${r.actual}`;
        }
      } catch (err) {
        errors++;
        verdict = err instanceof TransportError ? `could not be sent: ${err.message}` : `harness error: ${(err as Error).message}`;
      }
      out(`${record.ruleId} — ${f.caseLabel}\n  ${verdict}\n`);
    }
  } finally {
    await transport.close();
    await embedded?.ref.close();
  }
  out(`${still} of ${failing.length} still fail${errors ? `, ${errors} could not be replayed` : ''}\n`);
  if (errors === failing.length) return EXIT.UNREACHABLE;
  return still > 0 ? EXIT.FAILED : EXIT.OK;
}
