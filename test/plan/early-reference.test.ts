/**
 * The embedded reference a caller starts ahead (the CLI starts it while the specs load): the run
 * uses it when it serves the profiles and mutant the run needs, starts its own otherwise, and
 * leaves closing the early one to the caller.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedThread, type Embedded } from '../../reference/embedded.js';
import { resolvePlan } from '../../src/plan/resolve.js';
import { loadSpecs } from '../../specs/loader.js';

const YMQ = 'yandex-message-queue/send-message';
const SETS = loadSpecs([]);
const started: Embedded[] = [];
const early = async (o: Parameters<typeof startEmbeddedThread>[0]): Promise<Embedded> => {
  const e = await startEmbeddedThread(o);
  started.push(e);
  return e;
};

afterAll(async () => {
  await Promise.all(started.map((e) => e.ref.close()));
});

describe('an embedded reference started ahead', () => {
  it('is the run’s target when its profiles fit, and stays open after the run closes', async () => {
    const e = await early({ profile: 'seed' });
    const resolved = await resolvePlan(SETS, { spec: [YMQ], rule: ['delay-seconds-range'], embedded: Promise.resolve(e) });
    expect(resolved.plan.specs[0]!.target.target.baseUrl).toBe(e.ref.url);
    expect(resolved.targetDescription).toBe(`embedded reference at ${e.ref.url}`);
    await resolved.close();
    // Still serving: the caller closes it.
    const res = await fetch(e.ref.url);
    expect(res.status).toBeGreaterThanOrEqual(200);
  });

  it('is passed over for a run that needs other profiles or a mutant', async () => {
    const e = await early({ profile: 'seed' });
    const live = await resolvePlan(SETS, { spec: [YMQ], rule: ['delay-seconds-range'], profile: 'live', embedded: Promise.resolve(e) });
    const mutant = await resolvePlan(SETS, { spec: [YMQ], rule: ['delay-seconds-range'], mutant: 'yandex-message-queue/send-message/action-value', embedded: Promise.resolve(e) });
    try {
      expect(live.plan.specs[0]!.target.target.baseUrl).not.toBe(e.ref.url);
      expect(mutant.plan.specs[0]!.target.target.baseUrl).not.toBe(e.ref.url);
      expect(mutant.mutant).toBe('yandex-message-queue/send-message/action-value');
    } finally {
      await live.close();
      await mutant.close();
    }
  });

  it('that could not start is replaced by one the run starts', async () => {
    const resolved = await resolvePlan(SETS, { spec: [YMQ], rule: ['delay-seconds-range'], embedded: Promise.reject(new Error('no worker')) });
    try {
      expect(resolved.plan.specs[0]!.target.target.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    } finally {
      await resolved.close();
    }
  });
});
