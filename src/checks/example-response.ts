/**
 * example-response: the response to the document's sample request has the values the document
 * gives for it. The rule's stimulus names the example; its `response` map gives, per field, the
 * expected text. A key is an element local name, found anywhere in the body (every element of
 * that name must have the value), or a slash path from the root.
 */
import type { Rule } from '../model/rule.js';
import type { OperationModel } from '../model/operation.js';
import type { Applicability } from './_internals/applies.js';
import { isSuccess, when } from './_internals/applies.js';
import { bodyExcerpt, fail } from './_internals/outcome.js';
import { descendantsNamed, elementsAt, parseXml } from './_internals/xml.js';
import { OK, type Check } from './types.js';

/** The documented response values of the example the rule sends, if it sends one that has any. */
export function exampleResponse(op: OperationModel, rule: Rule): Record<string, string> | undefined {
  if (rule.stimulus.kind !== 'example') return undefined;
  const name = rule.stimulus.example;
  const response = op.examples.find((e) => e.name === name)?.response;
  return response && Object.keys(response).length > 0 ? response : undefined;
}

/** A success (2xx) response to a rule that sends an example with documented response values. */
export const appliesWhen: Applicability = (ctx, exchange, args) => isSuccess(ctx, exchange, args) && exampleResponse(ctx.op, ctx.rule) !== undefined;

export const exampleResponseCheck: Check = when(appliesWhen, (ctx, exchange) => {
  const expected = exampleResponse(ctx.op, ctx.rule)!;
  const { response } = exchange;
  const parsed = parseXml(response.body, response.truncated);
  const all = Object.entries(expected).map(([k, v]) => `${k}=${v}`).join(', ');
  if (!parsed.ok) return fail(`The ${response.status} response body is not well-formed XML, so the sample's values cannot be read: ${parsed.reason}.`, all, bodyExcerpt(response));
  for (const [key, value] of Object.entries(expected)) {
    const found = key.includes('/') ? elementsAt(parsed.root, key) : descendantsNamed(parsed.root, key);
    if (found.length === 0) return fail(`The response to the sample request has no ${key}.`, `${key}=${value}`, '(absent)');
    const wrong = found.find((e) => e.text !== value);
    if (wrong) return fail(`${key} in the response to the sample request is not the value the document gives.`, value, wrong.text);
  }
  return OK;
});
