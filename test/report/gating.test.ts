import { describe, expect, it } from 'vitest';
import { SpecLoadError, formatProblem } from '../../src/config/errors.js';
import { applyGating, breaksPolicy, loadKnownFailures } from '../../src/report/gating.js';
import type { Report } from '../../src/report/model.js';
import { fingerprintOf, type Failure, type Verdict, type VerdictRecord } from '../../src/runner/verdict.js';
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

/** A previous run's report holding `records`, its summary counted from them. */
function reportOf(...records: VerdictRecord[]): Report {
  const counts = { PASS: 0, FAIL: 0, WARN: 0, ERROR: 0, SKIP: 0, UNTESTABLE: 0 };
  for (const r of records) counts[r.verdict]++;
  return { version: 1, tool: { name: 'ruleprobe', version: '0' }, startedAt: '', finishedAt: '', seed: 1, runs: 1, target: 't', specs: [], records, summary: { total: records.length, counts } };
}

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
  const baseline = reportOf(rec('one', 'FAIL'), rec('two', 'FAIL'), rec('three', 'PASS'));
  const now = [rec('one', 'FAIL'), rec('two', 'PASS'), rec('three', 'FAIL')];

  it('names new failures, fixed rules and still-failing rules', () => {
    const { gating } = applyGating(now, { failOn: 'must', baseline: { file: 'prev.json', report: baseline }, today: '2026-06-01' });
    expect(gating.baseline).toEqual({ file: 'prev.json', newFailures: ['a-b/c-d/three'], fixed: ['a-b/c-d/two'], stillFailing: ['a-b/c-d/one'], fingerprints: { new: [], fixed: [], stillFailing: [] } });
    expect(gating.failing).toEqual(['a-b/c-d/one', 'a-b/c-d/three']);
  });

  it('with --fail-on-regression only the new failure fails the run', () => {
    const { records, gating } = applyGating(now, { failOn: 'must', baseline: { file: 'prev.json', report: baseline }, failOnRegression: true, today: '2026-06-01' });
    expect(records.map((r) => r.gate ?? '-')).toEqual(['still-failing', '-', 'failing']);
    expect(gating.failing).toEqual(['a-b/c-d/three']);
  });
});

describe('--baseline compares failures by fingerprint', () => {
  const failure = (caseLabel: string, actual: string): Failure => {
    const f = {
      caseLabel,
      origin: 'boundary' as const,
      check: 'status',
      message: 'a request the document forbids was accepted',
      expected: '400 InvalidParameterValue',
      actual,
      request: { method: 'POST', url: 'http://t/', headers: [], bodyBytes: 0, body: '', bodyTruncated: false },
      case: { label: caseLabel, origin: 'boundary' as const, expect: 'reject' as const, request: { method: 'POST', path: '/', query: [], headers: [], body: { kind: 'none' as const } } } as unknown as Failure['case'],
      fix: 'Reject it',
    };
    return { ...f, fingerprint: fingerprintOf('a-b/c-d/one', f) };
  };
  const A = failure('DelaySeconds = -1 (min − 1)', 'status 200');
  const B = failure('DelaySeconds = 901 (max + 1)', 'status 200');
  const withFailures = (...fs: Failure[]): VerdictRecord => ({ ...rec('one', 'FAIL'), failure: fs[0]!, failures: fs });

  it('a new fingerprint under a rule that was already failing fails the run, named as new', () => {
    const { records, gating } = applyGating([withFailures(A, B)], { failOn: 'must', baseline: { file: 'prev.json', report: reportOf(withFailures(A)) }, failOnRegression: true, today: '2026-06-01' });
    expect(records[0]!.gate).toBe('failing');
    expect(gating.failing).toEqual(['a-b/c-d/one']);
    expect(gating.baseline!.stillFailing).toEqual(['a-b/c-d/one']);
    expect(gating.baseline!.fingerprints).toEqual({
      new: [{ ruleId: 'a-b/c-d/one', fingerprint: B.fingerprint, caseLabel: 'DelaySeconds = 901 (max + 1)' }],
      fixed: [],
      stillFailing: [{ ruleId: 'a-b/c-d/one', fingerprint: A.fingerprint, caseLabel: 'DelaySeconds = -1 (min − 1)' }],
    });
  });

  it('the same fingerprints as the baseline do not fail the run; one gone is named fixed', () => {
    const same = applyGating([withFailures(A, B)], { failOn: 'must', baseline: { file: 'prev.json', report: reportOf(withFailures(A, B)) }, failOnRegression: true, today: '2026-06-01' });
    expect([same.records[0]!.gate, same.gating.failing, same.gating.baseline!.fingerprints!.new]).toEqual(['still-failing', [], []]);
    const fewer = applyGating([withFailures(A)], { failOn: 'must', baseline: { file: 'prev.json', report: reportOf(withFailures(A, B)) }, failOnRegression: true, today: '2026-06-01' });
    expect([fewer.records[0]!.gate, fewer.gating.baseline!.fingerprints!.fixed.map((f) => f.fingerprint)]).toEqual(['still-failing', [B.fingerprint]]);
  });

  it('a baseline written before fingerprints existed is compared by the fingerprints computed from its failure', () => {
    const { fingerprint: _fp, ...old } = A;
    const { records } = applyGating([withFailures(A)], { failOn: 'must', baseline: { file: 'prev.json', report: reportOf({ ...rec('one', 'FAIL'), failure: old }) }, failOnRegression: true, today: '2026-06-01' });
    expect(records[0]!.gate).toBe('still-failing');
  });

  it('an unlisted failure of the baseline (beyond the listed ten) is not new when it shows up listed', () => {
    const base = { ...withFailures(A), moreFailures: 1, moreFingerprints: [B.fingerprint!] };
    expect(applyGating([withFailures(A, B)], { failOn: 'must', baseline: { file: 'prev.json', report: reportOf(base) }, failOnRegression: true, today: '2026-06-01' }).records[0]!.gate).toBe('still-failing');
  });

  it('known failures may name a fingerprint: only that failure is excused', () => {
    const file = `known-failures:\n  - rule: a-b/c-d/one\n    fingerprint: ${A.fingerprint}\n    reason: the emulator accepts -1\n`;
    const known = loadKnownFailures(file, 'kf.yaml', IDS);
    expect(applyGating([withFailures(A)], { failOn: 'must', knownFailures: known, today: '2026-06-01' }).records[0]!.gate).toBe('expected');
    const both = applyGating([withFailures(A, B)], { failOn: 'must', knownFailures: known, today: '2026-06-01' });
    expect([both.records[0]!.gate, both.gating.failing]).toEqual(['failing', ['a-b/c-d/one']]);
    const gone = applyGating([withFailures(B)], { failOn: 'must', knownFailures: known, today: '2026-06-01' });
    expect(gone.gating.stale).toEqual([{ ruleId: 'a-b/c-d/one', reason: 'the emulator accepts -1', fingerprint: A.fingerprint }]);
  });

  it('a rule-wide entry beside a fingerprint entry of the same rule is a config error', () => {
    const file = `known-failures:\n  - rule: a-b/c-d/one\n    reason: all of it\n  - rule: a-b/c-d/one\n    fingerprint: ${A.fingerprint}\n    reason: this one\n`;
    expect(() => loadKnownFailures(file, 'kf.yaml', IDS)).toThrow(/kf.yaml:4:11 \/known-failures\/1\/rule: "a-b\/c-d\/one" fingerprint [0-9a-f]{12} is listed twice \(first at \/known-failures\/0\)/);
  });
});
