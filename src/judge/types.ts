/**
 * What the judge says of one client request: per request rule of the spec, whether the request
 * meets what the document requires of a client, and the form of its credentials. JSON-serialisable.
 */
import type { Level } from '../model/rule.js';

/**
 * `met`: the request does what the rule requires (or, for a rule about one value, uses it);
 * `violated`: it does not, under every reading the spec accepts; `not-applicable`: the rule does
 * not speak about this request (the field is absent, the rule is for another entity kind, the
 * document gives nothing for this selection).
 */
export type RuleVerdict = 'met' | 'violated' | 'not-applicable';

export interface RuleJudgement {
  ruleId: string;
  level: Level;
  verdict: RuleVerdict;
  /** What was read and why it decides, in one sentence (`x-ms-version is "2020-06", not 2015-04 or 2015-01`). */
  detail: string;
  /**
   * The reading of an ambiguous document under which the verdict holds, when it is not the
   * rule's plain statement: an accepted `ambiguity` alternative's id, or a spelling's.
   */
  reading?: string;
  /**
   * For a violation: readings the spec records but does not accept by default (`accepted: false`)
   * under which the request would be valid; a profile may select them.
   */
  validUnder?: string[];
}

export interface AuthJudgement {
  /** The spec's auth scheme. */
  scheme: string;
  /** `not-judged`: the scheme's plug-in has no reader of its header. */
  verdict: 'met' | 'violated' | 'not-judged';
  detail: string;
}

export interface Judgement {
  specId: string;
  /** The profile the spec was loaded under, when the caller names it. */
  profile?: string;
  /** The target options the caller gave (`contentBasedDeduplication: off`), when any. */
  targetOptions?: Record<string, string>;
  /** The entity kind the request was judged for (`fifo-queue`, `hub`). */
  entity: string;
  /** One entry per request rule (constraint rules, and valid-request rules about a spelling), in spec order. */
  rules: RuleJudgement[];
  auth: AuthJudgement;
  /** No rule violated and the credentials' form met (or not judged). */
  valid: boolean;
}
