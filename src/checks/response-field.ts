/**
 * response-field: a documented field of the response body is present when it must be, absent
 * when it must not be, and has its documented format when present.
 *
 * Args: `path`, a slash path of element local names from the root
 * (`SendResponse/SendResult/MessageId`, `entry/link`; namespaces are not
 * compared, response-body checks the root's); `presence`; `format` (optional for `absent`);
 * their schema is in response-field.args.ts. A path that starts with `/` is a JSON pointer into
 * a JSON body: a string, number or boolean there is matched as its text, anything else as its JSON.
 * When the path matches several elements, `atom-link` needs one of them to be the self link
 * (an entry may have other links); every other format needs all of them to match.
 */
import type { AbstractRequest } from '../model/request.js';
import { isSuccess, when } from './_internals/applies.js';
import { oneOf, stringArg } from './_internals/args.js';
import { describeFormat, formatContext, matchesElement, matchesText, readFormat, type ValueFormat } from './_internals/format.js';
import { parseJson, pointerGet } from './_internals/json.js';
import type { Exchange } from '../model/exchange.js';
import { bodyExcerpt, fail } from './_internals/outcome.js';
import { hasItems } from './_internals/request.js';
import type { OperationModel } from '../model/operation.js';
import { elementsAt, parseXml, type XmlElement } from './_internals/xml.js';
import { PRESENCES, type Presence, type PresenceCondition } from './response-field.args.js';
import { familyBody } from '../families/body.js';
import { OK, type Check } from './types.js';

export { PRESENCES, type Presence, type PresenceCondition } from './response-field.args.js';

/** Whether the request meets a presence condition (src/checks/response-field.args.ts). */
export function meets(condition: PresenceCondition, request: AbstractRequest, op: OperationModel): boolean {
  if ('entity' in condition) return request.entity === condition.entity;
  const name = 'has' in condition ? condition.has : condition.lacks;
  const param = op.parameters.find((p) => p.name === name);
  const header = op.headers.find((h) => h.name.toLowerCase() === name.toLowerCase());
  const body = familyBody(op);
  let carried: boolean;
  if (param?.numbered) carried = body.items(op, request.body, param).length > 0;
  else if (param) carried = body.get(op, request.body, param) !== undefined;
  else carried = header !== undefined && request.headers.some((h) => h.name.toLowerCase() === header.name.toLowerCase());
  return 'has' in condition ? carried : !carried;
}

/** The condition in words, for failure messages: `the request goes to a fifo-queue`. */
export function conditionText(condition: PresenceCondition): string {
  if ('entity' in condition) return `the request goes to a ${condition.entity}`;
  return 'has' in condition ? `the request carries ${condition.has}` : `the request carries no ${condition.lacks}`;
}

/** A success (2xx) response: error responses have another body, judged by error-body. */
export const appliesWhen = isSuccess;

/** Whether the field must be present (true), must be absent (false) or may be either (undefined), and why. */
export function required(presence: Presence, request: AbstractRequest, op: OperationModel): { must: boolean | undefined; because: string } {
  switch (presence) {
    case 'always':
      return { must: true, because: 'the document says it is always present' };
    case 'optional':
      return { must: undefined, because: 'it is optional' };
    case 'with-attributes':
      return hasItems(op, request)
        ? { must: true, because: 'the request has message attributes' }
        : { must: false, because: 'the request has no message attributes' };
    case 'without-attributes':
      return { must: false, because: 'the document gives it only for requests without message attributes' };
    case 'absent':
      return { must: false, because: 'the document says it is absent here' };
  }
}

function show(e: XmlElement): string {
  const attrs = Object.entries(e.attributes).map(([k, v]) => ` ${k}="${v}"`).join('');
  return `<${e.qname}${attrs}>${e.text.trim()}`;
}

export const responseFieldCheck: Check = when(appliesWhen, (ctx, exchange, args) => {
  const path = stringArg(args, 'path');
  const presence = oneOf(args, 'presence', PRESENCES);
  const format: ValueFormat | undefined = args['format'] === undefined ? undefined : readFormat(args['format']);
  const { response } = exchange;
  const fctx = formatContext(exchange);
  const expectedFormat = format ? describeFormat(format, fctx) : 'present';
  const condition = args['when'] as PresenceCondition | undefined;
  if (condition && !meets(condition, exchange.request, ctx.op)) return OK;
  const judged = required(presence, exchange.request, ctx.op);
  const must = judged.must;
  const because = condition && presence !== 'optional' ? `the document says it is ${presence === 'absent' ? 'absent' : 'present'} when ${conditionText(condition)}` : judged.because;

  if (path.startsWith('/')) return jsonField(exchange, path, format, expectedFormat, must, because);
  const parsed = parseXml(response.body, response.truncated);
  if (!parsed.ok) {
    return fail(`The ${response.status} response body is not well-formed XML, so ${path} cannot be read: ${parsed.reason}.`, must === false ? `no ${path}` : expectedFormat, bodyExcerpt(response));
  }
  const found = elementsAt(parsed.root, path);
  if (found.length === 0) {
    if (must === true) return fail(`${path} is missing from the ${response.status} response, though ${because}.`, expectedFormat, '(absent)');
    return OK;
  }
  if (must === false) return fail(`${path} is present in the ${response.status} response, though ${because}.`, '(absent)', show(found[0]!));
  if (!format) return OK;
  const bad = 'named' in format && format.named === 'atom-link' ? (found.some((e) => matchesElement(format, e, fctx)) ? undefined : found[0]) : found.find((e) => !matchesElement(format, e, fctx));
  if (bad === undefined) return OK;
  const actual = 'named' in format && (format.named === 'atom-link' || format.named === 'xml-content') ? show(bad) : bad.text;
  return fail(`${path} in the ${response.status} response does not have its documented format.`, expectedFormat, actual);
});

function jsonField(exchange: Exchange, path: string, format: ValueFormat | undefined, expectedFormat: string, must: boolean | undefined, because: string): ReturnType<Check> {
  const { response } = exchange;
  const parsed = parseJson(response);
  if (!parsed.ok) return fail(`The ${response.status} response body is not JSON, so ${path} cannot be read: ${parsed.reason}.`, must === false ? `no ${path}` : expectedFormat, bodyExcerpt(response));
  const v = pointerGet(parsed.value, path);
  if (v === undefined) {
    if (must === true) return fail(`${path} is missing from the ${response.status} response, though ${because}.`, expectedFormat, '(absent)');
    return OK;
  }
  const text = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
  if (must === false) return fail(`${path} is present in the ${response.status} response, though ${because}.`, '(absent)', text);
  if (!format || matchesText(format, text, formatContext(exchange))) return OK;
  return fail(`${path} in the ${response.status} response does not have its documented format.`, expectedFormat, text);
}
