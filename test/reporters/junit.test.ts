import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { junit } from '../../reporters/junit.js';
import type { Report } from '../../src/report/model.js';
import { gated, HOSTILE_BODY, hostile, mixed } from './_fixtures.js';

type Attrs = Record<string, string>;
interface Case {
  classname: string;
  name: string;
  time: string;
  failure?: Attrs & { '#text': string };
  error?: Attrs & { '#text': string };
  skipped?: Attrs;
  'system-out'?: string;
}
interface Suite {
  name: string;
  tests: string;
  failures: string;
  errors: string;
  skipped: string;
  time: string;
  testcase: Case[];
  properties: { property: Attrs[] };
}

function parse(report: Report): { root: Attrs; suites: Suite[] } {
  const xml = junit.render(report, { color: false });
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: false,
    htmlEntities: true,
    isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
  });
  const doc = parser.parse(xml) as { testsuites: Attrs & { testsuite: Suite[] } };
  const { testsuite, ...root } = doc.testsuites;
  return { root, suites: testsuite };
}

const counts = (s: Attrs | Suite): Attrs => ({ name: s.name!, tests: s.tests!, failures: s.failures!, errors: s.errors!, skipped: s.skipped! });
const byName = (s: Suite, slug: string): Case => s.testcase.find((c) => c.name.endsWith(`/${slug}`))!;

