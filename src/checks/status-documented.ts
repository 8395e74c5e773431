/** status-documented: the response status is one the document lists for the operation. */
import { always, when } from './_internals/applies.js';
import { fail } from './_internals/outcome.js';
import { OK, type Check } from './types.js';

/** Every response, success or error. */
export const appliesWhen = always;

export const statusDocumentedCheck: Check = when(appliesWhen, (ctx, exchange) => {
  const status = exchange.response.status;
  if (ctx.op.statuses.includes(status)) return OK;
  return fail(`The response status ${status} is not one the document lists for the operation.`, `one of ${ctx.op.statuses.join(', ')}`, String(status));
});
