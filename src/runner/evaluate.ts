/**
 * Whether one exchange meets what its rule expects: the status (and error code) first, then the
 * named checks. A rule whose document is ambiguous accepts every accepted reading.
 */
import { codeText, errorCodeOf, noCodeProblem } from '../checks/error-code.js';
import { excerpt } from '../checks/_internals/outcome.js';
import { readsBody } from '../checks/catalog.js';
import { runChecks } from '../checks/index.js';
import type { CheckContext } from '../checks/types.js';
import type { Exchange } from '../model/exchange.js';
import type { AbstractRequest, RequestCase } from '../model/request.js';
import type { CheckRef, Expectation, Outcome, Rule } from '../model/rule.js';

export interface CaseResult {
  ok: boolean;
  check: string;
  message: string;
  expected: string;
  actual: string;
  /** The ambiguity readings (ids) the answer fits, where the case's readings differ: the reading an either-of case was taken in, or those an `either` case's outcome fits. */
  readings?: string[];
}

const PASSED: CaseResult = { ok: true, check: '', message: '', expected: '', actual: '' };

/**
 * A failure that rests on a response body cut at the --max-body limit: the missing part may hold
 * just what the check looked for, so the harness cannot decide (ERROR), and the target is not
 * blamed. A failure on the status alone still stands.
 */
export class BodyCutError extends Error {}

function decided(r: CaseResult, ctx: CheckContext, ex: Exchange): CaseResult {
  if (r.ok || !readsBody(r.check)) return r;
  const cut = [ex, ...(ctx.sequence ?? [])].find((e) => e.response.truncated);
  if (!cut) return r;
  const n = cut.response.body.length;
  throw new BodyCutError(`the response body was cut at ${n} byte${n === 1 ? '' : 's'} (--max-body) and the ${r.check} check needs all of it (case ${cut.case.label}); raise --max-body to judge this answer`);
}

/** The rule's expectation and those of its accepted ambiguity readings. */
export function expectations(rule: Rule): Expectation[] {
  const alts = (rule.ambiguity?.alternatives ?? []).filter((a) => a.accepted && a.expect).map((a) => a.expect!);
  return [rule.expect, ...alts];
}

function describeOutcomes(outcomes: Outcome[]): string {
  return outcomes.map((o) => `${o.status.join('/')}${o.code ? ` ${o.code}` : ''}`).join(' or ');
}

/** The first failing named check, as a case result (each check declares when it applies). */
function checksResult(refs: CheckRef[], ctx: CheckContext, ex: Exchange): CaseResult {
  const [f] = runChecks(refs, ctx, ex);
  return f ? { ok: false, check: f.check, message: f.message, expected: f.expected, actual: f.actual } : PASSED;
}

function against(e: Expectation, ctx: CheckContext, ex: Exchange): CaseResult {
  const status = ex.response.status;
  if (e.outcome === 'none') return PASSED;
  if (ex.case.expect === 'accept') {
    const accepted = e.outcome === 'accept' ? e.status : e.acceptStatus;
    if (!accepted.includes(status)) {
      return { ok: false, check: 'status', message: `a request the document allows was answered ${status}`, expected: `status ${accepted.join(' or ')}`, actual: `status ${status}${codeSuffix(ctx, ex)}` };
    }
    // Reject rules' controls check the status only; accept rules run every named check.
    return e.outcome === 'accept' ? checksResult(e.checks, ctx, ex) : checksResult(e.checks.filter((c) => c.name === 'status-documented'), ctx, ex);
  }
  if (e.outcome !== 'reject') {
    // A reading under which the case's violation is no violation (a profile's `accept` reading of a reject rule).
    if (e.status.includes(status)) return checksResult(e.checks, ctx, ex);
    return { ok: false, check: 'status', message: 'the rule expects this request to be accepted', expected: `status ${e.status.join(' or ')}`, actual: `status ${status}${codeSuffix(ctx, ex)}` };
  }
  const read = errorCodeOf(ctx.op, ex.response);
  const code = codeText(read);
  const match = e.outcomes.find((o) => o.status.includes(status) && (o.code === undefined || o.code === code));
  if (!match) {
    const documented = e.outcomes.some((o) => o.status.includes(status));
    // A documented status whose error body cannot be read, or holds no code: the body is at fault,
    // and the failure says why rather than showing the bare status.
    if (documented && status >= 400 && !read.found && read.why !== 'undocumented') {
      const { message, note } = noCodeProblem(status, read);
      return { ok: false, check: 'error-body', message, expected: describeOutcomes(e.outcomes), actual: excerpt(`status ${status} (${note})`) };
    }
    return {
      ok: false,
      check: documented ? 'error-code' : 'status',
      message: status < 400 ? 'a request the document forbids was accepted' : 'a request the document forbids was rejected in an undocumented way',
      expected: describeOutcomes(e.outcomes),
      actual: `status ${status}${code ? ` ${code}` : ''}`,
    };
  }
  return checksResult(e.checks.filter((c) => c.name !== 'error-code'), ctx, ex);
}