describe('junit reporter', () => {
  it('renders the mixed report (snapshot)', async () => {
    await expect(junit.render(mixed(), { color: false })).toMatchFileSnapshot('./__snapshots__/junit.xml');
    await expect(junit.render(gated(), { color: false })).toMatchFileSnapshot('./__snapshots__/junit-gated.xml');
  });

  it('has one testsuite per spec with exact counts, and one testcase per rule', () => {
    const { root, suites } = parse(mixed());
    expect(counts(root)).toEqual({ name: 'ruleprobe', tests: '9', failures: '2', errors: '1', skipped: '3' });
    expect(root.time).toBe('2.000');
    // In the order of the report's specs, though the azure rules ran first.
    expect(suites.map(counts)).toEqual([
      { name: 'yandex-message-queue/send-message', tests: '5', failures: '1', errors: '1', skipped: '2' },
      { name: 'azure-notification-hubs/direct-send', tests: '4', failures: '1', errors: '0', skipped: '1' },
    ]);
    expect(suites.map((s) => s.time)).toEqual(['0.060', '0.048']);
    for (const s of suites) {
      for (const c of s.testcase) {
        expect(c.classname).toBe(s.name);
        expect(c.name.startsWith(`${s.name}/`)).toBe(true);
        expect(c.time).toBe('0.012');
      }
    }
    expect(suites[0]!.testcase.map((c) => c.name)).toEqual(
      mixed()
        .records.filter((r) => r.specId === 'yandex-message-queue/send-message')
        .map((r) => r.ruleId),
    );
    expect(suites[1]!.testcase.map((c) => c.name)).toEqual(
      mixed()
        .records.filter((r) => r.specId === 'azure-notification-hubs/direct-send')
        .map((r) => r.ruleId),
    );
    expect(Object.fromEntries(suites[0]!.properties.property.map((p) => [p.name, p.value]))).toMatchObject({ seed: '7', runs: '3', ruleprobe: '0.1.0' });
  });

  it('FAIL is a failure with expected, actual, fix and curl; ERROR an error; SKIP and UNTESTABLE skipped; WARN passes with its warning in system-out', () => {
    const [ymq, nh] = parse(mixed()).suites;
    const fail = byName(ymq!, 'delay-seconds-range');
    expect(fail.failure!.type).toBe('FAIL');
    expect(fail.failure!.message).toBe('a request the document forbids was accepted: expected 400 InvalidParameterValue, got status 200 (MUST)');
    const text = fail.failure!['#text'];
    expect(text).toContain('  Expected: 400 InvalidParameterValue\n  Actual:   status 200\n');
    expect(text).toContain('  Fix: Reject this request with 400 InvalidParameterValue');
    expect(text).toMatch(/ {4}curl -i http:\/\/127\.0\.0\.1:40000\/ .*--data-binary \$'Action=SendMessage&/);
    expect(text).toContain('  Response: 200, 306 bytes\n    content-type: text/xml\n');
    expect(text).toContain('<SendMessageResponse>');
    expect(fail.error).toBeUndefined();
    expect(fail.skipped).toBeUndefined();

    const error = byName(ymq!, 'action-value');
    expect(error.error!.type).toBe('ERROR');
    expect(error.error!.message).toBe('target did not answer: connection refused (connect ECONNREFUSED 127.0.0.1:40000)');
    expect(error.failure).toBeUndefined();

    expect(byName(ymq!, 'message-group-id-length').skipped).toEqual({ message: 'needs a fifo-queue in the target config (entities.fifo-queue)', type: 'SKIP' });
    expect(byName(nh!, 'quota-exceeded').skipped!.type).toBe('UNTESTABLE');
    expect(byName(ymq!, 'delay-seconds-default').skipped!.type).toBe('UNTESTABLE');

    const warn = byName(nh!, 'direct-flag');
    expect(warn.failure).toBeUndefined();
    expect(warn.skipped).toBeUndefined();
    expect(warn['system-out']).toMatch(/^WARN azure-notification-hubs\/direct-send\/direct-flag — Send the direct flag bare \(\?direct\) and with a value \(\?direct=true\)\n/);
    expect(warn['system-out']).toContain('  Case: valid, direct=true (boundary)\n');
    expect(warn['system-out']).toContain('  Response: 400, 95 bytes\n');

    for (const pass of [byName(ymq!, 'md5-of-message-body'), byName(nh!, 'format-windows-phone')]) {
      expect(Object.keys(pass).sort()).toEqual(['classname', 'name', 'time']);
    }
  });

  it('under a gate: an excused failure is skipped (like an xfail), only what fails the run is red', () => {
    const { root, suites } = parse(gated());
    expect(counts(root)).toEqual({ name: 'ruleprobe', tests: '9', failures: '1', errors: '1', skipped: '5' });
    const [ymq, nh] = suites;
    expect(byName(nh!, 'auth-expired').skipped).toEqual({ type: 'expected', message: 'FAIL expected failure: the staging hub accepts expired tokens until its clock fix ships' });
    expect(byName(nh!, 'auth-expired')['system-out']).toContain('  Expected: 401\n');
    expect(byName(nh!, 'direct-flag').skipped).toEqual({ type: 'still-failing', message: 'WARN still failing, as in the baseline' });
    expect(byName(ymq!, 'delay-seconds-range').failure!.type).toBe('FAIL');
    expect(Object.fromEntries(nh!.properties.property.map((p) => [p.name, p.value])).shard).toBe('1/3');
  });

  it('a WARN the policy counts (--fail-on should) is a failure of type WARN', () => {
    const report = mixed();
    report.records.find((r) => r.verdict === 'WARN')!.gate = 'failing';
    const { root, suites } = parse(report);
    expect(root.failures).toBe('3');
    expect(byName(suites[1]!, 'direct-flag').failure!.type).toBe('WARN');
  });

  it('control characters, markup and lone surrogates from the report cannot break the XML', () => {
    const xml = junit.render(hostile(), { color: false });
    expect(XMLValidator.validate(xml)).toBe(true);
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    expect(xml).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/);
    expect(xml).not.toMatch(/[\ud800-\udfff]/u);
    const { suites } = parse(hostile());
    const fail = byName(suites[0]!, 'delay-seconds-range').failure!;
    expect(fail.message).toBe('a request the document forbids was accepted: expected 400 InvalidParameterValue, got status 200, body "ok\\x00\\x1b[31m" (MUST)');
    // The body is shown as recorded (latin1, as it is not UTF-8), each forbidden byte as \xHH.
    expect(fail['#text']).toContain(`    ok\\x00\\x01\\x08\\x0b\\x0c\\x1b[31m red <b>&amp;</b> "quoted" 'single' ]]> \xff\xfe end`);
    expect(fail['#text']).toContain('  Case: MessageBody = "\\ud800" (lone surrogate) and \\ufffe (boundary)');
    expect(fail['#text']).toContain('FAIL yandex-message-queue/send-message/delay-seconds-range — DelaySeconds <901> & "quotes" | pipes `ticks`');
    expect(byName(suites[0]!, 'message-group-id-length').skipped!.message).toBe('needs <fifo-queue> & "entities"\\x07');
    expect(HOSTILE_BODY).toContain('\x00');
  });

  it('keeps line breaks in attribute values', () => {
    const report = mixed();
    report.records.find((r) => r.verdict === 'SKIP')!.reason = 'line one\nline two\ttabbed';
    expect(byName(parse(report).suites[0]!, 'message-group-id-length').skipped!.message).toBe('line one\nline two\ttabbed');
  });
});
