/** A spec's `source:` → the RuleSource a rule (or a companion) records: the seed, and the item, quote and ref where given. */
import type { RuleSource } from '../src/model/rule.js';
import type { SourceDoc } from './types.js';

export function ruleSource(seed: string, base: SourceDoc, override?: SourceDoc): RuleSource {
  const merged = { ...base, ...(override ?? {}) };
  return {
    seed,
    section: merged.section,
    ...(merged.item !== undefined ? { item: merged.item } : {}),
    ...(merged.quote !== undefined ? { quote: merged.quote } : {}),
    ...(merged.ref !== undefined ? { ref: merged.ref } : {}),
  };
}
