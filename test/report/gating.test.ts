import { describe, expect, it } from 'vitest';
import { SpecLoadError, formatProblem } from '../../src/config/errors.js';
import { applyGating, breaksPolicy, loadKnownFailures } from '../../src/report/gating.js';
import type { Report } from '../../src/report/model.js';
import type { Verdict, VerdictRecord } from '../../src/runner/verdict.js';
import type { Level } from '../../src/model/rule.js';

const rec = (slug: string, verdict: Verdict, level: Level = 'MUST'): VerdictRecord => ({
  ruleId: `a-b/c-d/${slug}`,
  specId: 'a-b/c-d',
  level,
  title: slug,
  requirement: slug,
  source: { seed: 's.txt', section: 'S' },
  verdict,
  cases: 1,
  durationMs: 1,
});
const IDS = new Set(['a-b/c-d/one', 'a-b/c-d/two', 'a-b/c-d/three', 'a-b/c-d/four']);

describe('--fail-on', () => {
  it.each([
    ['must', ['FAIL']],
    ['should', ['FAIL', 'WARN/SHOULD']],
    ['any', ['FAIL', 'WARN/SHOULD', 'WARN/MAY', 'ERROR']],
  ] as const)('%s fails the run on %j', (policy, expected) => {
    const records = [rec('f', 'FAIL'), rec('ws', 'WARN', 'SHOULD'), rec('wm', 'WARN', 'MAY'), rec('e', 'ERROR'), rec('p', 'PASS'), rec('s', 'SKIP'), rec('u', 'UNTESTABLE')];
    const label = (r: VerdictRecord) => (r.verdict === 'WARN' ? `WARN/${r.level}` : r.verdict);
    expect(records.filter((r) => breaksPolicy(r, policy)).map(label)).toEqual(expected);
  });
});

describe('known failures', () => {
  const file = `known-failures:
  - rule: a-b/c-d/one
    reason: The emulator accepts 901; ticket Q-12
  - rule: a-b/c-d/two
    reason: Waiting for the fix
    expires: 2026-01-01
    link: https://example.org/Q-13
  - rule: a-b/c-d/three
    reason: Was broken last month
`;
  const known = loadKnownFailures(file, 'kf.yaml', IDS);

  it('turns a listed FAIL into an expected failure, with its reason', () => {
    const { records, gating } = applyGating([rec('one', 'FAIL')], { failOn: 'must', knownFailures: known, today: '2026-06-01' });
    expect(records[0]).toMatchObject({ gate: 'expected', knownFailure: { reason: 'The emulator accepts 901; ticket Q-12' } });
    expect(gating.failing).toEqual([]);
  });

  it('an expired entry counts as a failure again, and is reported', () => {
    const { records, gating } = applyGating([rec('two', 'FAIL')], { failOn: 'must', knownFailures: known, today: '2026-01-02' });
    expect(records[0]!.gate).toBe('failing');
    expect(gating.expired).toEqual([{ ruleId: 'a-b/c-d/two', expires: '2026-01-01' }]);
    expect(gating.failing).toEqual(['a-b/c-d/two']);
    // On its expiry day it still excuses the failure.
    expect(applyGating([rec('two', 'FAIL')], { failOn: 'must', knownFailures: known, today: '2026-01-01' }).records[0]!.gate).toBe('expected');
  });

  it('an entry whose rule now passes is reported stale', () => {
    const { gating } = applyGating([rec('three', 'PASS'), rec('one', 'FAIL')], { failOn: 'must', knownFailures: known, today: '2026-06-01' });
    expect(gating.stale).toEqual([{ ruleId: 'a-b/c-d/three', reason: 'Was broken last month' }]);
  });

  it('an entry naming no existing rule, or a rule twice, is a config error with its line', () => {
    const bad = `known-failures:\n  - rule: a-b/c-d/nope\n    reason: typo\n  - rule: a-b/c-d/one\n    reason: one\n  - rule: a-b/c-d/one\n    reason: again\n`;
    try {
      loadKnownFailures(bad, 'kf.yaml', IDS);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(SpecLoadError);
      expect((err as SpecLoadError).problems.map(formatProblem)).toEqual([
        'kf.yaml:2:11 /known-failures/0/rule: no rule with id "a-b/c-d/nope" (see ruleprobe rules)',
        'kf.yaml:6:11 /known-failures/2/rule: "a-b/c-d/one" is listed twice (first at /known-failures/1)',
      ]);
    }
  });

  it('an entry without a reason is refused', () => {
    expect(() => loadKnownFailures('known-failures:\n  - rule: a-b/c-d/one\n', 'kf.yaml', IDS)).toThrow(/kf.yaml:2:5 \/known-failures\/0: missing required key "reason"/);
  });
});

describe('--baseline', () => {
  const baseline: Report = {
    version: 1,
    tool: { name: 'ruleprobe', version: '0' },
    startedAt: '',
    finishedAt: '',
    seed: 1,
    runs: 1,
    target: 't',
    specs: [],
    records: [rec('one', 'FAIL'), rec('two', 'FAIL'), rec('three', 'PASS')],
    summary: { total: 3, counts: { PASS: 1, FAIL: 2, WARN: 0, ERROR: 0, SKIP: 0, UNTESTABLE: 0 } },
  };
  const now = [rec('one', 'FAIL'), rec('two', 'PASS'), rec('three', 'FAIL')];

  it('names new failures, fixed rules and still-failing rules', () => {
    const { gating } = applyGating(now, { failOn: 'must', baseline: { file: 'prev.json', report: baseline }, today: '2026-06-01' });
    expect(gating.baseline).toEqual({ file: 'prev.json', newFailures: ['a-b/c-d/three'], fixed: ['a-b/c-d/two'], stillFailing: ['a-b/c-d/one'] });
    expect(gating.failing).toEqual(['a-b/c-d/one', 'a-b/c-d/three']);
  });

  it('with --fail-on-regression only the new failure fails the run', () => {
    const { records, gating } = applyGating(now, { failOn: 'must', baseline: { file: 'prev.json', report: baseline }, failOnRegression: true, today: '2026-06-01' });
    expect(records.map((r) => r.gate ?? '-')).toEqual(['still-failing', '-', 'failing']);
    expect(gating.failing).toEqual(['a-b/c-d/three']);
  });
});
