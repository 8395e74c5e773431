/**
 * One rule → one verdict: its deterministic cases in order, then its random cases as a fast-check
 * property (shrunk on failure, with seed and path). The target being wrong (FAIL/WARN) is kept
 * apart from the harness not being able to decide (ERROR).
 */
import fc from 'fast-check';
import { genContextFor } from './context.js';
import { evaluate, type CaseResult } from './evaluate.js';
import type { CheckContext } from '../checks/types.js';
import { ruleCases } from '../../generators/ruleCases.js';
import type { Exchange, HttpResponse } from '../model/exchange.js';
import type { OperationModel } from '../model/operation.js';
import type { RequestCase, WireRequest } from '../model/request.js';
import type { Rule } from '../model/rule.js';
import { redactAuthorization, UnsupportedAuthVariant } from '../sign/index.js';
import type { ResolvedTarget } from '../target/config.js';
import { TransportError, type Transport } from '../transport/http.js';
import { prepareRequest } from '../transport/prepare.js';
import type { Failure, ReceivedResponse, SentRequest, VerdictRecord } from './verdict.js';

export interface RuleEnv {
  op: OperationModel;
  target: ResolvedTarget;
  transport: Transport;
  now: () => Date;
  seed: number;
  /** Random cases per rule after the fixed ones. */
  runs: number;
  /** Epoch ms after which no new case starts. */
  deadline: number;
  previewBytes: number;
}

class Skip extends Error {}
class OutOfTime extends Error {}
/** Thrown inside the property when a random case breaks the rule; any other throw is the harness's or the transport's. */
class CaseFailed extends Error {}

function preview(bytes: Uint8Array, max: number): { body: string; bodyBytes: number; bodyTruncated: boolean } {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { body: b.subarray(0, max).toString('latin1'), bodyBytes: b.length, bodyTruncated: b.length > max };
}

export function sentRequest(wire: WireRequest, max: number): SentRequest {
  return { method: wire.method, url: wire.url, headers: redactAuthorization(wire.headers), ...preview(wire.body, max) };
}

export function receivedResponse(res: HttpResponse, max: number): ReceivedResponse {
  const p = preview(res.body, max);
  return { status: res.status, headers: res.headers, ...p, bodyTruncated: p.bodyTruncated || res.truncated };
}

export async function runRule(rule: Rule, env: RuleEnv): Promise<VerdictRecord> {
  const started = performance.now();
  const base = {
    ruleId: rule.id,
    specId: rule.specId,
    level: rule.level,
    title: rule.title,
    requirement: rule.requirement,
    source: rule.source,
    ...(rule.ambiguity ? { ambiguity: rule.ambiguity } : {}),
  };
  let sent = 0;
  const done = (extra: Pick<VerdictRecord, 'verdict'> & Partial<VerdictRecord>): VerdictRecord => ({
    ...base,
    cases: sent,
    durationMs: Math.round(performance.now() - started),
    ...extra,
  });

  if (!rule.testable) return done({ verdict: 'UNTESTABLE', reason: rule.untestableReason ?? 'not observable from outside' });
  const gen = genContextFor(rule, env.op, env.target, String(env.seed));
  if (typeof gen === 'string') return done({ verdict: 'SKIP', reason: gen });
  const ctx: CheckContext = { op: env.op, rule };

  const exchange = async (c: RequestCase, index: number): Promise<{ ex: Exchange; result: CaseResult }> => {
    if (Date.now() > env.deadline) throw new OutOfTime('the run\'s time budget ran out before this rule finished');
    let wire: WireRequest;
    try {
      wire = await prepareRequest(env.op, env.target.target, env.target.credentials, c.request, env.now(), index);
    } catch (err) {
      if (err instanceof UnsupportedAuthVariant) throw new Skip(err.message);
      throw err;
    }
    sent++;
    const response = await env.transport.send(wire);
    const ex: Exchange = { case: c, request: c.request, wire, response };
    return { ex, result: evaluate(rule, ctx, ex) };
  };
  const failure = (ex: Exchange, r: CaseResult, extra: Partial<Failure> = {}): Failure => ({
    caseLabel: ex.case.label,
    origin: ex.case.origin,
    check: r.check,
    message: r.message,
    expected: r.expected,
    actual: r.actual,
    request: sentRequest(ex.wire, env.previewBytes),
    response: receivedResponse(ex.response, env.previewBytes),
    ...extra,
  });
  const verdictFor = (f: Failure): VerdictRecord => done({ verdict: rule.level === 'MUST' ? 'FAIL' : 'WARN', failure: f });

  try {
    const cases = ruleCases(rule, env.op, gen);
    // Deterministic cases: in order; an any-of group passes when one of its cases does.
    const groups = new Map<string, Array<{ ex: Exchange; result: CaseResult }>>();
    const sequences = new Map<string, Exchange[]>();
    let index = 0;
    for (const c of cases.fixed) {
      const { ex, result } = await exchange(c, index++);
      if (c.sequence) sequences.set(c.sequence.id, [...(sequences.get(c.sequence.id) ?? []), ex]);
      if (c.anyOf) {
        groups.set(c.anyOf, [...(groups.get(c.anyOf) ?? []), { ex, result }]);
        continue;
      }
      if (!result.ok) return verdictFor(failure(ex, result));
    }
    for (const members of groups.values()) {
      if (!members.some((m) => m.result.ok)) return verdictFor(failure(members[0]!.ex, members[0]!.result));
    }
    // Sequence checks judge each send against the ones before it, once the sequence is complete.
    for (const seq of sequences.values()) {
      for (const ex of seq) {
        const r = evaluate(rule, { ...ctx, sequence: seq }, ex);
        if (!r.ok) return verdictFor(failure(ex, r, { caseLabel: `${ex.case.label} of a sequence of ${seq.length}` }));
      }
    }

    // Random cases: a property; fast-check shrinks a failing case to a smaller one.
    if (cases.random && env.runs > 0) {
      let last: { ex: Exchange; result: CaseResult } | undefined;
      const details = await fc.check(
        fc.asyncProperty(cases.random, async (c) => {
          const r = await exchange(c, index++);
          last = r;
          if (!r.result.ok) throw new CaseFailed(r.result.message);
        }),
        { seed: env.seed, numRuns: env.runs, maxSkipsPerRun: 0, endOnFailure: false, markInterruptAsFailure: false, interruptAfterTimeLimit: Math.max(1, env.deadline - Date.now()) },
      );
      if (details.failed) {
        if (!(details.errorInstance instanceof CaseFailed)) throw details.errorInstance ?? new Error('the property failed without a case');
        // Re-run the shrunk counterexample so the record shows its own request and response.
        const shrunk = details.counterexample?.[0] as RequestCase | undefined;
        const final = shrunk ? await exchange(shrunk, index++) : last!;
        if (final.result.ok) return verdictFor(failure(last!.ex, last!.result, { seed: details.seed, path: details.counterexamplePath ?? '' }));
        return verdictFor(failure(final.ex, final.result, { seed: details.seed, path: details.counterexamplePath ?? '' }));
      }
    }
    return done({ verdict: 'PASS' });
  } catch (err) {
    if (err instanceof Skip) return done({ verdict: 'SKIP', reason: err.message });
    if (err instanceof OutOfTime) return done({ verdict: 'ERROR', reason: err.message });
    if (err instanceof TransportError) return done({ verdict: 'ERROR', reason: `target did not answer: ${err.message}` });
    return done({ verdict: 'ERROR', reason: `harness error: ${(err as Error).message}` });
  }
}
