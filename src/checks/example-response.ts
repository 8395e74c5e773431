/**
 * example-response: the response to the document's sample request has the values the document
 * gives for it. The rule's stimulus names the example; its `response` map gives, per field, the
 * expected text. In an XML body a key is an element local name, found anywhere in the body (every
 * element of that name must have the value), or a slash path from the root; in a JSON body
 * (`responses.body.format: json`) a key is a JSON pointer, or a member name found anywhere, and a
 * string, number or boolean there is compared as its text.
 */
import type { Rule } from '../model/rule.js';
import type { OperationModel } from '../model/operation.js';
import type { Applicability } from './_internals/applies.js';
import { isSuccess, when } from './_internals/applies.js';
import { bodyExcerpt, fail } from './_internals/outcome.js';
import { parseJson, pointerGet } from './_internals/json.js';
import { descendantsNamed, elementsAt, parseXml } from './_internals/xml.js';
import { OK, type Check, type CheckOutcome } from './types.js';
import type { HttpResponse } from '../model/exchange.js';

/** The documented response values of the example the rule sends, if it sends one that has any. */
export function exampleResponse(op: OperationModel, rule: Rule): Record<string, string> | undefined {
  if (rule.stimulus.kind !== 'example') return undefined;
  const name = rule.stimulus.example;
  const response = op.examples.find((e) => e.name === name)?.response;
  return response && Object.keys(response).length > 0 ? response : undefined;
}

/** A success (2xx) response to a rule that sends an example with documented response values. */
export const appliesWhen: Applicability = (ctx, exchange, args) => isSuccess(ctx, exchange, args) && exampleResponse(ctx.op, ctx.rule) !== undefined;

/** Every value under a member named `name`, at any depth of a JSON document. */
function membersNamed(value: unknown, name: string): unknown[] {
  if (Array.isArray(value)) return value.flatMap((v) => membersNamed(v, name));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => [...(k === name ? [v] : []), ...membersNamed(v, name)]);
}

const asText = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

function jsonValues(expected: Record<string, string>, response: HttpResponse, all: string): CheckOutcome {
  const parsed = parseJson(response);
  if (!parsed.ok) return fail(`The ${response.status} response body is not JSON, so the sample's values cannot be read: ${parsed.reason}.`, all, bodyExcerpt(response));
  for (const [key, value] of Object.entries(expected)) {
    const found = key.startsWith('/') ? [pointerGet(parsed.value, key)].filter((v) => v !== undefined) : membersNamed(parsed.value, key);
    if (found.length === 0) return fail(`The response to the sample request has no ${key}.`, `${key}=${value}`, '(absent)');
    const wrong = found.find((v) => asText(v) !== value);
    if (wrong !== undefined) return fail(`${key} in the response to the sample request is not the value the document gives.`, value, asText(wrong));
  }
  return OK;
}

export const exampleResponseCheck: Check = when(appliesWhen, (ctx, exchange) => {
  const expected = exampleResponse(ctx.op, ctx.rule)!;
  const { response } = exchange;
  const all = Object.entries(expected).map(([k, v]) => `${k}=${v}`).join(', ');
  if (ctx.op.responseFormat === 'json') return jsonValues(expected, response, all);
  const parsed = parseXml(response.body, response.truncated);
  if (!parsed.ok) return fail(`The ${response.status} response body is not well-formed XML, so the sample's values cannot be read: ${parsed.reason}.`, all, bodyExcerpt(response));
  for (const [key, value] of Object.entries(expected)) {
    const found = key.includes('/') ? elementsAt(parsed.root, key) : descendantsNamed(parsed.root, key);
    if (found.length === 0) return fail(`The response to the sample request has no ${key}.`, `${key}=${value}`, '(absent)');
    const wrong = found.find((e) => e.text !== value);
    if (wrong) return fail(`${key} in the response to the sample request is not the value the document gives.`, value, wrong.text);
  }
  return OK;
});
