/**
 * `ruleprobe replay REPORT.json`: re-send exactly the failing cases of a report — every listed
 * failure of every failing rule — freshly signed, and say for each whether it still fails.
 * Sequence rules are re-run whole, once (one step alone cannot show a sequence number that does
 * not increase).
 */
import { referenceProfiles, startEmbeddedThread, type Embedded } from '../reference/embedded.js';
import { withProfile } from '../specs/profile.js';
import type { RuleSet } from '../src/model/rule.js';
import { profileOf, type Report } from '../src/report/model.js';
import { failuresOf } from '../src/runner/verdict.js';
import { Engine, type PlannedSpec } from '../src/runner/engine.js';
import { loadTargetFile, type ResolvedTarget } from '../src/target/config.js';
import { TransportError } from '../src/transport/http.js';
import type { WireRequest } from '../src/model/request.js';
import { credentialSecrets, redactRequest, scrubSecrets } from '../src/sign/index.js';
import { EXIT } from './exit-codes.js';
import { UsageError } from './run.js';

export interface ReplayOptions {
  rule?: string[];
  target?: string;
  timeoutMs?: number;
}

export async function replay(report: Report, loaded: RuleSet[], o: ReplayOptions, out: (s: string) => void): Promise<number> {
  // Each spec under the profile the report ran it with (a profile the spec lost is a usage error).
  const sets = loaded.map((s) => (report.specs.some((r) => r.id === s.specId) ? withProfile(s, profileOf(report, s.specId)) : s));
  const profiles = Object.fromEntries(sets.map((s) => [s.specId, s.profile ?? 'seed']));
  const failing = report.records.filter((r) => r.failure && (!o.rule || o.rule.some((p) => r.ruleId.startsWith(p) || r.ruleId.endsWith(`/${p}`))));
  if (!failing.length) {
    out(o.rule ? `no failing case of ${o.rule.join(', ')} in the report\n` : 'the report has no failing case\n');
    return EXIT.OK;
  }
  let embedded: Embedded | undefined;
  let targets: Record<string, ResolvedTarget>;
  if (o.target) {
    // The report's profiles win over the config's: the cases were built under them.
    const config = loadTargetFile(o.target, process.env, sets.map((s) => ({ specId: s.specId, operation: s.operation })));
    for (const [id, p] of Object.entries(config.profiles)) {
      if (report.specs.some((r) => r.id === id) && p !== profiles[id]) out(`note: ${o.target} gives ${id} profile ${p}; replaying under the report's profile ${profiles[id]}\n`);
    }
    targets = config.specs;
  } else if (report.target.startsWith('embedded reference')) {
    embedded = await startEmbeddedThread({ ...(report.embeddedMutant ? { mutant: report.embeddedMutant } : {}), profile: referenceProfiles(profiles) });
    targets = embedded.targets;
    out(`replaying against a new ${report.embeddedMutant ? `embedded reference (mutant ${report.embeddedMutant})` : 'embedded reference'} at ${embedded.ref.url}\n`);
  } else throw new UsageError(`the report ran against ${report.target}; give --target with that target's config`);

  // One engine for every failing case, under the report's seed and no random cases: a sequence
  // rule is re-run whole, any other case is sent again exactly as recorded, freshly signed.
  let still = 0;
  let errors = 0;
  const planned = new Map<string, PlannedSpec>();
  const replayable: typeof failing = [];
  for (const record of failing) {
    const set = sets.find((s) => s.specId === record.specId);
    const rule = set?.rules.find((r) => r.id === record.ruleId);
    const target = targets[record.specId];
    if (!set || !rule || !target) {
      out(`${record.ruleId}: cannot replay — ${!rule ? 'the rule no longer exists' : 'the target config has no entry for its spec'}\n`);
      errors++;
      continue;
    }
    const spec = planned.get(set.specId) ?? { set, target, ruleIds: [] };
    if (!spec.ruleIds.includes(rule.id)) spec.ruleIds.push(rule.id);
    planned.set(set.specId, spec);
    replayable.push(record);
  }
  const engine = new Engine({ specs: [...planned.values()], seed: report.seed, runs: 0, concurrency: 4, timeoutMs: o.timeoutMs ?? 10_000, maxBodyBytes: 1 << 20, previewBytes: 200 });
  let total = 0;
  try {
    for (const record of replayable) {
      const failures = failuresOf(record);
      // A rule with a failing sequence, and a scenario rule, is run again whole, once; the other
      // failing cases of a rule are sent again one by one.
      const scenario = [...planned.values()].some((p) => p.set.rules.some((r) => r.id === record.ruleId && r.stimulus.kind === 'scenario'));
      const sequence = scenario ? failures[0] : failures.find((f) => f.case.sequence);
      const spec = planned.get(record.specId)!;
      // What comes back is quoted: every secret the replayed request carried (and the configured ones) is cut from it.
      const configured = credentialSecrets(spec.target.credentials);
      const sentBy = (wire?: WireRequest): string[] => (wire ? redactRequest(spec.set.operation.auth, spec.target.credentials, wire).secrets : configured);
      const label = (f: (typeof failures)[number]): string => `${record.ruleId} — ${f.caseLabel}`;
      const fp = (f: (typeof failures)[number]): string => (f.fingerprint ? ` (fingerprint ${f.fingerprint})` : '');
      if (sequence) {
        total++;
        let verdict: string;
        try {
          const again = await engine.runRule(record.ruleId);
          const fails = again.verdict === 'FAIL' || again.verdict === 'WARN';
          if (fails) still++;
          else if (again.verdict === 'ERROR') errors++;
          verdict = fails ? `STILL FAILS — ${again.failure!.message}; expected ${again.failure!.expected}, got ${again.failure!.actual}` : `now ${again.verdict}${again.reason ? ` — ${again.reason}` : ''}`;
        } catch (err) {
          errors++;
          verdict = `harness error: ${(err as Error).message}`;
        }
        out(`${label(sequence)}\n  ${scrubSecrets(verdict, configured)}${fp(sequence)}\n`);
      }
      for (const f of scenario ? [] : failures.filter((x) => !x.case.sequence)) {
        total++;
        let verdict: string;
        let wire: WireRequest | undefined;
        try {
          const { result: r, exchange } = await engine.replayCase(record.ruleId, f.case);
          wire = exchange.wire;
          if (!r.ok) still++;
          verdict = r.ok ? `now passes (status ${exchange.response.status})` : `STILL FAILS — ${r.message}; expected ${r.expected}, got ${r.actual}`;
        } catch (err) {
          errors++;
          verdict = err instanceof TransportError ? `could not be sent: ${err.message}` : `harness error: ${(err as Error).message}`;
        }
        out(`${label(f)}\n  ${scrubSecrets(verdict, sentBy(wire))}${fp(f)}\n`);
      }
      if (record.moreFailures) out(`${record.ruleId}: ${record.moreFailures} more failing case${record.moreFailures === 1 ? '' : 's'} not listed in the report; run the rule again to see them\n`);
    }
  } finally {
    await engine.close();
    await embedded?.ref.close();
  }
  const unreplayable = failing.length - replayable.length;
  out(`${still} of ${total + unreplayable} still fail${errors ? `, ${errors} could not be replayed` : ''}\n`);
  if (errors === total + unreplayable) return EXIT.UNREACHABLE;
  return still > 0 ? EXIT.FAILED : EXIT.OK;
}
