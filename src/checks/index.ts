/**
 * Every named check of catalog.ts, registered once, and the runner of a rule's check list.
 * Which exchanges a check applies to is declared in its own file (`appliesWhen`).
 */
import type { Exchange } from '../model/exchange.js';
import type { CheckRef } from '../model/rule.js';
import { isCheckName, type CheckName } from './catalog.js';
import { errorBodyCheck } from './error-body.js';
import { errorCodeCheck } from './error-code.js';
import { exampleResponseCheck } from './example-response.js';
import { md5OfMessageAttributesCheck } from './md5-of-message-attributes.js';
import { md5OfMessageBodyCheck } from './md5-of-message-body.js';
import { responseBodyCheck } from './response-body.js';
import { responseFieldCheck } from './response-field.js';
import { responseHeaderCheck } from './response-header.js';
import { sequenceNumberIncreasingCheck } from './sequence-number-increasing.js';
import { statusDocumentedCheck } from './status-documented.js';
import type { Check, CheckContext, CheckOutcome } from './types.js';

export const CHECK_IMPLEMENTATIONS: Record<CheckName, Check> = {
  'status-documented': statusDocumentedCheck,
  'error-code': errorCodeCheck,
  'error-body': errorBodyCheck,
  'response-header': responseHeaderCheck,
  'response-body': responseBodyCheck,
  'response-field': responseFieldCheck,
  'md5-of-message-body': md5OfMessageBodyCheck,
  'md5-of-message-attributes': md5OfMessageAttributesCheck,
  'sequence-number-increasing': sequenceNumberIncreasingCheck,
  'example-response': exampleResponseCheck,
};

/** A failed check, with the name it was referenced by and, when it had any, its arguments. */
export type CheckFailure = Extract<CheckOutcome, { ok: false }> & { check: CheckName; args?: Record<string, unknown> };

/**
 * Runs each referenced check on the exchange and returns the failures, in reference order.
 * An unknown name or malformed arguments are harness errors (the loader should have refused
 * the spec), so they throw instead of failing the target.
 */
export function runChecks(refs: readonly CheckRef[], ctx: CheckContext, exchange: Exchange): CheckFailure[] {
  const failures: CheckFailure[] = [];
  for (const ref of refs) {
    if (!isCheckName(ref.name)) throw new Error(`unknown check ${JSON.stringify(ref.name)} in rule ${ctx.rule.id}`);
    const outcome = CHECK_IMPLEMENTATIONS[ref.name](ctx, exchange, ref.args ?? {});
    if (!outcome.ok) failures.push({ ...outcome, check: ref.name, ...(ref.args ? { args: ref.args } : {}) });
  }
  return failures;
}
