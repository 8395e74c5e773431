/**
 * error-body: an error response is the documented XML error shape (PROTOCOL-FACTS §2.2):
 * `<ErrorResponse><Error>[<Type/>]<Code/><Message/>[<Detail/>]</Error><RequestId/></ErrorResponse>`,
 * with Code, Message and RequestId non-empty. `Type` is not required (the open-source server omits it).
 */
import type { Applicability } from './_internals/applies.js';
import { when } from './_internals/applies.js';
import { bodyExcerpt, fail } from './_internals/outcome.js';
import { elementsAt, parseXml } from './_internals/xml.js';
import { OK, type Check } from './types.js';

const ROOT = 'ErrorResponse';
const REQUIRED = ['ErrorResponse/Error/Code', 'ErrorResponse/Error/Message', 'ErrorResponse/RequestId'];
const EXPECTED = '<ErrorResponse><Error><Code>…</Code><Message>…</Message></Error><RequestId>…</RequestId></ErrorResponse>';

/** An error response (status 400 or above). */
export const appliesWhen: Applicability = (_ctx, exchange) => exchange.response.status >= 400;

export const errorBodyCheck: Check = when(appliesWhen, (_ctx, exchange) => {
  const { response } = exchange;
  const parsed = parseXml(response.body, response.truncated);
  if (!parsed.ok) return fail(`The ${response.status} error body is not the documented XML error: ${parsed.reason}.`, EXPECTED, bodyExcerpt(response));
  if (parsed.root.local !== ROOT) return fail(`The ${response.status} error body's root element is <${parsed.root.qname}>, not <${ROOT}>.`, EXPECTED, bodyExcerpt(response));
  const missing = REQUIRED.filter((path) => !elementsAt(parsed.root, path).some((e) => e.text.trim() !== ''));
  if (missing.length === 0) return OK;
  return fail(`The ${response.status} error body lacks a non-empty ${missing.join(', ')}.`, EXPECTED, bodyExcerpt(response));
});
