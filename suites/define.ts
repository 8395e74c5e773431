/**
 * ruleprobe as vitest tests: one test per rule, named by its rule id, run by the same engine as
 * `ruleprobe run`, so a project's own vitest gets the same verdicts. The verdict record travels as
 * `task.meta.ruleprobe`, so vitest's own reporters (and `reporters/verdicts.ts`) carry it too.
 *
 *   // conformance.test.ts
 *   import { defineRuleprobeSuite } from 'ruleprobe/suites/define.ts';
 *   await defineRuleprobeSuite({ specsDirs: ['./specs'], target: './target.yaml', seed: 1 });
 *   await defineRuleprobeSuite({ spec: ['azure-service-bus/send-message'], profile: 'live' });
 *
 * PASS and WARN pass; FAIL and ERROR fail the test with the failure's expected and actual;
 * SKIP and UNTESTABLE are skipped with their reason.
 */
import { afterAll, describe, test } from 'vitest';
import { loadSpecs } from '../specs/loader.js';
import { resolvePlan } from '../src/plan/resolve.js';
import { Engine } from '../src/runner/engine.js';
import type { SuiteOptions } from './plan.js';

export type { SuiteOptions } from './plan.js';

export async function defineRuleprobeSuite(options: SuiteOptions = {}): Promise<void> {
  const { specsDirs, ...rest } = options;
  const sets = loadSpecs(specsDirs ?? []);
  const resolved = await resolvePlan(sets, rest);
  const engine = new Engine(resolved.plan);
  afterAll(async () => {
    await engine.close();
    await resolved.close();
  });
  for (const spec of resolved.plan.specs) {
    // A spec under a profile other than seed says so in its suite name (rule ids stay the tests' names).
    const profile = spec.set.profile ?? 'seed';
    describe.concurrent(profile === 'seed' ? spec.set.specId : `${spec.set.specId} [profile ${profile}]`, () => {
      for (const id of spec.ruleIds) {
        test(id, async ({ task, skip }) => {
          const record = await engine.runRule(id);
          task.meta.ruleprobe = record;
          if (record.verdict === 'SKIP' || record.verdict === 'UNTESTABLE') skip(record.reason);
          if (record.verdict === 'FAIL' || record.verdict === 'ERROR') {
            const f = record.failure;
            throw new Error(f ? `${f.message}\nexpected: ${f.expected}\nactual: ${f.actual}\ncase: ${f.caseLabel}` : (record.reason ?? record.verdict));
          }
        });
      }
    });
  }
}
