/**
 * One spec's rules as vitest tests, each named by its rule id. The verdict record travels as
 * `task.meta.ruleprobe`, so vitest's own reporters carry it too.
 */
import { afterAll, describe, inject, test } from 'vitest';
import { loadAllSpecs } from '../specs/loader.js';
import { runRule } from '../src/runner/run-rule.js';
import { Transport } from '../src/transport/http.js';
import { Semaphore } from '../src/transport/limits.js';
import './plan.js';

export function defineSuite(specId: string): void {
  const plan = inject('ruleprobe');
  const selected = plan?.specs[specId];
  if (!plan || !selected) {
    describe.skip(specId, () => test('not selected', () => {}));
    return;
  }
  const set = loadAllSpecs(plan.specsDir).find((s) => s.specId === specId);
  if (!set) throw new Error(`no spec ${specId} in ${plan.specsDir}`);
  const transport = new Transport({
    timeoutMs: plan.timeoutMs,
    maxBodyBytes: plan.maxBodyBytes,
    connections: plan.concurrency,
    ...(plan.rate ? { rate: plan.rate } : {}),
  });
  afterAll(() => transport.close());
  const inflight = new Semaphore(plan.concurrency);

  describe.concurrent(specId, () => {
    for (const id of selected.ruleIds) {
      const rule = set.rules.find((r) => r.id === id);
      if (!rule) continue;
      test(rule.id, async ({ task, skip }) => {
        const record = await runRule(rule, {
          op: set.operation,
          inflight,
          target: selected.target,
          transport,
          now: () => new Date(),
          seed: plan.seed,
          runs: plan.runs,
          deadline: plan.deadline,
          previewBytes: plan.previewBytes,
        });
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
