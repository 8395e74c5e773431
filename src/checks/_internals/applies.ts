/**
 * When a check applies, declared beside the check: `when(appliesWhen, body)`. A check that does
 * not apply to an exchange passes it; whatever made it inapplicable (a status outside the
 * documented ones, a case expected to be accepted) is judged by the status expectation or by
 * another check, so it is never reported twice.
 */
import type { Exchange } from '../../model/exchange.js';
import { OK, type Check, type CheckContext } from '../types.js';

export type Applicability = (ctx: CheckContext, exchange: Exchange, args: Record<string, unknown>) => boolean;

export function when(appliesWhen: Applicability, check: Check): Check {
  return (ctx, exchange, args) => (appliesWhen(ctx, exchange, args) ? check(ctx, exchange, args) : OK);
}

export const always: Applicability = () => true;

/** A success (2xx) response: the only kind that carries the documented response fields. */
export const isSuccess: Applicability = (_ctx, exchange) => exchange.response.status >= 200 && exchange.response.status < 300;

/** The response status is one of `args.status` (the statuses a documented header or body belongs to). */
export const statusInArgs: Applicability = (_ctx, exchange, args) => {
  const status = args['status'];
  if (status === undefined) return true;
  if (!Array.isArray(status) || !status.every((s) => typeof s === 'number')) throw new TypeError('check argument "status" must be a list of status codes');
  return status.includes(exchange.response.status);
};

export function both(a: Applicability, b: Applicability): Applicability {
  return (ctx, exchange, args) => a(ctx, exchange, args) && b(ctx, exchange, args);
}
