import { describe, expect, it } from 'vitest';
import { CHECKS, type CheckName } from '../../src/checks/catalog.js';
import { CHECK_IMPLEMENTATIONS, runChecks } from '../../src/checks/index.js';
import { ctx, exchange, rule, YANDEX_SAMPLE_RESPONSE, yandexError, YMQ } from './_exchange.js';

describe('CHECK_IMPLEMENTATIONS', () => {
  it('implements every name of the catalog, and nothing else', () => {
    expect(Object.keys(CHECK_IMPLEMENTATIONS).sort()).toEqual(Object.keys(CHECKS).sort());
    for (const name of Object.keys(CHECKS) as CheckName[]) expect(typeof CHECK_IMPLEMENTATIONS[name], name).toBe('function');
  });
});

describe('runChecks', () => {
  it('returns nothing when every check passes', () => {
    const c = ctx(YMQ, 'sample-request');
    const ex = exchange({ status: 200, body: YANDEX_SAMPLE_RESPONSE });
    if (c.rule.expect.outcome !== 'accept') throw new Error('accept rule expected');
    expect(runChecks(c.rule.expect.checks, c, ex)).toEqual([]);
  });

  it('returns the failures in reference order, named by check, with their arguments', () => {
    const c = ctx(YMQ, 'auth-missing');
    const ex = exchange({ status: 401, body: yandexError('AccessDenied'), expect: 'reject' });
    const refs = [...(c.rule.expect.outcome === 'reject' ? c.rule.expect.checks : []), { name: 'response-body', args: { status: [401], format: 'none' } }];
    const failures = runChecks(refs, c, ex);
    expect(failures.map((f) => f.check)).toEqual(['status-documented', 'response-body']);
    expect(failures[0]).toMatchObject({ ok: false, message: 'The response status 401 is not one the document lists for the operation.', expected: 'one of 200, 400, 403, 404, 500, 503', actual: '401' });
    expect(failures[1]!.args).toEqual({ status: [401], format: 'none' });
  });

  it('throws on a name the catalog does not list (a harness error, not a target failure)', () => {
    const c = ctx(YMQ, 'status-documented');
    expect(() => runChecks([{ name: 'no-such-check' }], c, exchange({ status: 200 }))).toThrow(/unknown check "no-such-check"/);
  });

  it('runs the compiled check lists of every shipped Yandex rule without throwing', () => {
    const ex = exchange({ status: 200, body: YANDEX_SAMPLE_RESPONSE });
    for (const slug of ['response-body', 'response-md5-of-message-body', 'response-sequence-number', 'md5-of-message-attributes', 'sequence-number-standard-absent']) {
      const r = rule(YMQ, slug);
      if (r.expect.outcome === 'none') continue;
      expect(() => runChecks(r.expect.outcome === 'none' ? [] : r.expect.checks, ctx(YMQ, slug, [ex]), ex), slug).not.toThrow();
    }
  });
});
