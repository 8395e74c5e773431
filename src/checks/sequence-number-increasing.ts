/**
 * sequence-number-increasing: within one group (the parameter with role group-id), each sequence
 * number (the response field with role sequence-number) is greater than the one before it
 * (PROTOCOL-FACTS §2.7: increasing, not necessarily consecutive).
 *
 * Run once per exchange of the sequence (`ctx.sequence`, in send order): each run judges its
 * exchange against the nearest earlier success of the same group that has a readable number,
 * so a violation is reported once, on the exchange where it shows. An exchange that is not in
 * `ctx.sequence` is judged as the whole sequence: every consecutive pair of each group.
 */
import type { Exchange } from '../model/exchange.js';
import type { Applicability } from './_internals/applies.js';
import { isSuccess, when } from './_internals/applies.js';
import { bodyExcerpt, fail } from './_internals/outcome.js';
import { roleValue } from './_internals/request.js';
import { responseFieldName } from './_internals/response.js';
import { fieldWithRole, type OperationModel } from '../model/operation.js';
import { descendantsNamed, parseXml } from './_internals/xml.js';
import { OK, type Check, type CheckOutcome } from './types.js';

/** A success (2xx) response that belongs to a sequence. */
export const appliesWhen: Applicability = (ctx, exchange, args) => isSuccess(ctx, exchange, args) && (ctx.sequence?.length ?? 0) > 0;

/** The number of a response (its element named by the field with role sequence-number): a bigint, or why there is none. */
export function sequenceNumberOf(op: OperationModel, exchange: Exchange): bigint | string {
  const name = responseFieldName(op, 'sequence-number');
  if (name === undefined) return 'the spec gives no response field the role sequence-number';
  const { response } = exchange;
  const parsed = parseXml(response.body, response.truncated);
  if (!parsed.ok) return `the body is not well-formed XML (${parsed.reason})`;
  const field = descendantsNamed(parsed.root, name)[0];
  if (!field) return `it has no ${name}`;
  if (!/^[0-9]+$/.test(field.text)) return `its ${name} ${JSON.stringify(field.text)} is not a decimal integer`;
  return BigInt(field.text);
}

function groupOf(op: OperationModel, exchange: Exchange): string {
  const v = roleValue(op, exchange.request, 'group-id');
  return v === undefined ? '' : typeof v === 'string' ? `s:${v}` : `r:${v.raw}`;
}

function describeGroup(op: OperationModel, exchange: Exchange): string {
  const name = fieldWithRole(op, 'group-id')?.name ?? 'group';
  const v = roleValue(op, exchange.request, 'group-id');
  return v === undefined ? `without a ${name}` : `of ${name} ${typeof v === 'string' ? v : `(raw ${v.raw})`}`;
}

/** Judges `current` against the latest earlier success of its group with a number. */
function judge(op: OperationModel, earlier: Exchange[], current: Exchange): CheckOutcome {
  const field = responseFieldName(op, 'sequence-number') ?? 'sequence number';
  const n = sequenceNumberOf(op, current);
  if (typeof n === 'string') return fail(`The response to send ${earlier.length + 1} has no readable ${field}: ${n}.`, `a decimal ${field}`, bodyExcerpt(current.response));
  const group = groupOf(op, current);
  for (let i = earlier.length - 1; i >= 0; i--) {
    const prev = earlier[i]!;
    if (groupOf(op, prev) !== group || prev.response.status < 200 || prev.response.status >= 300) continue;
    const p = sequenceNumberOf(op, prev);
    if (typeof p === 'string') continue;
    if (n > p) return OK;
    return fail(
      `${field} ${n} of send ${earlier.length + 1} is not greater than ${p} of send ${i + 1} ${describeGroup(op, current)}.`,
      `greater than ${p}`,
      String(n),
    );
  }
  return OK;
}

export const sequenceNumberIncreasingCheck: Check = when(appliesWhen, (ctx, exchange) => {
  const sequence = ctx.sequence!;
  const at = sequence.indexOf(exchange);
  if (at >= 0) return judge(ctx.op, sequence.slice(0, at), exchange);
  for (let i = 0; i < sequence.length; i++) {
    const e = sequence[i]!;
    if (e.response.status < 200 || e.response.status >= 300) continue;
    const outcome = judge(ctx.op, sequence.slice(0, i), e);
    if (!outcome.ok) return outcome;
  }
  return OK;
});
