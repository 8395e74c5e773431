import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbedded, type Embedded } from '../../reference/embedded.js';
import { loadAllSpecs } from '../../specs/loader.js';
import { Engine, runPlan } from '../../src/runner/engine.js';

const YMQ = 'yandex-message-queue/send-message';
const set = loadAllSpecs().find((s) => s.specId === YMQ)!;
const isScenario = (id: string): boolean => set.rules.find((r) => r.id === id)!.stimulus.kind === 'scenario';

describe('the engine starts waiting rules first, and reports in plan order', () => {
  let embedded: Embedded;
  beforeAll(async () => {
    embedded = await startEmbedded();
  });
  afterAll(() => embedded.ref.close());

  it('start order: every scenario rule before every other rule, each group in plan order', async () => {
    const ids = set.rules.map((r) => r.id);
    const engine = new Engine({ specs: [{ set, target: embedded.targets[YMQ]!, ruleIds: ids }], seed: 1, runs: 0, concurrency: 1, timeoutMs: 1000, maxBodyBytes: 1024 });
    try {
      const order = engine.startOrder();
      const scenarios = ids.filter(isScenario);
      expect(scenarios.length).toBeGreaterThan(0);
      expect(order).toEqual([...scenarios, ...ids.filter((id) => !isScenario(id))]);
      expect([...order].sort()).toEqual([...ids].sort());
    } finally {
      await engine.close();
    }
  });

  it('runPlan returns the records in plan order although the scenario rule started first', async () => {
    const scenario = set.rules.find((r) => r.stimulus.kind === 'scenario' && r.slug === 'fifo-order')!.id;
    const others = set.rules.filter((r) => r.testable && r.stimulus.kind !== 'scenario').slice(0, 3).map((r) => r.id);
    const ruleIds = [...others, scenario];
    const seen: string[] = [];
    const target = { ...embedded.targets[YMQ]!, timings: { delay: 1, tolerance: 1, settle: 3 } };
    const records = await runPlan({ specs: [{ set, target, ruleIds }], seed: 1, runs: 1, concurrency: 1, timeoutMs: 10_000, maxBodyBytes: 1 << 20 }, (r) => seen.push(r.ruleId));
    expect(records.map((r) => r.ruleId)).toEqual(ruleIds);
    expect(records.map((r) => r.verdict)).toEqual(['PASS', 'PASS', 'PASS', 'PASS']);
    // One rule at a time: the scenario, started first, is decided first.
    expect(seen[0]).toBe(scenario);
  });
});
