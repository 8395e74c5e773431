/**
 * response-body: the body has its documented format. `format: none` is an empty body (0 bytes);
 * `format: xml` is one well-formed XML document (no DOCTYPE, no entity declarations) whose
 * root element has the local name `root` and, when `namespace` is given, that namespace URI
 * (declared by a default `xmlns` or by the root's own prefix); `format: json` is one JSON
 * document (strict UTF-8) that conforms to `schema` when one is given (ajv, draft 2020-12).
 * The schema of these arguments (and of `status`) is in response-body.args.ts.
 */
import { statusInArgs, when } from './_internals/applies.js';
import { oneOf, stringArg } from './_internals/args.js';
import { bodyExcerpt, fail } from './_internals/outcome.js';
import { parseXml } from './_internals/xml.js';
import { BODY_FORMATS } from './response-body.args.js';
import { jsonSchemaErrors, parseJson } from './_internals/json.js';
import { OK, type Check } from './types.js';

/** A response whose status is one of `args.status`. */
export const appliesWhen = statusInArgs;

export const responseBodyCheck: Check = when(appliesWhen, (_ctx, exchange, args) => {
  const format = oneOf(args, 'format', BODY_FORMATS);
  const root = stringArg(args, 'root', true);
  const namespace = stringArg(args, 'namespace', true);
  const { response } = exchange;
  if (format === 'none') {
    if (response.body.length === 0) return OK;
    return fail(`The ${response.status} response has a body of ${response.truncated ? 'more than ' : ''}${response.body.length} bytes where none is documented.`, '(empty body)', bodyExcerpt(response));
  }
  if (format === 'json') return jsonBody(exchange.response, args['schema']);
  const expected = `well-formed XML${root ? ` with root <${root}>` : ''}${namespace ? ` in namespace ${namespace}` : ''}`;
  const parsed = parseXml(response.body, response.truncated);
  if (!parsed.ok) return fail(`The ${response.status} response body is not well-formed XML: ${parsed.reason}.`, expected, bodyExcerpt(response));
  const r = parsed.root;
  if (root !== undefined && r.local !== root) return fail(`The ${response.status} response body's root element is <${r.qname}>, not <${root}>.`, expected, bodyExcerpt(response));
  if (namespace !== undefined && r.namespace !== namespace) {
    return fail(`The root element <${r.qname}> is ${r.namespace ? `in namespace ${r.namespace}` : 'in no namespace'}, not in ${namespace}.`, namespace, r.namespace ?? '(no namespace)');
  }
  return OK;
});

function jsonBody(response: Parameters<typeof parseJson>[0], schema: unknown): ReturnType<Check> {
  const expected = schema === undefined ? 'a JSON document' : 'a JSON document that conforms to the documented schema';
  const parsed = parseJson(response);
  if (!parsed.ok) return fail(`The ${response.status} response body is not JSON: ${parsed.reason}.`, expected, bodyExcerpt(response));
  if (schema === undefined) return OK;
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) throw new TypeError('check argument "schema" must be a JSON Schema object');
  const errors = jsonSchemaErrors(schema as Record<string, unknown>, parsed.value);
  if (errors.length === 0) return OK;
  return fail(`The ${response.status} response body does not conform to the documented schema: ${errors.join('; ')}.`, expected, bodyExcerpt(response));
}
