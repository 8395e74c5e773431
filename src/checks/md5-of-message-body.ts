/**
 * md5-of-message-body: the body digest (the response field with role body-digest) is the
 * lowercase hex MD5 of the message-body parameter's bytes as
 * sent (PROTOCOL-FACTS §2.6): a string as UTF-8 (lone surrogates as WTF-8, as the encoder wrote
 * them), a `{ raw }` value as its bytes.
 */
import { encodeText } from '../encode/text.js';
import type { Applicability } from './_internals/applies.js';
import { isSuccess, when } from './_internals/applies.js';
import { bodyExcerpt, fail } from './_internals/outcome.js';
import { roleValue } from './_internals/request.js';
import { descendantsNamed, parseXml } from './_internals/xml.js';
import { md5Hex } from './digest.js';
import { responseFieldName } from './_internals/response.js';
import { OK, type Check } from './types.js';

/** A success (2xx) response to a request that carries the message-body parameter. */
export const appliesWhen: Applicability = (ctx, exchange, args) => isSuccess(ctx, exchange, args) && roleValue(ctx.op, exchange.request, 'message-body') !== undefined;

/** The digest is read from the response field with role body-digest (its element name, anywhere in the body). */
export const md5OfMessageBodyCheck: Check = when(appliesWhen, (ctx, exchange) => {
  const { response } = exchange;
  const FIELD = responseFieldName(ctx.op, 'body-digest');
  if (FIELD === undefined) return fail('The spec gives no response field the role body-digest, so the digest cannot be read.', 'a field with role body-digest', '(none declared)');
  const expected = md5Hex(encodeText(roleValue(ctx.op, exchange.request, 'message-body')!));
  const parsed = parseXml(response.body, response.truncated);
  if (!parsed.ok) return fail(`The ${response.status} response body is not well-formed XML, so ${FIELD} cannot be read: ${parsed.reason}.`, expected, bodyExcerpt(response));
  const field = descendantsNamed(parsed.root, FIELD)[0];
  if (!field) return fail(`The ${response.status} response has no ${FIELD}.`, expected, '(absent)');
  if (field.text === expected) return OK;
  return fail(`${FIELD} is not the MD5 of the message body as sent.`, expected, field.text);
});
