/**
 * Regenerating a known-failures file from a run (`npm run compat -- --write`) and comparing a run
 * with one, without starting a server: what is kept, what gets a todo, what goes, and the matrix.
 */
import { describe, expect, it } from 'vitest';
import type { Verdict, VerdictRecord } from '../../src/runner/verdict.js';
import { knownText, parseKnown, updateKnown, verdictChanges, type KnownFile } from './known.js';
import { BEGIN, END, matrixSection, renderMatrix, replaceMatrix } from './matrix.js';

const SPEC = 'yandex-message-queue/send-message';

function record(slug: string, verdict: Verdict, actual = 'status 200'): VerdictRecord {
  const base: VerdictRecord = {
    ruleId: `${SPEC}/${slug}`,
    specId: SPEC,
    level: 'MUST',
    title: slug,
    requirement: `the ${slug} requirement`,
    source: { seed: '002_a1876caddbc80856.txt', section: 'Request parameters', quote: 'The maximum size is 256 KB.' },
    verdict,
    cases: 1,
    durationMs: 1,
  };
  if (verdict === 'UNTESTABLE') return { ...base, reason: 'not observable' };
  if (verdict !== 'FAIL' && verdict !== 'WARN') return base;
  return {
    ...base,
    failure: {
      caseLabel: `${slug} case`,
      origin: 'boundary',
      check: 'status',
      message: 'a request the document forbids was accepted',
      expected: '400 InvalidParameterValue',
      actual,
      request: { method: 'POST', url: 'http://127.0.0.1:1/', headers: [], bodyBytes: 0, body: '', bodyTruncated: false },
      response: { status: 200, headers: {}, bodyBytes: 21, body: '<SendMessageResponse\n/>', bodyTruncated: false },
      case: { label: `${slug} case`, origin: 'boundary', request: { headers: [], query: [], body: { kind: 'none' } } } as never,
      fix: 'reject it',
    },
  };
}

const OLD: KnownFile = {
  server: 'sqslite',
  version: '2.1.1',
  spec: SPEC,
  seed: 1,
  runs: 10,
  rules: {
    'message-body-size': { verdict: 'FAIL', document: { section: 'Request parameters', quote: 'The maximum size is 256 KB.' }, evidence: { status: 200, excerpt: 'accepted' }, note: 'by hand' },
    'auth-missing': { verdict: 'FAIL', document: { ref: 'PROTOCOL-FACTS §2.3' }, evidence: { status: 200, excerpt: 'accepted' } },
    'error-response-shape': { verdict: 'WARN', harnessDefect: 'one cause, two rules', evidence: { status: 200, excerpt: 'accepted' } },
  },
};

describe('updateKnown', () => {
  const records = [
    record('message-body-size', 'FAIL'), // still FAIL: kept as written
    record('auth-missing', 'PASS'), // now passes: dropped
    record('error-response-shape', 'ERROR'), // verdict changed: hand-written parts kept, todo added
    record('delay-seconds-range', 'FAIL', 'status 200'), // new
    record('delay-seconds-default', 'UNTESTABLE'), // new, with a reason
  ];
  const { file, changes } = updateKnown(OLD, 'sqslite', '2.1.2', SPEC, 1, 10, records);

  it('keeps an entry whose verdict still holds exactly as it was written', () => {
    expect(file.rules['message-body-size']).toEqual(OLD.rules['message-body-size']);
  });

  it('drops the entry of a rule that now passes, and says so', () => {
    expect(file.rules['auth-missing']).toBeUndefined();
    expect(changes).toContain('auth-missing: FAIL → PASS (entry removed)');
  });

  it('keeps the hand-written parts of a changed verdict and asks for them to be checked', () => {
    const e = file.rules['error-response-shape']!;
    expect(e.verdict).toBe('ERROR');
    expect(e.harnessDefect).toBe('one cause, two rules');
    expect(e.todo).toMatch(/^the verdict changed from WARN to ERROR: check the document item and the evidence/);
    expect(e.draft).toEqual({ source: 'Request parameters · "The maximum size is 256 KB."', requirement: 'the error-response-shape requirement', reason: '' });
  });

  it('gives a new entry a todo and a draft of what the run saw, in run order', () => {
    expect(Object.keys(file.rules)).toEqual(['message-body-size', 'error-response-shape', 'delay-seconds-range', 'delay-seconds-default']);
    expect(file.rules['delay-seconds-range']).toEqual({
      verdict: 'FAIL',
      todo: expect.stringMatching(/^new: write the document item/) as string,
      draft: {
        source: 'Request parameters · "The maximum size is 256 KB."',
        requirement: 'the delay-seconds-range requirement',
        case: 'delay-seconds-range case',
        check: 'status',
        expected: '400 InvalidParameterValue',
        actual: 'status 200',
        message: 'a request the document forbids was accepted',
        response: '200 <SendMessageResponse />',
      },
    });
    expect(file.rules['delay-seconds-default']!.draft!['reason']).toBe('not observable');
    expect(changes).toEqual([
      'version 2.1.1 → 2.1.2',
      'auth-missing: FAIL → PASS (entry removed)',
      'error-response-shape: WARN → ERROR',
      'delay-seconds-range: PASS → FAIL (new entry, todo)',
      'delay-seconds-default: PASS → UNTESTABLE (new entry, todo)',
    ]);
  });

  it('writes a file that loads again, todos and all', () => {
    expect(parseKnown(knownText(file), 'sqslite.yaml')).toEqual(file);
  });
});

