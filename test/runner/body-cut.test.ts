/**
 * `--max-body N` small enough to cut a conforming answer made a conforming target FAIL: a check
 * that needs the body of a response cut at the limit now gives ERROR naming the limit, and
 * checks on the status alone still judge.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit-codes.js';
import { main } from '../../cli/main.js';
import { BodyCutError, evaluate } from '../../src/runner/evaluate.js';
import type { VerdictRecord } from '../../src/runner/verdict.js';
import { ctx, exchange, rule, yandexError, YMQ } from '../checks/_exchange.js';

const AUTH_MISSING = rule(YMQ, 'auth-missing');
const C = ctx(YMQ, 'auth-missing');
const ERROR_BODY = yandexError('MissingAuthenticationToken');

describe('evaluate: a response cut at --max-body', () => {
  it('a failure that rests on the cut body throws BodyCutError naming the limit, never a FAIL', () => {
    const cut = exchange({ status: 403, body: ERROR_BODY.slice(0, 10), truncated: true, expect: 'reject' });
    expect(() => evaluate(AUTH_MISSING, C, cut)).toThrow(BodyCutError);
    expect(() => evaluate(AUTH_MISSING, C, cut)).toThrow(
      'the response body was cut at 10 bytes (--max-body) and the error-body check needs all of it (case hand-built); raise --max-body to judge this answer',
    );
  });

  it('the same body, not cut, is the target’s fault: the error-body check fails', () => {
    expect(evaluate(AUTH_MISSING, C, exchange({ status: 403, body: ERROR_BODY.slice(0, 10), expect: 'reject' }))).toMatchObject({ ok: false, check: 'error-body' });
  });

  it('a failure on the status alone still stands on a cut body', () => {
    const cut = exchange({ status: 200, body: '<', truncated: true, expect: 'reject' });
    expect(evaluate(AUTH_MISSING, C, cut)).toMatchObject({ ok: false, check: 'status', message: 'a request the document forbids was accepted' });
  });
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

async function records(...extra: string[]): Promise<{ code: number; byRule: Record<string, VerdictRecord> }> {
  const file = join(mkdtempSync(join(tmpdir(), 'ruleprobe-body-cut-')), 'r.json');
  const r = await cli('run', '--spec', YMQ, '--rule', 'message-body-size', 'md5-of-message-body', 'version-required', '--runs', '0', '--seed', '1', '--reporter', `json=${file}`, ...extra);
  const report = JSON.parse(readFileSync(file, 'utf8')) as { records: VerdictRecord[] };
  return { code: r.code, byRule: Object.fromEntries(report.records.map((x) => [x.ruleId.slice(YMQ.length + 1), x])) };
}

describe('ruleprobe run --max-body small enough to cut a conforming answer', () => {
  it('a conforming target FAILs under a --max-body that cuts its answers: the embedded reference with --max-body 1 gives ERROR for body-reading rules, PASS for status-only ones, never FAIL', async () => {
    const { code, byRule } = await records('--max-body', '1');
    expect(Object.values(byRule).filter((x) => x.verdict === 'FAIL')).toEqual([]);
    for (const slug of ['message-body-size', 'md5-of-message-body']) {
      expect(byRule[slug], slug).toMatchObject({ verdict: 'ERROR', error: 'harness' });
      expect(byRule[slug]!.reason, slug).toMatch(/^the response body was cut at 1 byte \(--max-body\) and the [a-z0-9-]+ check needs all of it \(case .+\); raise --max-body to judge this answer$/);
    }
    expect(byRule['md5-of-message-body']!.reason).toContain('the md5-of-message-body check');
    expect(byRule['version-required']).toMatchObject({ verdict: 'PASS' });
    expect(code).toBe(EXIT.OK);
  }, 120_000);

  it('the same rules with the default --max-body all PASS', async () => {
    const { code, byRule } = await records();
    expect(Object.fromEntries(Object.entries(byRule).map(([k, v]) => [k, v.verdict]))).toEqual({ 'message-body-size': 'PASS', 'md5-of-message-body': 'PASS', 'version-required': 'PASS' });
    expect(code).toBe(EXIT.OK);
  }, 120_000);
});
