/**
 * response-header: a documented response header is present and has its documented format.
 * Args: `name` (compared case-insensitively), `status` (the statuses it is documented for) and
 * `format` (see _internals/format.ts for the media-type and template rules); their schema is
 * in response-header.args.ts.
 */
import { statusInArgs, when } from './_internals/applies.js';
import { stringArg } from './_internals/args.js';
import { describeFormat, formatContext, matchesText, readFormat } from './_internals/format.js';
import { fail } from './_internals/outcome.js';
import { OK, type Check } from './types.js';

/** A response whose status is one of `args.status`. */
export const appliesWhen = statusInArgs;

export const responseHeaderCheck: Check = when(appliesWhen, (_ctx, exchange, args) => {
  const name = stringArg(args, 'name');
  const format = readFormat(args['format']);
  const { status, headers } = exchange.response;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? undefined : headers[key];
  const fctx = formatContext(exchange);
  if (value === undefined) return fail(`The ${status} response has no ${name} header.`, describeFormat(format, fctx), '(absent)');
  if (matchesText(format, value, fctx)) return OK;
  return fail(`The ${name} header of the ${status} response does not have its documented format.`, describeFormat(format, fctx), value);
});
