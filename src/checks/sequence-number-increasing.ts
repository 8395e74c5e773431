/**
 * sequence-number-increasing: within one MessageGroupId, each SequenceNumber is greater than the
 * one before it (PROTOCOL-FACTS §2.7: increasing, not necessarily consecutive).
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
import { formValue } from './_internals/request.js';
import { descendantsNamed, parseXml } from './_internals/xml.js';
import { OK, type Check, type CheckOutcome } from './types.js';

const FIELD = 'SequenceNumber';

/** A success (2xx) response that belongs to a sequence. */
export const appliesWhen: Applicability = (ctx, exchange, args) => isSuccess(ctx, exchange, args) && (ctx.sequence?.length ?? 0) > 0;

/** The SequenceNumber of a response: a bigint, or why there is none. */
export function sequenceNumberOf(exchange: Exchange): bigint | string {
  const { response } = exchange;
  const parsed = parseXml(response.body, response.truncated);
  if (!parsed.ok) return `the body is not well-formed XML (${parsed.reason})`;
  const field = descendantsNamed(parsed.root, FIELD)[0];
  if (!field) return `it has no ${FIELD}`;
  if (!/^[0-9]+$/.test(field.text)) return `its ${FIELD} ${JSON.stringify(field.text)} is not a decimal integer`;
  return BigInt(field.text);
}

function groupOf(exchange: Exchange): string {
  const v = formValue(exchange.request, 'MessageGroupId');
  return v === undefined ? '' : typeof v === 'string' ? `s:${v}` : `r:${v.raw}`;
}

function describeGroup(exchange: Exchange): string {
  const v = formValue(exchange.request, 'MessageGroupId');
  return v === undefined ? 'without a MessageGroupId' : `of MessageGroupId ${typeof v === 'string' ? v : `(raw ${v.raw})`}`;
}

/** Judges `current` against the latest earlier success of its group with a number. */
function judge(earlier: Exchange[], current: Exchange): CheckOutcome {
  const n = sequenceNumberOf(current);
  if (typeof n === 'string') return fail(`The response to send ${earlier.length + 1} has no readable ${FIELD}: ${n}.`, 'a decimal SequenceNumber', bodyExcerpt(current.response));
  const group = groupOf(current);
  for (let i = earlier.length - 1; i >= 0; i--) {
    const prev = earlier[i]!;
    if (groupOf(prev) !== group || prev.response.status < 200 || prev.response.status >= 300) continue;
    const p = sequenceNumberOf(prev);
    if (typeof p === 'string') continue;
    if (n > p) return OK;
    return fail(
      `${FIELD} ${n} of send ${earlier.length + 1} is not greater than ${p} of send ${i + 1} ${describeGroup(current)}.`,
      `greater than ${p}`,
      String(n),
    );
  }
  return OK;
}

export const sequenceNumberIncreasingCheck: Check = when(appliesWhen, (ctx, exchange) => {
  const sequence = ctx.sequence!;
  const at = sequence.indexOf(exchange);
  if (at >= 0) return judge(sequence.slice(0, at), exchange);
  for (let i = 0; i < sequence.length; i++) {
    const e = sequence[i]!;
    if (e.response.status < 200 || e.response.status >= 300) continue;
    const outcome = judge(sequence.slice(0, i), e);
    if (!outcome.ok) return outcome;
  }
  return OK;
});
