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
import { redactRequest, redactResponse, scrubSecrets, UnsupportedAuthVariant, type Credentials } from '../sign/index.js';
import type { ResolvedTarget } from '../target/config.js';
import { TransportError, type Transport } from '../transport/http.js';
import { prepareRequest } from '../transport/prepare.js';
import type { Semaphore } from '../transport/limits.js';
import type { Failure, ReceivedResponse, SentRequest, VerdictRecord } from './verdict.js';

export interface RuleEnv {
  op: OperationModel;
  /** Requests in flight across the whole run (shared by every rule). */
  inflight: Semaphore;
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

/** The request as recorded: its scheme's secrets redacted (`secrets`: what was cut, for its response). */
export function sentRequest(wire: WireRequest, max: number, auth: OperationModel['auth'], credentials?: Credentials): SentRequest & { secrets: string[] } {
  const { url, headers, secrets } = redactRequest(auth, credentials, wire);
  return { method: wire.method, url, headers, ...preview(wire.body, max), secrets };
}

/** The response as recorded: any secret of its request that it echoes cut out. */
export function receivedResponse(res: HttpResponse, max: number, secrets: readonly string[] = []): ReceivedResponse {
  const p = preview(res.body, max);
  return redactResponse({ status: res.status, headers: res.headers, ...p, bodyTruncated: p.bodyTruncated || res.truncated }, secrets);
}

/** One sentence on what to change in the target, from the rule and what went wrong. */
export function fixFor(rule: Rule, c: RequestCase, r: CaseResult): string {
  if (r.check === 'status' || r.check === 'error-code') {
    return c.expect === 'accept'
      ? `Accept this request: ${rule.requirement}`
      : `Reject this request with ${r.expected}: ${rule.requirement}`;
  }
  return `Make the response meet the ${r.check} check: ${rule.requirement}`;
}

/** What every verdict record of a rule carries about the rule itself. */
export function recordOf(rule: Rule): Pick<VerdictRecord, 'ruleId' | 'specId' | 'level' | 'title' | 'requirement' | 'source' | 'ambiguity'> {
  return {
    ruleId: rule.id,
    specId: rule.specId,
    level: rule.level,
    title: rule.title,
    requirement: rule.requirement,
    source: rule.source,
    ...(rule.ambiguity ? { ambiguity: rule.ambiguity } : {}),
  };
}

export async function runRule(rule: Rule, env: RuleEnv): Promise<VerdictRecord> {
  const started = performance.now();
  const base = recordOf(rule);
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
  const failure = (ex: Exchange, r: CaseResult, extra: Partial<Failure> = {}): Failure => {
    // The secrets the request carried are cut from everything recorded beside it: a check quotes the response.
    const { secrets, ...request } = sentRequest(ex.wire, env.previewBytes, env.op.auth, env.target.credentials);
    const scrub = (text: string): string => scrubSecrets(text, secrets);
    return {
      caseLabel: ex.case.label,
      origin: ex.case.origin,
      check: r.check,
      message: scrub(r.message),
      expected: scrub(r.expected),
      actual: scrub(r.actual),
      request,
      response: receivedResponse(ex.response, env.previewBytes, secrets),
      case: ex.case,
      fix: fixFor(rule, ex.case, r),
      ...extra,
    };
  };
  const verdictFor = (f: Failure): VerdictRecord => done({ verdict: rule.level === 'MUST' ? 'FAIL' : 'WARN', failure: f });

  /**
   * Sends independent cases concurrently (bounded by the run's in-flight limit) and returns the
   * first failure in case order. Each task keeps only a verdict-sized result, so memory follows
   * the concurrency, not the number of cases.
   */
  const firstFailure = async (list: RequestCase[], startIndex: number): Promise<Failure | undefined> => {
    let first: { at: number; failure: Failure } | undefined;
    const groups = new Map<string, { ok: boolean; at: number; failure?: Failure }>();
    await Promise.all(
      list.map((c, i) =>
        env.inflight.run(async () => {
          if (first && first.at < i && !c.anyOf) return;
          const { ex, result } = await exchange(c, startIndex + i);
          if (c.anyOf) {
            const g = groups.get(c.anyOf) ?? { ok: false, at: i };
            g.ok ||= result.ok;
            g.at = Math.min(g.at, i);
            if (!result.ok && !g.failure) g.failure = failure(ex, result);
            groups.set(c.anyOf, g);
          } else if (!result.ok && (!first || i < first.at)) first = { at: i, failure: failure(ex, result) };
        }),
      ),
    );
    for (const g of groups.values()) if (!g.ok && (!first || g.at < first.at)) first = { at: g.at, failure: g.failure! };
    return first?.failure;
  };

  try {
    const cases = ruleCases(rule, env.op, gen);
    const independent = cases.fixed.filter((c) => !c.sequence);
    const fixedFailure = await firstFailure(independent, 0);
    if (fixedFailure) return verdictFor(fixedFailure);
    let index = independent.length;

    // Sequences: in order, then judged step by step against the sends before.
    const sequences = new Map<string, Exchange[]>();
    for (const c of cases.fixed.filter((x) => x.sequence)) {
      const { ex } = await env.inflight.run(() => exchange(c, index++));
      sequences.set(c.sequence!.id, [...(sequences.get(c.sequence!.id) ?? []), ex]);
    }
    for (const seq of sequences.values()) {
      for (const ex of seq) {
        const r = evaluate(rule, { ...ctx, sequence: seq }, ex);
        if (!r.ok) return verdictFor(failure(ex, r, { caseLabel: `${ex.case.label} of a sequence of ${seq.length}` }));
      }
    }

    // Random cases: drawn from the seed and sent concurrently; only when one fails does fast-check
    // replay the same seed case by case, to shrink it to a smaller failing case.
    if (cases.random && env.runs > 0) {
      const drawn = fc.sample(cases.random, { seed: env.seed, numRuns: env.runs });
      const fast = await firstFailure(drawn, index);
      index += drawn.length;
      if (fast) {
        let last: { ex: Exchange; result: CaseResult } | undefined;
        const details = await fc.check(
          fc.asyncProperty(cases.random, async (c) => {
            const r = await env.inflight.run(() => exchange(c, index++));
            last = r;
            if (!r.result.ok) throw new CaseFailed(r.result.message);
          }),
          { seed: env.seed, numRuns: env.runs, endOnFailure: false, markInterruptAsFailure: false, interruptAfterTimeLimit: Math.max(1, env.deadline - Date.now()) },
        );
        if (!details.failed) return verdictFor({ ...fast, seed: env.seed });
        if (!(details.errorInstance instanceof CaseFailed)) throw details.errorInstance ?? new Error('the property failed without a case');
        // Re-send the shrunk counterexample so the record shows its own request and response.
        const shrunk = details.counterexample?.[0] as RequestCase | undefined;
        const final = shrunk ? await env.inflight.run(() => exchange(shrunk, index++)) : last!;
        const chosen = final.result.ok ? last! : final;
        return verdictFor(failure(chosen.ex, chosen.result, { seed: details.seed, path: details.counterexamplePath ?? '' }));
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
