/**
 * error-body: an error response has the error shape the spec documents in `responses.errorBody`:
 * every one of its `fields` present and non-empty (XML: slash paths from the root, whose first
 * step names the root element; JSON: JSON pointers), and for JSON the body conforms to the
 * errorBody `schema` when one is given. Nothing here knows an operation's element names.
 */
import type { HttpResponse } from '../model/exchange.js';
import type { OperationModel } from '../model/operation.js';
import type { Applicability } from './_internals/applies.js';
import { when } from './_internals/applies.js';
import { jsonSchemaErrors, parseJson, pointerGet } from './_internals/json.js';
import { bodyExcerpt, fail, notWellFormed } from './_internals/outcome.js';
import { elementsAt, parseXml } from './_internals/xml.js';
import { OK, type Check, type CheckOutcome } from './types.js';

/** An error response (status 400 or above) of an operation that documents its error body. */
export const appliesWhen: Applicability = (ctx, exchange) => exchange.response.status >= 400 && ctx.op.errorBody !== undefined;

type ErrorBody = NonNullable<OperationModel['errorBody']>;

/** The documented shape in one line, for "expected". */
export function expectedShape(doc: ErrorBody): string {
  if (doc.format === 'header') return `a non-empty ${doc.codePath} header`;
  const what = doc.format === 'xml' ? `XML whose root is <${doc.fields[0]!.split('/')[0]}>` : `JSON${doc.schema ? ' conforming to the errorBody schema' : ''}`;
  return `${what} with ${doc.fields.join(', ')} non-empty`;
}

function xmlShape(doc: ErrorBody, response: HttpResponse, expected: string): CheckOutcome {
  const parsed = parseXml(response.body, response.truncated);
  if (!parsed.ok) return fail(notWellFormed(response.status, 'xml', parsed.problem), expected, bodyExcerpt(response));
  const root = doc.fields[0]!.split('/')[0]!;
  if (parsed.root.local !== root) return fail(`The ${response.status} error body's root element is <${parsed.root.qname}>, not <${root}>.`, expected, bodyExcerpt(response));
  const missing = doc.fields.filter((path) => !elementsAt(parsed.root, path).some((e) => e.text.trim() !== ''));
  return missing.length ? fail(`The ${response.status} error body lacks a non-empty ${missing.join(', ')}.`, expected, bodyExcerpt(response)) : OK;
}

function jsonShape(doc: ErrorBody, response: HttpResponse, expected: string): CheckOutcome {
  const parsed = parseJson(response);
  if (!parsed.ok) return fail(notWellFormed(response.status, 'json', parsed.reason), expected, bodyExcerpt(response));
  const errors = doc.schema ? jsonSchemaErrors(doc.schema, parsed.value) : [];
  if (errors.length) return fail(`The ${response.status} error body does not conform to the documented error schema: ${errors.join('; ')}.`, expected, bodyExcerpt(response));
  const empty = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
  const missing = doc.fields.filter((p) => empty(pointerGet(parsed.value, p)));
  return missing.length ? fail(`The ${response.status} error body lacks a non-empty ${missing.join(', ')}.`, expected, bodyExcerpt(response)) : OK;
}

export const errorBodyCheck: Check = when(appliesWhen, (ctx, exchange) => {
  const doc = ctx.op.errorBody!;
  const { response } = exchange;
  const expected = expectedShape(doc);
  switch (doc.format) {
    case 'xml':
      return xmlShape(doc, response, expected);
    case 'json':
      return jsonShape(doc, response, expected);
    case 'header': {
      const value = response.headers[doc.codePath.toLowerCase()];
      return value !== undefined && value.trim() !== '' ? OK : fail(`The ${response.status} response has no ${doc.codePath} header.`, expected, '(absent)');
    }
  }
});
