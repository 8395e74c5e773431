/**
 * The rule-case cache hands out the same cases again: they must equal cases built anew, be the
 * same for every seed where the seed (nonce) goes into no value, and never change.
 */
import { describe, expect, it } from 'vitest';
import { withField } from '../../generators/_internals/build.js';
import { clearRuleCasesCache, freshRuleCases, ruleCases, ruleCasesCacheSize, RULE_CASES_CACHE } from '../../generators/ruleCases.js';
import { findField } from '../../generators/constraintCases.js';
import { loadAllSpecs } from '../../specs/loader.js';
import { encodeRequest, freshEncoding } from '../../src/encode/request.js';
import type { TargetContext } from '../../src/model/request.js';
import { CONTEXTS, ruleApplies } from './contexts.js';

const sets = loadAllSpecs();
const TARGET: TargetContext = {
  baseUrl: 'http://127.0.0.1:9324',
  entities: { 'standard-queue': CONTEXTS['yandex-message-queue/send-message']![0]!.entityValue, 'fifo-queue': CONTEXTS['yandex-message-queue/send-message']![1]!.entityValue, topic: 'orders/topic', hub: 'myhub' },
};

function* everyRule() {
  for (const set of sets) {
    for (const rule of set.rules) {
      if (!rule.testable || rule.stimulus.kind === 'scenario') continue;
      for (const ctx of CONTEXTS[set.specId]!.filter((c) => ruleApplies(rule.appliesTo, c))) yield { set, rule, ctx };
    }
  }
}

describe('rule-case cache', () => {
  it('cached cases equal cases built anew, for every rule and entity', () => {
    clearRuleCasesCache();
    for (const { set, rule, ctx } of everyRule()) {
      const first = ruleCases(rule, set.operation, { ...ctx, nonce: 'a' });
      const again = ruleCases(rule, set.operation, { ...ctx, nonce: 'a' });
      expect(again).toBe(first);
      expect(again.fixed).toEqual(freshRuleCases(rule, set.operation, { ...ctx, nonce: 'a' }).fixed);
    }
  });

  it('a case is shared between seeds only where the seed goes into no value, and two seeds then give the same wire bytes', () => {
    clearRuleCasesCache();
    let shared = 0;
    for (const { set, rule, ctx } of everyRule()) {
      const one = ruleCases(rule, set.operation, { ...ctx, nonce: '1' });
      const two = ruleCases(rule, set.operation, { ...ctx, nonce: '2' });
      // Whether or not the cache shared them, each equals what the seed builds without it.
      expect(two.fixed).toEqual(freshRuleCases(rule, set.operation, { ...ctx, nonce: '2' }).fixed);
      if (one !== two) continue;
      shared++;
      for (const [i, c] of two.fixed.entries()) {
        const fresh = freshEncoding(set.operation, TARGET, freshRuleCases(rule, set.operation, { ...ctx, nonce: '2' }).fixed[i]!.request);
        const cached = encodeRequest(set.operation, TARGET, c.request);
        expect(Buffer.from(cached.body).equals(Buffer.from(fresh.body))).toBe(true);
        expect(cached.url).toBe(fresh.url);
        expect(cached.headers).toEqual(fresh.headers);
      }
    }
    expect(shared).toBeGreaterThan(100);
  });

  it('a cached case is frozen, and an edit of it is a copy that leaves it as it was', () => {
    const set = sets.find((s) => s.specId === 'yandex-message-queue/send-message')!;
    const rule = set.rules.find((r) => r.slug === 'message-body-size')!;
    const ctx = CONTEXTS[set.specId]![0]!;
    const c = ruleCases(rule, set.operation, ctx).fixed[0]!;
    const before = JSON.stringify(c);
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.request.headers)).toBe(true);
    expect(() => (c.request.headers as unknown[]).push({ name: 'X', value: 'y' })).toThrow(TypeError);
    const field = findField(set.operation, 'parameter', 'MessageBody')!;
    const edited = withField(set.operation, c.request, field, 'short');
    expect(edited).not.toBe(c.request);
    expect(JSON.stringify(c)).toBe(before);
    expect(ruleCases(rule, set.operation, ctx).fixed[0]).toBe(c);
    expect(JSON.stringify(ruleCases(rule, set.operation, ctx).fixed[0])).toBe(before);
  });

  it('stays within its bounds', () => {
    clearRuleCasesCache();
    for (const { set, rule, ctx } of everyRule()) for (const nonce of ['1', '2', '3']) ruleCases(rule, set.operation, { ...ctx, nonce });
    const size = ruleCasesCacheSize();
    expect(size.entries).toBeLessThanOrEqual(RULE_CASES_CACHE.maxEntries);
    expect(size.bytes).toBeLessThanOrEqual(RULE_CASES_CACHE.maxBytes);
  });
});

describe('withField copies on write', () => {
  it('changes only the one field, shares the rest, and leaves the request it was given as it was', () => {
    for (const set of sets) {
      const ctx = CONTEXTS[set.specId]![0]!;
      const rule = set.rules.find((r) => r.stimulus.kind === 'constraint' && ruleApplies(r.appliesTo, ctx))!;
      const base = ruleCases(rule, set.operation, ctx).fixed[0]!.request;
      const before = JSON.stringify(base);
      for (const field of [...set.operation.headers, ...set.operation.query, ...set.operation.parameters]) {
        if (field.name.includes('{N}')) continue;
        const out = withField(set.operation, base, field, 'ruleprobe-edit');
        expect(JSON.stringify(base)).toBe(before);
        if (field.kind === 'header') expect(out.body).toBe(base.body);
        if (field.kind === 'parameter') expect(out.headers).toBe(base.headers);
      }
    }
  });
});
