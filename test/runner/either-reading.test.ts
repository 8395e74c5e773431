/**
 * Regression (issue 9): the Service Bus content-type-value rule required refusing
 * application/atom+xml;type=entry without charset, which the seed never says. The value is now
 * sent once as a case the readings disagree on (`expect: either`): a 200 and a 400 both pass it,
 * each naming the reading it fits; another answer fails.
 */
import { describe, expect, it } from 'vitest';
import { ruleCases } from '../../generators/ruleCases.js';
import { evaluate } from '../../src/runner/evaluate.js';
import { ctx, exchange, rule, ruleSet, SB } from '../checks/_exchange.js';

const CONTENT_TYPE = rule(SB, 'content-type-value');
const C = ctx(SB, 'content-type-value');
const cases = ruleCases(CONTENT_TYPE, ruleSet(SB).operation, { entity: 'topic', entityValue: 'orders', deviceHandles: {} }).fixed;
const omitted = cases.filter((c) => c.label.includes('charset omitted'));
const ERROR = '<Error><Code>400</Code><Detail>Bad Content-Type.</Detail></Error>';

/** The result of the charset-omitted case when the target answers `status`. */
function answered(status: number): { ok: boolean; readings?: string[] } {
  const c = omitted[0]!;
  const ex = exchange({ status, body: status === 400 ? ERROR : '', request: c.request, expect: c.expect });
  const r = evaluate(CONTENT_TYPE, C, { ...ex, case: { ...ex.case, ...(c.readings ? { readings: c.readings } : {}) } });
  return r.ok ? { ok: true, readings: r.readings } : { ok: false };
}

describe('content-type-value: the value without charset, under both readings', () => {
  it('is one case that either reading decides', () => {
    expect(omitted.map((c) => [c.expect, c.label, c.readings])).toEqual([
      ['either', 'Content-Type = "application/atom+xml;type=entry" (charset omitted: either reading)', { accept: ['charset-optional'], reject: ['charset-required'] }],
    ]);
  });

  it('passes a target that accepts it (200) and one that refuses it (400), naming the reading; fails 415 and 500', () => {
    expect(answered(200)).toEqual({ ok: true, readings: ['charset-optional'] });
    expect(answered(400)).toEqual({ ok: true, readings: ['charset-required'] });
    expect(answered(415)).toEqual({ ok: false });
    expect(answered(500)).toEqual({ ok: false });
  });

  it('still rejects a real violation: another media type, and the value without type=entry', () => {
    const labels = cases.filter((c) => c.expect === 'reject').map((c) => c.label);
    expect(labels).toEqual([
      'Content-Type = "text/plain" (not documented)',
      'Content-Type = "application/json" (not documented)',
      'Content-Type = "application/xml" (not documented)',
      'Content-Type = "application/octet-stream" (not documented)',
      'Content-Type = "application/atom+xml;charset=utf-8" (not documented)',
    ]);
  });
});
