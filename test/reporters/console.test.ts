import { describe, expect, it } from 'vitest';
import { console as consoleWriter } from '../../reporters/console.js';
import { fingerprintOf, summarize, summaryLine } from '../../src/runner/verdict.js';
import { gated, hostile, mixed } from './_fixtures.js';

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ANSI = /\x1b\[[0-9;]*m/g;
const plain = (r = mixed()): string => consoleWriter.render(r, { color: false });

describe('console reporter', () => {
  it('quotes the target config path in the rerun line, so a path with $( ) or backticks runs nothing when pasted', () => {
    const report = mixed();
    report.target = 'target config x$(touch P)`touch Q`.yaml';
    const rerun = plain(report).split('\n').find((l) => l.startsWith('    ruleprobe run --rule'))!;
    expect(rerun).toBe("    ruleprobe run --rule yandex-message-queue/send-message/action-value --seed 7 --runs 3 --target 'x$(touch P)`touch Q`.yaml'");
  });

  it('renders the mixed report (snapshot)', async () => {
    await expect(plain()).toMatchFileSnapshot('./__snapshots__/console.txt');
  });

  it('renders gating: known failures, stale and expired entries, the baseline (snapshot)', async () => {
    await expect(plain(gated())).toMatchFileSnapshot('./__snapshots__/console-gated.txt');
  });

  it('ends with the summary line exactly as summaryLine prints it', () => {
    const report = mixed();
    const lines = plain(report).trimEnd().split('\n');
    expect(lines.at(-1)).toBe(summaryLine(summarize(report.records)));
    expect(lines.at(-1)).toBe('2 passed, 2 failed, 1 skipped (1 warned, 1 errors, 2 untestable)');
  });

  it('groups rules by spec in the order of the report, one row each with level, verdict, cases and time', () => {
    const out = plain();
    const ymq = out.indexOf('yandex-message-queue/send-message (Yandex Message Queue — SendMessage)');
    const nh = out.indexOf('azure-notification-hubs/direct-send (Azure Notification Hubs — Direct send)');
    expect(ymq).toBeGreaterThanOrEqual(0);
    // The report's specs list the yandex spec first, though the azure rules ran (and are recorded) first.
    expect(nh).toBeGreaterThan(ymq);
    expect(out).toMatch(/^ {2}yandex-message-queue\/send-message\/delay-seconds-range +MUST +FAIL +4 +12ms$/m);
    expect(out).toMatch(/^ {2}yandex-message-queue\/send-message\/message-group-id-length +MUST +SKIP +0 +12ms$/m);
    expect(out).toMatch(/^ {2}azure-notification-hubs\/direct-send\/direct-flag +SHOULD +WARN +3 +12ms$/m);

    // One header per spec even when the records interleave the specs; a spec with no rules is left out.
    const report = mixed();
    const nhRecords = report.records.filter((r) => r.specId === 'azure-notification-hubs/direct-send');
    const ymqRecords = report.records.filter((r) => r.specId === 'yandex-message-queue/send-message');
    expect([nhRecords.length, ymqRecords.length]).toEqual([4, 5]);
    report.records = ymqRecords.flatMap((r, i) => [r, ...(nhRecords[i] ? [nhRecords[i]] : [])]);
    expect(report.records.map((r) => r.specId.split('/')[0])).toEqual([
      'yandex-message-queue',
      'azure-notification-hubs',
      'yandex-message-queue',
      'azure-notification-hubs',
      'yandex-message-queue',
      'azure-notification-hubs',
      'yandex-message-queue',
      'azure-notification-hubs',
      'yandex-message-queue',
    ]);
    report.specs.push({ id: 'azure-service-bus/send-message', title: 'Azure Service Bus — Send Message', seed: '000_a86207686787fef9.txt' });
    const regrouped = plain(report);
    expect(regrouped.split('yandex-message-queue/send-message (').length).toBe(2);
    expect(regrouped.split('azure-notification-hubs/direct-send (').length).toBe(2);
    expect(regrouped).not.toContain('azure-service-bus');
    // Each spec keeps its rules in run order, so nothing else changes.
    expect(regrouped).toBe(out);
  });

  it('prints every FAIL, WARN and ERROR in the one failure layout, in order', () => {
    const out = plain();
    const block = out.slice(out.indexOf('ERROR yandex-message-queue/send-message/action-value'));
    const lines = block.split('\n').slice(0, 22);
    expect(lines).toEqual([
      'ERROR yandex-message-queue/send-message/action-value — Action: "SendMessage", and a different value',
      '  Requirement: Action=SendMessage is accepted; an unknown Action is rejected with 400 InvalidAction.',
      '  Source: 002_a1876caddbc80856.txt › Sample request › Action=SendMessage [PROTOCOL-FACTS §2.2 (YC-IDX): Action and Version are mandatory]',
      '  Error: target did not answer: connection refused (connect ECONNREFUSED 127.0.0.1:40000)',
      '  Fix: Nothing in the target yet: ERROR means the harness could not decide; clear the cause above and run the rule again.',
      '  Reproduce with:',
      // The embedded reference ran without a mutant, so the rerun names none.
      '    ruleprobe run --rule yandex-message-queue/send-message/action-value --seed 7 --runs 3',
      '',
      'FAIL yandex-message-queue/send-message/delay-seconds-range — DelaySeconds = -1, 0, 900, 901 and values between',
      '  Requirement: A DelaySeconds from 0 to 900 is accepted; -1 and 901 are rejected with 400 InvalidParameterValue.',
      '  Source: 002_a1876caddbc80856.txt › Request parameters › DelaySeconds ("Valid values: from 0 to 900.")',
      '  Check: status — a request the document forbids was accepted',
      '  Expected: 400 InvalidParameterValue',
      '  Actual:   status 200',
      '  Case: DelaySeconds = 901 (max + 1) (boundary)',
      `  Fingerprint: ${fingerprintOf('yandex-message-queue/send-message/delay-seconds-range', { check: 'status', expected: '400 InvalidParameterValue', actual: 'status 200', caseLabel: 'DelaySeconds = 901 (max + 1)', origin: 'boundary' })}`,
      '  Fix: Reject this request with 400 InvalidParameterValue: A DelaySeconds from 0 to 900 is accepted; -1 and 901 are rejected with 400 InvalidParameterValue.',
      '  Reproduce with:',
      expect.stringMatching(/^ {4}curl -i http:\/\/127\.0\.0\.1:40000\/ -H 'Host: 127\.0\.0\.1:40000' .* -H "Authorization: \$RULEPROBE_AUTHORIZATION" --data-binary \$'Action=SendMessage&.*DelaySeconds=901'$/),
      '    ruleprobe replay REPORT.json --rule yandex-message-queue/send-message/delay-seconds-range',
      '',
      expect.stringMatching(/^FAIL azure-notification-hubs\/direct-send\/auth-expired — /),
    ]);
    expect(out).toContain(
      [
        'WARN azure-notification-hubs/direct-send/direct-flag — Send the direct flag bare (?direct) and with a value (?direct=true)',
        '  Requirement: A direct send is accepted with 201 whether its query carries the flag bare, as the seed writes it, or as direct=true, as the JavaScript SDK sends it. (Every other rule sends the bare form, so a target that rejects it fails those rules at MUST level as well.)',
        '  Source: 004_887e6bdbb35ec573.txt › Request › Request URI ("/messages/?direct&api-version=2015-04") [PROTOCOL-FACTS §3.2 (NH-JS): the SDK sends ?direct=true]',
        '  Ambiguity: The seed writes a bare flag with no value; the current JavaScript SDK sends direct=true. Both forms are plausible spellings of the same flag; a profile may narrow the requests to one. [PROTOCOL-FACTS §3.4 item 6]',
        '  Check: status — a request the document allows was answered 400',
        '  Expected: status 201',
        '  Actual:   status 400',
        '  Case: valid, direct=true (boundary)',
      ].join('\n'),
    );
    // The MPNS ambiguity belongs to format-windows-phone, which passed: a PASS shows no details.
    expect(out).not.toContain('  Ambiguity: The seed spells the MPNS format "windows phone" with a space;');
    expect(out).toContain('  Source: 004_887e6bdbb35ec573.txt › Response Codes › 401 ("Authorization failure.") [PROTOCOL-FACTS §4: se is the expiry in Unix seconds (UTC)]');
    // PASS, SKIP and UNTESTABLE get a row and nothing more.
    expect(out).not.toMatch(/^(PASS|SKIP|UNTESTABLE) /m);
    expect(out.match(/^(FAIL|WARN|ERROR) /gm)).toEqual(['ERROR ', 'FAIL ', 'FAIL ', 'WARN ']);
  });

  it('points the rerun of an ERROR at the same mutant of the embedded reference', () => {
    const report = mixed();
    report.target = `${report.target} (mutant yandex-message-queue/send-message/delay-seconds-range)`;
    expect(plain(report)).toContain(
      '\n    ruleprobe run --rule yandex-message-queue/send-message/action-value --seed 7 --runs 3 --mutant yandex-message-queue/send-message/delay-seconds-range\n',
    );
  });

  it('shows the seed and shrink path of a random case, and each failure\'s gate', () => {
    const out = plain(gated());
    expect(out).toContain('  Case: random valid request #3 (random, seed 7, path "0:1")');
    expect(out).toContain('  Gate: expected failure, does not fail the run: the staging hub accepts expired tokens until its clock fix ships (expires 2026-06-30, https://tracker.invalid/RP-12)');
    expect(out).toContain('  Gate: still failing, as in the baseline baseline.json; only new failures fail the run');
    expect(out).toContain('  Gate: fails the run (--fail-on must)');
    expect(out).toContain('    fixed:         azure-notification-hubs/direct-send/format-windows-phone');
    expect(out).toContain('  Failing the run: yandex-message-queue/send-message/delay-seconds-range');
    expect(out).toContain('\nembedded reference at http://127.0.0.1:40000 (records assembled from runs against the delay-seconds-range, auth-expired and direct-flag mutants), seed 7, 3 runs, shard 1/3, 2.0s\n');
    expect(out.trimEnd().split('\n').at(-1)).toBe('2 passed, 2 failed, 1 skipped (1 warned, 1 errors, 2 untestable)');
  });

  it('adds ANSI colour only when asked, and nothing else', () => {
    for (const report of [mixed(), gated()]) {
      const colored = consoleWriter.render(report, { color: true });
      const uncolored = consoleWriter.render(report, { color: false });
      expect(uncolored).not.toContain('\x1b');
      expect(colored).toMatch(ANSI);
      expect(colored).toContain('\x1b[31mFAIL');
      expect(colored.replace(ANSI, '')).toBe(uncolored);
    }
  });

  it('never writes a control character from the report to the terminal', () => {
    const out = plain(hostile());
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    expect(out).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    expect(out).toContain('  Actual:   status 200, body "ok\\x00\\x1b[31m"');
  });
  it('prints each distinct failure of a rule numbered, each with its curl line, and the count of the unlisted ones', () => {
    const out = consoleWriter.render(gated(), { color: false });
    const block = out.slice(out.indexOf('FAIL yandex-message-queue/send-message/delay-seconds-range'), out.indexOf('FAIL azure-notification-hubs/direct-send/auth-expired'));
    expect(block).toContain('  Failures: 2 distinct failures listed; 3 more distinct failures not listed (the JSON report has their fingerprints)\n  Failure 1 of 2:\n    Check: status');
    expect(block).toContain('  Failure 2 of 2:\n    Check: error-code — a request the document forbids was rejected in an undocumented way\n    Expected: 400 InvalidParameterValue\n    Actual:   status 400 InvalidAction\n    Case: DelaySeconds = -1 (min − 1) (boundary)\n');
    expect(block.match(/^ {6}curl -i .*DelaySeconds=(-1|901)'$/gm)!.map((l) => /DelaySeconds=(-?\d+)'$/.exec(l)![1])).toEqual(['901', '-1']);
    expect(block).toContain('  Replay every failing case:\n    ruleprobe replay REPORT.json --rule yandex-message-queue/send-message/delay-seconds-range');
    expect(out).toContain('  Failures under rules failing in the baseline: 1 new, 1 fixed, 1 still failing\n    new:           azure-notification-hubs/direct-send/direct-flag fedcba987654 (direct = "TRUE")');
  });
});
