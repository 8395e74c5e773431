/**
 * Self-verification: the reference passes every rule; for every rule, the mutant that breaks it
 * makes that rule fail. The score (killed / mutants) is printed with the test output.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { EMBEDDED_OPTION_VARIANTS, startEmbedded, type EmbeddedOverrides } from '../../reference/embedded.js';
import { MUTANTS } from '../../reference/server.js';
import { loadAllSpecs } from '../../specs/loader.js';
import { runPlan } from '../../src/runner/engine.js';
import type { VerdictRecord } from '../../src/runner/verdict.js';

const RUN = { runs: 5, concurrency: 8, timeoutMs: 10_000, maxBodyBytes: 1 << 20 };

async function runOnce(specId: string, seed: number, overrides: EmbeddedOverrides, ruleIds?: string[]): Promise<VerdictRecord[]> {
  const set = loadAllSpecs().find((s) => s.specId === specId)!;
  const embedded = await startEmbedded(overrides);
  try {
    return await runPlan({ ...RUN, seed, specs: [{ set, target: embedded.targets[specId]!, ruleIds: ruleIds ?? set.rules.map((r) => r.id) }] });
  } finally {
    await embedded.ref.close();
  }
}

/**
 * Every rule against the default reference, then each rule that requires another target option
 * (SKIP there) against a reference started to serve that option (EMBEDDED_OPTION_VARIANTS).
 */
async function runSpec(specId: string, seed: number, mutant?: string): Promise<VerdictRecord[]> {
  const set = loadAllSpecs().find((s) => s.specId === specId)!;
  const records = await runOnce(specId, seed, mutant ? { mutant } : {});
  for (const variant of EMBEDDED_OPTION_VARIANTS[specId] ?? []) {
    const ids = set.rules.filter((r) => r.requires && Object.entries(r.requires).every(([k, v]) => variant.options[k] === v)).map((r) => r.id);
    if (!ids.length) continue;
    const more = await runOnce(specId, seed, { ...variant.overrides, ...(mutant ? { mutant } : {}) }, ids);
    for (const r of more) records[records.findIndex((x) => x.ruleId === r.ruleId)] = r;
  }
  return records;
}

const line = (r: VerdictRecord): string =>
  `${r.ruleId}: ${r.verdict}${r.failure ? ` — ${r.failure.message}; expected ${r.failure.expected}, got ${r.failure.actual} (${r.failure.caseLabel})` : r.reason ? ` — ${r.reason}` : ''}`;

export function mutationSuite(specId: string): void {
  const set = loadAllSpecs().find((s) => s.specId === specId)!;
  const testable = set.rules.filter((r) => r.testable).map((r) => r.id);
  const mutants = Object.keys(MUTANTS).filter((m) => m.startsWith(`${specId}/`));

  describe(`${specId}: the pristine reference`, () => {
    for (const seed of [1, 2, 3]) {
      it(`seed ${seed}: every testable rule passes, every other is UNTESTABLE with its reason`, async () => {
        const records = await runSpec(specId, seed);
        expect(records.filter((r) => r.verdict !== 'PASS' && r.verdict !== 'UNTESTABLE').map(line)).toEqual([]);
        expect(records.filter((r) => r.verdict === 'UNTESTABLE').map((r) => r.ruleId).sort()).toEqual(set.rules.filter((r) => !r.testable).map((r) => r.id).sort());
      });
    }
  });

  describe(`${specId}: mutants`, () => {
    const killed: string[] = [];
    const collateral: Record<string, string[]> = {};

    it('there is a mutant for every testable rule, and none for a rule that does not exist', () => {
      expect(testable.filter((id) => !mutants.includes(id))).toEqual([]);
      expect(mutants.filter((m) => !testable.includes(m))).toEqual([]);
    });

    for (const mutant of mutants) {
      it(`${mutant.slice(specId.length + 1)} — ${MUTANTS[mutant]}`, async () => {
        const records = await runSpec(specId, 1, mutant);
        const own = records.find((r) => r.ruleId === mutant)!;
        expect([own.verdict, own.failure ? 'named' : 'no failure record'], line(own)).toEqual([own.level === 'MUST' ? 'FAIL' : 'WARN', 'named']);
        killed.push(mutant);
        collateral[mutant] = records.filter((r) => r.ruleId !== mutant && (r.verdict === 'FAIL' || r.verdict === 'WARN')).map((r) => r.ruleId);
      });
    }

    afterAll(() => {
      const others = Object.entries(collateral).filter(([, ids]) => ids.length);
      console.log(
        `\nmutation score ${specId}: ${killed.length}/${mutants.length} mutants killed by their own rule` +
          `; ${others.length} also fail other rules` +
          others
            .map(([m, ids]) => `\n  ${m.slice(specId.length + 1)} → also ${ids.length > 6 ? `${ids.length} other rules (it breaks the canonical request)` : ids.map((i) => i.slice(specId.length + 1)).join(', ')}`)
            .join(''),
      );
    });
  });
}
