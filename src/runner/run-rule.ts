/**
 * One rule → one verdict: its deterministic cases in order, then its random cases as a fast-check
 * property (shrunk on failure, with seed and path). The target being wrong (FAIL/WARN) is kept
 * apart from the harness not being able to decide (ERROR).
 */
import fc from 'fast-check';
import { genContextFor } from './context.js';
import { BodyCutError, evaluate, evaluateEither, type CaseResult } from './evaluate.js';
import type { CheckContext } from '../checks/types.js';
import { ruleCases } from '../../generators/ruleCases.js';
import type { Exchange, HttpResponse } from '../model/exchange.js';
import type { OperationModel } from '../model/operation.js';
import type { RequestCase, WireRequest } from '../model/request.js';
import type { Rule } from '../model/rule.js';
import { credentialSecrets, redactRequest, redactResponse, scrubSecrets, UnsupportedAuthVariant, type Credentials } from '../sign/index.js';
import type { ResolvedTarget } from '../target/config.js';
import { TransportError, type Transport } from '../transport/http.js';
import { prepareRequest } from '../transport/prepare.js';
import { urlPlaceholders } from '../encode/request.js';
import { runScenario } from './scenario.js';
import type { Semaphore } from '../transport/limits.js';
import { fingerprintOf, MAX_FAILURES, type Failure, type ReceivedResponse, type SentRequest, type VerdictRecord } from './verdict.js';

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

/** Random cases drawn at a time (fast-check is asked for this many at once). */
export const RANDOM_BATCH = 16;
/** Random cases of one rule drawn and not yet answered at most (the run-wide in-flight limit applies too). */
export const RANDOM_WINDOW = 16;

/**
 * The seed's random cases one at a time, with their position, drawn RANDOM_BATCH at a time:
 * the cases and order of `fc.sample(arb, { seed, numRuns: runs })`, never all held at once.
 */
export function lazySample<T>(arb: fc.Arbitrary<T>, seed: number, runs: number): () => { value: T; at: number } | undefined {
  let batch: Array<T | undefined> = [];
  let start = 0;
  let at = 0;
  return () => {
    if (at >= runs) return undefined;
    if (at - start >= batch.length) {
      start = at;
      batch = drawRandom(arb, seed, start, Math.min(RANDOM_BATCH, runs - start));
    }
    const value = batch[at - start] as T;
    // Handed out: the batch no longer holds it.
    batch[at - start] = undefined;
    return { value, at: at++ };
  };
}

/**
 * Random cases `start` … `start + count − 1` of the seed's sequence: the cases `fc.sample(arb,
 * { seed, numRuns })` gives at those positions, without drawing the ones before (fast-check's
 * replay path skips them unevaluated).
 */
export function drawRandom<T>(arb: fc.Arbitrary<T>, seed: number, start: number, count: number): T[] {
  return fc.sample(arb, start === 0 ? { seed, numRuns: count } : { seed, numRuns: count, path: String(start) });
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
  return redactResponse(res, secrets, max);
}

/** What the case's requests carried of their credentials, and the configured secrets. */
function secretsSent(wires: readonly WireRequest[], env: RuleEnv): string[] {
  const all = wires.flatMap((w) => redactRequest(env.op.auth, env.target.credentials, w).secrets);
  return all.length ? [...new Set(all)] : credentialSecrets(env.target.credentials);
}

/**
 * The distinct failures of one rule, in case order, whatever order their responses arrive in:
 * the MAX_FAILURES earliest are kept whole; of the rest only the fingerprint is kept, so memory
 * stays verdict-sized. Distinct means a different fingerprint; a repeat keeps its earliest case.
 */
export class FailureList {
  private kept: Array<{ at: number; fp: string; failure: Failure }> = [];
  private seen = new Map<string, number>();

  add(at: number, fp: string, build: () => Failure): void {
    const prev = this.seen.get(fp);
    if (prev !== undefined && prev <= at) return;
    this.seen.set(fp, at);
    if (prev !== undefined) this.kept = this.kept.filter((k) => k.fp !== fp);
    if (this.kept.length >= MAX_FAILURES && this.kept.at(-1)!.at < at) return;
    const pos = this.kept.findIndex((k) => k.at > at);
    this.kept.splice(pos < 0 ? this.kept.length : pos, 0, { at, fp, failure: build() });
    if (this.kept.length > MAX_FAILURES) this.kept.pop();
  }

