/**
 * error-code: a rejection carries, in the documented error body, one of the error codes the
 * rule expects for the status it came with.
 */
import type { HttpResponse } from '../model/exchange.js';
import type { OperationModel } from '../model/operation.js';
import type { Expectation, Rule } from '../model/rule.js';
import type { Applicability } from './_internals/applies.js';
import { when } from './_internals/applies.js';
import { bodyExcerpt, fail } from './_internals/outcome.js';
import { elementsAt, parseXml } from './_internals/xml.js';
import { jsonAt } from './_internals/json.js';
import { OK, type Check } from './types.js';

/**
 * The error code where the operation's error body carries it, trimmed; undefined when the
 * operation documents none, the body does not parse, or the code is missing or empty:
 *  - `xml`: the element at `codePath` (`ErrorResponse/Error/Code`, local names from the root) of
 *    a well-formed XML body (a DOCTYPE counts as not well-formed);
 *  - `json`: the string (or number) at JSON pointer `codePath` (`/error/code`) of a JSON body;
 *  - `header`: the response header named `codePath`.
 */
export function errorCodeOf(op: OperationModel, response: HttpResponse): string | undefined {
  const where = op.errorBody;
  if (!where) return undefined;
  let code: string | undefined;
  switch (where.format) {
    case 'xml': {
      const parsed = parseXml(response.body, response.truncated);
      code = parsed.ok ? elementsAt(parsed.root, where.codePath)[0]?.text : undefined;
      break;
    }
    case 'json': {
      const v = jsonAt(response, where.codePath);
      code = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
      break;
    }
    case 'header':
      code = response.headers[where.codePath.toLowerCase()];
      break;
  }
  const trimmed = code?.trim();
  return trimmed === '' ? undefined : trimmed;
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
  const code = errorCodeOf(ctx.op, response);
  const where = ctx.op.errorBody?.codePath ?? 'the error body';
  if (code === undefined) return fail(`The ${response.status} response carries no error code at ${where}.`, expected, bodyExcerpt(response));
  if (codes.includes(code)) return OK;
  return fail(`The ${response.status} response carries error code ${code}, not one the rule expects.`, expected, code);
});
