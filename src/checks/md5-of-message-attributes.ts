/**
 * md5-of-message-attributes: the attributes digest (the response field with role
 * attributes-digest) is the digest of the request's message attributes (PROTOCOL-FACTS §2.6,
 * digest.ts) when it has any, and is absent when it has none.
 */
import type { Applicability } from './_internals/applies.js';
import { isSuccess, when } from './_internals/applies.js';
import { bodyExcerpt, fail } from './_internals/outcome.js';
import { messageAttributes } from './_internals/request.js';
import { descendantsNamed, parseXml } from './_internals/xml.js';
import { md5OfMessageAttributes } from './digest.js';
import { responseFieldName } from './_internals/response.js';
import { OK, type Check } from './types.js';

/** A success (2xx) response to a request whose attributes are complete enough to digest. */
export const appliesWhen: Applicability = (ctx, exchange, args) => isSuccess(ctx, exchange, args) && messageAttributes(ctx.op, exchange.request) !== undefined;

/** The digest is read from the response field with role attributes-digest; the attributes through the item roles. */
export const md5OfMessageAttributesCheck: Check = when(appliesWhen, (ctx, exchange) => {
  const { response } = exchange;
  const FIELD = responseFieldName(ctx.op, 'attributes-digest');
  if (FIELD === undefined) return fail('The spec gives no response field the role attributes-digest, so the digest cannot be read.', 'a field with role attributes-digest', '(none declared)');
  const expected = md5OfMessageAttributes(messageAttributes(ctx.op, exchange.request)!);
  const parsed = parseXml(response.body, response.truncated);
  if (!parsed.ok) return fail(`The ${response.status} response body is not well-formed XML, so ${FIELD} cannot be read: ${parsed.reason}.`, expected ?? '(absent)', bodyExcerpt(response));
  const field = descendantsNamed(parsed.root, FIELD)[0];
  if (expected === undefined) {
    if (!field) return OK;
    return fail(`The response has ${FIELD} though the request has no message attributes.`, '(absent)', field.text);
  }
  if (!field) return fail(`The ${response.status} response has no ${FIELD}, though the request has message attributes.`, expected, '(absent)');
  if (field.text === expected) return OK;
  return fail(`${FIELD} is not the digest of the message attributes as sent.`, expected, field.text);
});
