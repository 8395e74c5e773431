/**
 * Regression (issue 9): the Service Bus content-type-value rule required refusing
 * application/atom+xml;type=entry without charset, which the seed never says. The value is now
 * sent under both readings, as one anyOf group: a 200 and a 400 both pass it, another answer fails.
 */
import { describe, expect, it } from 'vitest';
import { ruleCases } from '../../generators/ruleCases.js';
import { evaluate } from '../../src/runner/evaluate.js';
import { ctx, exchange, rule, ruleSet, SB } from '../checks/_exchange.js';

const CONTENT_TYPE = rule(SB, 'content-type-value');
const C = ctx(SB, 'content-type-value');
const cases = ruleCases(CONTENT_TYPE, ruleSet(SB).operation, { entity: 'topic', entityValue: 'orders', deviceHandles: {} }).fixed;
const group = cases.filter((c) => c.anyOf !== undefined && c.label.includes('charset omitted'));
const ERROR = '<Error><Code>400</Code><Detail>Bad Content-Type.</Detail></Error>';

/** Which cases of the group pass when the target answers `status`. */
function passing(status: number): string[] {
  return group.filter((c) => evaluate(CONTENT_TYPE, C, exchange({ status, body: status === 400 ? ERROR : '', request: c.request, expect: c.expect })).ok).map((c) => c.expect);
}

describe('content-type-value: the value without charset, under both readings', () => {
  it('is one group of two cases, the same request expected accepted and rejected', () => {
    expect(group.map((c) => [c.expect, c.label])).toEqual([
      ['accept', 'Content-Type = "application/atom+xml;type=entry" (charset omitted: accepted, one reading)'],
      ['reject', 'Content-Type = "application/atom+xml;type=entry" (charset omitted: rejected, the other reading)'],
    ]);
    expect(new Set(group.map((c) => c.anyOf)).size).toBe(1);
    expect(group[0]!.request).toEqual(group[1]!.request);
  });

  it('passes a target that accepts it (200) and one that refuses it (400); fails 415 and 500', () => {
    expect(passing(200)).toEqual(['accept']);
    expect(passing(400)).toEqual(['reject']);
    expect(passing(415)).toEqual([]);
    expect(passing(500)).toEqual([]);
  });

  it('still rejects a real violation: another media type, and the value without type=entry', () => {
    const labels = cases.filter((c) => c.expect === 'reject' && c.anyOf === undefined).map((c) => c.label);
    expect(labels).toEqual([
      'Content-Type = "text/plain" (not documented)',
      'Content-Type = "application/json" (not documented)',
      'Content-Type = "application/xml" (not documented)',
      'Content-Type = "application/octet-stream" (not documented)',
      'Content-Type = "application/atom+xml;charset=utf-8" (not documented)',
    ]);
  });
});