  first(): Failure | undefined {
    return this.kept[0]?.failure;
  }

  /** The kept failures in case order, and the fingerprints of the others in case order. */
  result(): { failures: Failure[]; more: string[] } {
    const listed = new Set(this.kept.map((k) => k.fp));
    const more = [...this.seen].filter(([fp]) => !listed.has(fp)).sort((a, b) => a[1] - b[1]).map(([fp]) => fp);
    return { failures: this.kept.map((k) => k.failure), more };
  }
}

/** One sentence on what to change in the target, from the rule and what went wrong. */
export function fixFor(rule: Rule, c: RequestCase, r: CaseResult): string {
  if (r.check === 'status' || r.check === 'error-code') {
    return c.expect === 'accept'
      ? `Accept this request: ${rule.requirement}`
      : `Reject this request with ${r.expected}: ${rule.requirement}`;
  }
  // An unreadable error body on a rejection the rule expects: the status was right, the body is not.
  if (r.check === 'error-body' && c.expect === 'reject') return `Reject this request with ${r.expected} in a well-formed error body that carries its code: ${rule.requirement}`;
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
  /** How many cases' answers fit each ambiguity reading, where a case's readings differ. */
  const taken = new Map<string, number>();
  /** Why cases were not sent, and how many of each. */
  const skipped = new Map<string, number>();
  const done = (extra: Pick<VerdictRecord, 'verdict'> & Partial<VerdictRecord>): VerdictRecord => ({
    ...base,
    cases: sent,
    durationMs: Math.round(performance.now() - started),
    ...(taken.size ? { readings: [...taken].map(([id, cases]) => ({ id, cases })) } : {}),
    ...extra,
  });

  if (!rule.testable) return done({ verdict: 'UNTESTABLE', reason: rule.untestableReason ?? 'not observable from outside' });
  const gen = genContextFor(rule, env.op, env.target, String(env.seed));
  if (typeof gen === 'string') return done({ verdict: 'SKIP', reason: gen });
  const ctx: CheckContext = { op: env.op, rule };

  const sendOne = async (c: RequestCase, index: number, wires: WireRequest[]): Promise<Exchange> => {
    if (Date.now() > env.deadline) throw new OutOfTime('the run\'s time budget ran out before this rule finished');
    let wire: WireRequest;
    try {
      wire = await prepareRequest(env.op, env.target.target, env.target.credentials, c.request, env.now(), index);
    } catch (err) {
      if (err instanceof UnsupportedAuthVariant) throw new Skip(err.message);
      throw err;
    }
    sent++;
    wires.push(wire);
    let response: HttpResponse;
    try {
      response = await env.transport.send(wire);
    } catch (err) {
      // The reason names the request that got no answer, so a hung target's ERROR says which one hung.
      if (err instanceof TransportError) throw new TransportError(err.kind, `${err.message} for case ${c.label}`);
      throw err;
    }
    return { case: c, request: c.request, wire, response, placeholders: urlPlaceholders(env.op, env.target.target, c.request) };
  };
  const exchange = async (c: RequestCase, index: number): Promise<{ ex: Exchange; result: CaseResult } | undefined> => {
    if (c.skip !== undefined) {
      skipped.set(c.skip, (skipped.get(c.skip) ?? 0) + 1);
      return undefined;
    }
    const wires: WireRequest[] = [];
    let r: { ex: Exchange; result: CaseResult };
    try {
      r = await evaluateEither(rule, ctx, c, (x) => sendOne(x, index, wires));
    } catch (err) {
      // An ERROR's reason may quote the answer (a check or parser that could not read it): cut what the case sent.
      if (err instanceof Error) err.message = scrubSecrets(err.message, secretsSent(wires, env));
      throw err;
    }
    for (const id of r.result.ok ? (r.result.readings ?? []) : []) taken.set(id, (taken.get(id) ?? 0) + 1);
    return r;
  };
  const failure = (ex: Exchange, r: CaseResult, extra: Partial<Failure> = {}, also: readonly string[] = []): Failure => {
    // The secrets the request carried are cut from everything recorded beside it: a check quotes the response.
    const { secrets: own, ...request } = sentRequest(ex.wire, env.previewBytes, env.op.auth, env.target.credentials);
    const secrets = also.length ? [...new Set([...own, ...also])] : own;
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
      fix: scrub(fixFor(rule, ex.case, r)),
      ...extra,
    };
  };
  const list = new FailureList();
  /** Adds a failing case at its place in case order; the record-sized failure is built only when it is kept. */
  const note = (at: number, ex: Exchange, r: CaseResult, extra: Partial<Failure> = {}, also: readonly string[] = []): void => {
    const label = extra.caseLabel ?? ex.case.label;
    // Fingerprinted as recorded: an echoed signature, different in every run, must not make every run's failure new.
    const secrets = [...redactRequest(env.op.auth, env.target.credentials, ex.wire).secrets, ...also];
    const fp = fingerprintOf(rule.id, { check: r.check, expected: scrubSecrets(r.expected, secrets), actual: scrubSecrets(r.actual, secrets), caseLabel: label, origin: ex.case.origin });
    list.add(at, fp, () => ({ ...failure(ex, r, extra, also), fingerprint: fp }));
  };

  /** FAIL or WARN with every failure found so far, or undefined when there is none. */
  const failed = (reason?: string): VerdictRecord | undefined => {
    const found = list.result();
    if (!found.failures.length) return undefined;
    return done({
      verdict: rule.level === 'MUST' ? 'FAIL' : 'WARN',
      ...(reason ? { reason } : {}),
      failure: found.failures[0]!,
      failures: found.failures,
      ...(found.more.length ? { moreFailures: found.more.length, moreFingerprints: found.more } : {}),
    });
  };

  /**
   * Sends independent cases concurrently (bounded by the run's in-flight limit) and notes every
   * failure at its place in case order. Each task keeps only a verdict-sized result, so memory
   * follows the concurrency and the failure bound, not the number of cases.
   */
  const sendAll = async (cases: RequestCase[], startIndex: number): Promise<void> => {
    // Every case settles before an error is raised, so the failures noted do not depend on which answer came first.
    const settled = await Promise.allSettled(
      cases.map((c, i) =>
        env.inflight.run(async () => {
          const r = await exchange(c, startIndex + i);
          if (r && !r.result.ok) note(startIndex + i, r.ex, r.result);
        }),
      ),
    );
    const rejected = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (rejected) throw rejected.reason;
  };

  try {
    // A scenario's steps are sent by the scenario runner; what it could not do lands in the catch below.
    if (rule.stimulus.kind === 'scenario') {
      const r = await runScenario(rule.stimulus.scenario, { op: env.op, rule, gen, target: env.target, transport: env.transport, inflight: env.inflight, now: env.now, deadline: env.deadline, onSent: () => sent++ });
      const notes = r.notes.length ? { reason: r.notes.join('; ') } : {};
      if (r.ok) return done({ verdict: 'PASS', ...notes });
      if (r.kind === 'skip') return done({ verdict: 'SKIP', reason: r.message });
      if (r.kind === 'error') return done({ verdict: 'ERROR', error: r.budget ? 'budget' : 'harness', reason: [`scenario: ${r.message}`, ...r.notes].join('; ') });
      // The failing step's exchange is recorded like any failing case (secrets cut, fingerprinted).
      const { wire, response, case: c } = r.exchange;
      note(0, { case: c, request: c.request, wire, response }, { ok: false, check: r.check, message: r.message, expected: r.expected, actual: r.actual }, { caseLabel: r.step, fix: `Make ${r.step} hold: ${rule.requirement}` }, r.secrets);
      return failed(notes.reason)!;
    }
    const cases = ruleCases(rule, env.op, gen);
    const independent = cases.fixed.filter((c) => !c.sequence);
    await sendAll(independent, 0);
    let index = independent.length;

    // Sequences: in order, then judged step by step against the sends before; a sequence's first
    // failing step is its failure (the steps after it are judged against a broken history).
    const sequences = new Map<string, Array<{ at: number; ex: Exchange }>>();
    for (const c of cases.fixed.filter((x) => x.sequence)) {
      const at = index++;
      const r = await env.inflight.run(() => exchange(c, at));
      if (!r) continue;
      const { ex } = r;
      sequences.set(c.sequence!.id, [...(sequences.get(c.sequence!.id) ?? []), { at, ex }]);
    }
    for (const seq of sequences.values()) {
      const exchanges = seq.map((s) => s.ex);
      for (const { at, ex } of seq) {
        const r = evaluate(rule, { ...ctx, sequence: exchanges }, ex);
        if (!r.ok) {
          note(at, ex, r, { caseLabel: `${ex.case.label} of a sequence of ${seq.length}` });
          break;
        }
      }
    }

    // Random cases: drawn from the seed and sent concurrently; only when one fails does fast-check
    // replay the same seed case by case, to shrink it to a smaller failing case, listed after the
    // deterministic failures.
    if (cases.random && env.runs > 0) {
      // Drawn lazily, a batch at a time (the same cases in the same order as one fc.sample of all
      // `runs`: a batch is the sample at path `start`), so memory follows the batch, not the runs.
      const randomAt = index + env.runs;
      const fast = new FailureList();
      const next = lazySample(cases.random, env.seed, env.runs);
      let stopped = false;
      // A few senders pull the next case as each finishes, so no more than RANDOM_WINDOW cases
      // are drawn and not yet answered at any time; after an error no new case starts.
      const sender = async (): Promise<void> => {
        for (let n = next(); n && !stopped; n = next()) {
          const { value: c, at: i } = n;
          try {
            await env.inflight.run(async () => {
              const r = await exchange(c, index + i);
              if (r && !r.result.ok) fast.add(i, String(i), () => ({ ...failure(r.ex, r.result), seed: env.seed }));
            });
          } catch (err) {
            stopped = true;
            throw err;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(RANDOM_WINDOW, env.runs) }, sender));
      index = randomAt;
      const firstRandom = fast.first();
      if (firstRandom) {
        let last: { ex: Exchange; result: CaseResult } | undefined;
        const details = await fc.check(
          fc.asyncProperty(cases.random, async (c) => {
            const r = await env.inflight.run(() => exchange(c, index++));
            if (!r) return;
            last = r;
            if (!r.result.ok) throw new CaseFailed(r.result.message);
          }),
          { seed: env.seed, numRuns: env.runs, endOnFailure: false, markInterruptAsFailure: false, interruptAfterTimeLimit: Math.max(1, env.deadline - Date.now()) },
        );
        if (!details.failed) {
          const fp = fingerprintOf(rule.id, firstRandom);
          list.add(randomAt, fp, () => ({ ...firstRandom, fingerprint: fp }));
        } else {
          if (!(details.errorInstance instanceof CaseFailed)) throw details.errorInstance ?? new Error('the property failed without a case');
          // Re-send the shrunk counterexample so the record shows its own request and response.
          const shrunk = details.counterexample?.[0] as RequestCase | undefined;
          const final = (shrunk ? await env.inflight.run(() => exchange(shrunk, index++)) : undefined) ?? last!;
          const chosen = final.result.ok ? last! : final;
          note(randomAt, chosen.ex, chosen.result, { seed: details.seed, path: details.counterexamplePath ?? '' });
        }
      }
    }
    const notSent = [...skipped].map(([why, n]) => `${n} case${n === 1 ? '' : 's'} not sent: ${why}`).join('; ');
    if (notSent && sent === 0) return done({ verdict: 'SKIP', reason: notSent });
    return failed(notSent || undefined) ?? done({ verdict: 'PASS', ...(notSent ? { reason: notSent } : {}) });
  } catch (err) {
    if (err instanceof Skip) return done({ verdict: 'SKIP', reason: err.message });
    // A failure already seen stands: the target was wrong, whatever the later cases would have shown.
    if (err instanceof OutOfTime) return failed(`not every case was sent: ${err.message}`) ?? done({ verdict: 'ERROR', error: 'budget', reason: err.message });
    if (err instanceof BodyCutError) return failed(`not every answer could be judged: ${err.message}`) ?? done({ verdict: 'ERROR', error: 'harness', reason: err.message });
    if (err instanceof TransportError) return failed(`not every case was sent: the target did not answer: ${err.message}`) ?? done({ verdict: 'ERROR', error: 'transport', reason: `target did not answer: ${err.message}` });
    return done({ verdict: 'ERROR', error: 'harness', reason: `harness error: ${(err as Error).message}` });
  }
}