describe('verdictChanges', () => {
  it('lists every rule whose verdict differs, an unlisted rule counting as PASS', () => {
    const changes = verdictChanges(OLD, [record('message-body-size', 'FAIL'), record('auth-missing', 'WARN'), record('error-response-shape', 'WARN'), record('delay-seconds-range', 'FAIL', 'status 200 accepted')]);
    expect(changes).toEqual([
      { rule: `${SPEC}/auth-missing`, expected: 'FAIL', actual: 'WARN', message: 'status: a request the document forbids was accepted (case auth-missing case; expected 400 InvalidParameterValue, actual status 200)' },
      { rule: `${SPEC}/delay-seconds-range`, expected: 'PASS', actual: 'FAIL', message: 'status: a request the document forbids was accepted (case delay-seconds-range case; expected 400 InvalidParameterValue, actual status 200 accepted)' },
    ]);
  });

  it('names a listed rule the run does not have', () => {
    expect(verdictChanges(OLD, [record('message-body-size', 'FAIL'), record('auth-missing', 'FAIL')])).toEqual([
      { rule: `${SPEC}/error-response-shape`, expected: 'WARN', actual: 'PASS', message: 'the run has no such rule' },
    ]);
  });
});

describe('renderMatrix', () => {
  const matrix = renderMatrix(SPEC, ['message-body-size', 'auth-missing', 'error-response-shape', 'sample-request'], [{ server: 'sqslite', known: OLD }, { server: 'moto' }]);

  it('gives every rule a verdict per server, marks harness defects, counts, and explains each defect once', () => {
    expect(matrix.split('\n')).toEqual([
      BEGIN,
      '',
      "`yandex-message-queue/send-message`, seed 1, 10 runs. † the harness's fault, not the server's (the entry says why); ? an entry not yet explained.",
      '',
      '| rule | sqslite 2.1.1 | moto (no file) |',
      '|---|---|---|',
      '| `message-body-size` | FAIL | — |',
      '| `auth-missing` | FAIL | — |',
      '| `error-response-shape` | WARN† | — |',
      '| `sample-request` | PASS | — |',
      '| *PASS* | 1 | — |',
      '| *FAIL* | 2 | — |',
      '| *WARN* | 1 | — |',
      '| *ERROR* | 0 | — |',
      '| *SKIP* | 0 | — |',
      '| *UNTESTABLE* | 0 | — |',
      "| *of these, the harness's fault (†)* | 1 | — |",
      '',
      "† The harness's fault, not the server's:",
      '',
      '- `error-response-shape` (sqslite): one cause, two rules',
      '',
      END,
    ]);
  });

  it('replaces the section between the markers and finds it again', () => {
    const readme = `# x\n\n${BEGIN}\nold\n${END}\n\nrest\n`;
    const next = replaceMatrix(readme, matrix);
    expect(matrixSection(next)).toBe(matrix);
    expect(next.endsWith('\n\nrest\n')).toBe(true);
    expect(() => replaceMatrix('# no markers\n', matrix)).toThrow(/no matrix markers/);
  });
});
