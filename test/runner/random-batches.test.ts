/** Random cases drawn a batch at a time are the cases of one sample of them all, in order. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ruleCases } from '../../generators/ruleCases.js';
import { drawRandom, lazySample, RANDOM_BATCH } from '../../src/runner/run-rule.js';
import { loadAllSpecs } from '../../specs/loader.js';
import { CONTEXTS, ruleApplies } from '../generators/contexts.js';

function batched<T>(arb: fc.Arbitrary<T>, seed: number, runs: number): T[] {
  const out: T[] = [];
  for (let start = 0; start < runs; start += RANDOM_BATCH) out.push(...drawRandom(arb, seed, start, Math.min(RANDOM_BATCH, runs - start)));
  return out;
}

function pulled<T>(arb: fc.Arbitrary<T>, seed: number, runs: number): T[] {
  const next = lazySample(arb, seed, runs);
  const out: T[] = [];
  for (let n = next(); n; n = next()) {
    expect(n.at).toBe(out.length);
    out.push(n.value);
  }
  return out;
}

describe('drawRandom', () => {
  it('batches give the very cases and order of fc.sample, for every rule with random cases', () => {
    for (const set of loadAllSpecs()) {
      const ctx = CONTEXTS[set.specId]![0]!;
      for (const rule of set.rules.filter((r) => r.testable && ruleApplies(r.appliesTo, ctx)).slice(0, 12)) {
        const random = ruleCases(rule, set.operation, ctx).random;
        if (!random) continue;
        for (const seed of [1, 7]) {
          const all = fc.sample(random, { seed, numRuns: 2 * RANDOM_BATCH + 9 });
          expect(batched(random, seed, 2 * RANDOM_BATCH + 9)).toEqual(all);
          expect(pulled(random, seed, 2 * RANDOM_BATCH + 9)).toEqual(all);
        }
      }
    }
  });

  it('holds for any arbitrary, seed and number of runs', () => {
    const arb = fc.tuple(fc.string(), fc.integer(), fc.array(fc.nat(), { maxLength: 5 }));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1 << 30 }), fc.integer({ min: 1, max: 3 * RANDOM_BATCH }), (seed, runs) => {
        const all = fc.sample(arb, { seed, numRuns: runs });
        expect(batched(arb, seed, runs)).toEqual(all);
        expect(pulled(arb, seed, runs)).toEqual(all);
      }),
      { numRuns: 20 },
    );
  });
});
