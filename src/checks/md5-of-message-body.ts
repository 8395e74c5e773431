/**
 * md5-of-message-body: MD5OfMessageBody is the lowercase hex MD5 of the message body's bytes as
 * sent (PROTOCOL-FACTS §2.6): a string as UTF-8 (lone surrogates as WTF-8, as the encoder wrote
 * them), a `{ raw }` value as its bytes.
 */
import { encodeText } from '../encode/text.js';
import type { Applicability } from './_internals/applies.js';
import { isSuccess, when } from './_internals/applies.js';
import { bodyExcerpt, fail } from './_internals/outcome.js';
import { formValue } from './_internals/request.js';
import { descendantsNamed, parseXml } from './_internals/xml.js';
import { md5Hex } from './digest.js';
import { OK, type Check } from './types.js';

const FIELD = 'MD5OfMessageBody';
const BODY_PARAMETER = 'MessageBody';

/** A success (2xx) response to a request with a MessageBody form field. */
export const appliesWhen: Applicability = (ctx, exchange, args) => isSuccess(ctx, exchange, args) && formValue(exchange.request, BODY_PARAMETER) !== undefined;

export const md5OfMessageBodyCheck: Check = when(appliesWhen, (_ctx, exchange) => {
  const { response } = exchange;
  const expected = md5Hex(encodeText(formValue(exchange.request, BODY_PARAMETER)!));
  const parsed = parseXml(response.body, response.truncated);
  if (!parsed.ok) return fail(`The ${response.status} response body is not well-formed XML, so ${FIELD} cannot be read: ${parsed.reason}.`, expected, bodyExcerpt(response));
  const field = descendantsNamed(parsed.root, FIELD)[0];
  if (!field) return fail(`The ${response.status} response has no ${FIELD}.`, expected, '(absent)');
  if (field.text === expected) return OK;
  return fail(`${FIELD} is not the MD5 of the message body as sent.`, expected, field.text);
});
