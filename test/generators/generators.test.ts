import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ruleCases, varyScopeOf } from '../../generators/ruleCases.js';
import { validRequest } from '../../generators/validRequest.js';
import { loadAllSpecs } from '../../specs/loader.js';
import type { RequestCase } from '../../src/model/request.js';
import { varyCombinations } from '../../src/model/vary.js';
import { CONTEXTS, ruleApplies } from './contexts.js';
import { violations } from './oracle.js';

const sets = loadAllSpecs();

/** The oracle's name for the constraint a rule exercises. */
const ORACLE_CONSTRAINT: Record<string, string> = {
  required: 'required',
  type: 'type',
  range: 'range',
  length: 'length',
  charset: 'charset',
  pattern: 'pattern',
  value: 'value',
  'enum-unlisted': 'enum',
  'depends-on': 'depends-on',
  'max-items': 'max-items',
};

for (const set of sets) {
  const op = set.operation;
  for (const ctx of CONTEXTS[set.specId]!) {
    const rules = set.rules.filter((r) => ruleApplies(r.appliesTo, ctx));
    describe(`${set.specId} (${ctx.entity})`, () => {
      it('same seed → identical requests, for every rule', () => {
        for (const rule of rules) {
          const a = ruleCases(rule, op, ctx);
          const b = ruleCases(rule, op, ctx);
          expect(b.fixed).toEqual(a.fixed);
          if (a.random) expect(fc.sample(b.random!, { seed: 42, numRuns: 25 })).toEqual(fc.sample(a.random, { seed: 42, numRuns: 25 }));
        }
      });

      it('valid requests satisfy every constraint (1000 samples per variation)', () => {
        const combos = [[], ...rules.flatMap((r) => (r.stimulus.kind === 'valid' ? varyCombinations(r.stimulus.vary ?? [], varyScopeOf(op)) : []))];
        for (const vary of combos) {
          // Variations that break the request on purpose are the rules' business, not validity's.
          if (vary.some((v) => v.key === 'content-type')) continue;
          fc.assert(
            fc.property(validRequest(op, ctx, { vary }), (req) => {
              expect(violations(op, req), JSON.stringify(vary)).toEqual([]);
            }),
            { numRuns: vary.length ? 200 : 1000, seed: 7 },
          );
        }
      });

      it('each constraint case breaks exactly its rule, or none when it must be accepted', () => {
        for (const rule of rules) {
          if (rule.stimulus.kind !== 'constraint' || !rule.testable) continue;
          const { subject, constraint } = rule.stimulus;
          const fixed = ruleCases(rule, op, ctx).fixed;
          for (const c of fixed) {
            const found = violations(op, c.request).map((v) => `${v.field}:${v.constraint}`);
            if (c.expect === 'accept') expect(found, `${rule.id} — ${c.label}`).toEqual([]);
            // A case the readings disagree on breaks its rule under one reading and nothing under another.
            else if (c.expect === 'either') expect([[], [`${subject.name}:${ORACLE_CONSTRAINT[constraint]}`]], `${rule.id} — ${c.label}`).toContainEqual(found);
            else expect(found, `${rule.id} — ${c.label}`).toEqual([`${subject.name}:${ORACLE_CONSTRAINT[constraint]}`]);
          }
        }
      });

      it('violating arbitraries break exactly their rule (300 samples per rule)', () => {
        for (const rule of rules) {
          if (rule.stimulus.kind !== 'constraint' || rule.expect.outcome !== 'reject') continue;
          const { subject, constraint } = rule.stimulus;
          const random = ruleCases(rule, op, ctx).random;
          if (!random) continue;
          fc.assert(
            fc.property(random, (c: RequestCase) => {
              expect(c.expect).toBe('reject');
              expect(violations(op, c.request).map((v) => `${v.field}:${v.constraint}`), `${rule.id} — ${c.label}`).toEqual([`${subject.name}:${ORACLE_CONSTRAINT[constraint]}`]);
            }),
            { numRuns: 300, seed: 11 },
          );
        }
      });

      it('every testable rule sends something, and every reject rule has an accepted control', () => {
        for (const rule of rules) {
          if (!rule.testable) continue;
          // A scenario builds each send when it runs, from what earlier steps bound (test/runner/scenario.test.ts).
          if (rule.stimulus.kind === 'scenario') {
            expect(rule.stimulus.scenario.steps.length, rule.id).toBeGreaterThan(0);
            continue;
          }
          const c = ruleCases(rule, op, ctx);
          expect(c.fixed.length + (c.random ? 1 : 0), rule.id).toBeGreaterThan(0);
          if (rule.expect.outcome === 'reject') expect(c.fixed.some((x) => x.expect === 'accept'), `${rule.id} has no control`).toBe(true);
        }
      });
    });
  }
}
