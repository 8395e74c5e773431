/**
 * The one signature every named check has: (context, exchange, args) → outcome.
 * A check reads the response only; it never sends anything.
 */
import type { Exchange } from '../model/exchange.js';
import type { OperationModel } from '../model/operation.js';
import type { Rule } from '../model/rule.js';

export interface CheckContext {
  op: OperationModel;
  rule: Rule;
  /** For checks over a whole sequence (sequence numbers): every exchange of the sequence, in order. */
  sequence?: Exchange[];
}

export type CheckOutcome =
  | { ok: true }
  | {
      ok: false;
      /** One sentence: what is wrong. */
      message: string;
      expected: string;
      actual: string;
    };

export type Check = (ctx: CheckContext, exchange: Exchange, args: Record<string, unknown>) => CheckOutcome;

export const OK: CheckOutcome = { ok: true };
