/**
 * error-code: a rejection carries, in the documented error body, one of the error codes the
 * rule expects for the status it came with.
 */
import type { HttpResponse } from '../model/exchange.js';
import type { OperationModel } from '../model/operation.js';
import type { Expectation, Rule } from '../model/rule.js';
import type { Applicability } from './_internals/applies.js';
import { when } from './_internals/applies.js';
import { bodyExcerpt, fail, notWellFormed } from './_internals/outcome.js';
import { elementsAt, parseXml } from './_internals/xml.js';
import { parseJson, pointerGet } from './_internals/json.js';
import { OK, type Check } from './types.js';

/**
 * What reading the error code gave: the code, or why there is none. `undocumented`: the
 * operation declares no error body; `malformed`: the body is not well-formed in the declared
 * format (`reason` says how, from the parser); `missing`: it is, but holds no non-empty code at
 * `codePath` (a header: no non-empty header of that name).
 */
export type ErrorCodeRead =
  | { found: true; code: string }
  | { found: false; why: 'undocumented' }
  | { found: false; why: 'malformed'; format: 'xml' | 'json'; reason: string }
  | { found: false; why: 'missing'; format: 'xml' | 'json' | 'header'; codePath: string };

export type NoErrorCode = Extract<ErrorCodeRead, { found: false }>;

/**
 * The error code where the operation's error body carries it, trimmed:
 *  - `xml`: the element at `codePath` (`ErrorResponse/Error/Code`, local names from the root) of
 *    a well-formed XML body (a DOCTYPE counts as not well-formed);
 *  - `json`: the string (or number) at JSON pointer `codePath` (`/error/code`) of a JSON body;
 *  - `header`: the response header named `codePath`.
 */
export function errorCodeOf(op: OperationModel, response: HttpResponse): ErrorCodeRead {
  const where = op.errorBody;
  if (!where) return { found: false, why: 'undocumented' };
  let code: string | undefined;
  switch (where.format) {
    case 'xml': {
      const parsed = parseXml(response.body, response.truncated);
      if (!parsed.ok) return { found: false, why: 'malformed', format: 'xml', reason: parsed.problem };
      code = elementsAt(parsed.root, where.codePath)[0]?.text;
      break;
    }
    case 'json': {
      const parsed = parseJson(response);
      if (!parsed.ok) return { found: false, why: 'malformed', format: 'json', reason: parsed.reason };
      const v = pointerGet(parsed.value, where.codePath);
      code = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
      break;
    }
    case 'header':
      code = response.headers[where.codePath.toLowerCase()];
      break;
  }
  const trimmed = code?.trim();
  return trimmed === undefined || trimmed === '' ? { found: false, why: 'missing', format: where.format, codePath: where.codePath } : { found: true, code: trimmed };
}

/** The code, or undefined when there is none to read. */
export function codeText(read: ErrorCodeRead): string | undefined {
  return read.found ? read.code : undefined;
}

/**
 * Why a response of this status carries no error code: a sentence for the failure message and a
 * short note for "actual" (`malformed XML body: …`, `no error code at ErrorResponse/Error/Code`).
 */
export function noCodeProblem(status: number, read: NoErrorCode): { message: string; note: string } {
  switch (read.why) {
    case 'undocumented':
      return { message: `The ${status} response carries no error code: the operation documents no error body.`, note: 'no documented error body' };
    case 'malformed':
      return { message: notWellFormed(status, read.format, read.reason), note: `malformed ${read.format.toUpperCase()} body: ${read.reason}` };
    case 'missing':
      return read.format === 'header'
        ? { message: `The ${status} response has no ${read.codePath} header.`, note: `no ${read.codePath} header` }
        : { message: `The ${status} error body has no error code at ${read.codePath}.`, note: `no error code at ${read.codePath}` };
  }
}

/**
 * The codes the rule accepts with this status: from its own reject outcomes and from those of
 * every accepted ambiguity reading (a reading without its own expectation shares the rule's).
 */
export function expectedCodes(rule: Rule, status: number): string[] {
  const expectations: Expectation[] = [rule.expect];
  for (const alt of rule.ambiguity?.alternatives ?? []) if (alt.accepted && alt.expect) expectations.push(alt.expect);
  const codes = new Set<string>();
  for (const e of expectations) {
    if (e.outcome !== 'reject') continue;
    for (const o of e.outcomes) if (o.code !== undefined && o.status.includes(status)) codes.add(o.code);
  }
  return [...codes];
}

/** A case the rule expects to be rejected, answered with a status for which the rule names codes. */
export const appliesWhen: Applicability = (ctx, exchange) =>
  exchange.case.expect === 'reject' && expectedCodes(ctx.rule, exchange.response.status).length > 0;

export const errorCodeCheck: Check = when(appliesWhen, (ctx, exchange) => {
  const { response } = exchange;
  const codes = expectedCodes(ctx.rule, response.status);
  const expected = codes.join(' or ');
  const read = errorCodeOf(ctx.op, response);
  if (!read.found) return fail(noCodeProblem(response.status, read).message, expected, bodyExcerpt(response));
  if (codes.includes(read.code)) return OK;
  return fail(`The ${response.status} response carries error code ${read.code}, not one the rule expects.`, expected, read.code);
});