function codeSuffix(ctx: CheckContext, ex: Exchange): string {
  const code = ex.response.status >= 400 ? codeText(errorCodeOf(ctx.op, ex.response)) : undefined;
  return code ? ` ${code}` : '';
}

/**
 * The case passes when it meets the rule's expectation or any accepted reading's. A case the
 * readings disagree on (`expect: either`) passes accepted or rejected, and says which readings
 * its outcome fits. A failure that rests on a body cut at --max-body throws BodyCutError.
 */
export function evaluate(rule: Rule, ctx: CheckContext, ex: Exchange): CaseResult {
  return decided(judge(rule, ctx, ex), ctx, ex);
}

function judge(rule: Rule, ctx: CheckContext, ex: Exchange): CaseResult {
  if (ex.case.expect === 'either') {
    const as = (expect: 'accept' | 'reject'): CaseResult => judge(rule, ctx, { ...ex, case: { ...ex.case, expect } });
    const accepted = as('accept');
    if (accepted.ok) return { ...accepted, ...(ex.case.readings ? { readings: ex.case.readings.accept } : {}) };
    const rejected = as('reject');
    if (rejected.ok) return { ...rejected, ...(ex.case.readings ? { readings: ex.case.readings.reject } : {}) };
    const r = ex.response.status < 400 ? accepted : rejected;
    return { ...r, message: `the readings allow either outcome, but neither was given: ${r.message}`, expected: `${accepted.expected}, or ${rejected.expected}` };
  }
  return evaluateOne(rule, ctx, ex);
}

function evaluateOne(rule: Rule, ctx: CheckContext, ex: Exchange): CaseResult {
  let first: CaseResult | undefined;
  for (const e of expectations(rule)) {
    const r = against(e, ctx, ex);
    if (r.ok) return r;
    first ??= r;
  }
  return first!;
}

/**
 * "Either of": the case as written, and — while the target refuses it — the same case in each
 * other reading's form (`eitherOf`), in order. The case passes with the first form that meets its
 * expectation, naming that reading; when none does, the failure is the first form's.
 */
export async function evaluateEither(
  rule: Rule,
  ctx: CheckContext,
  c: RequestCase,
  send: (c: RequestCase) => Promise<Exchange>,
): Promise<{ ex: Exchange; result: CaseResult }> {
  const ex = await send(c);
  const result = judge(rule, ctx, ex);
  if (result.ok || !c.eitherOf?.length) return { ex, result: result.ok && c.eitherOf?.length && c.reading ? { ...result, readings: [c.reading] } : decided(result, ctx, ex) };
  const tried = [c.reading ?? 'as written'];
  for (const alt of c.eitherOf) {
    const other: RequestCase = { ...c, request: alt.request as AbstractRequest, reading: alt.reading, eitherOf: [] };
    const altEx = await send(other);
    const r = judge(rule, ctx, altEx);
    if (r.ok) return { ex: altEx, result: { ...r, readings: [alt.reading] } };
    tried.push(alt.reading);
  }
  return { ex, result: decided({ ...result, message: `${result.message} (in every reading: ${tried.join(', ')})` }, ctx, ex) };
}
