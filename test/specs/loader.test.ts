import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SpecLoadError, formatProblem } from '../../specs/errors.js';
import { findSpecFiles, loadAllSpecs, loadSpecFile, loadSpecText } from '../../specs/loader.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/specs');

function problemsOf(name: string): string[] {
  try {
    loadSpecFile(join(FIXTURES, 'broken', `${name}.yaml`), FIXTURES);
  } catch (err) {
    expect(err).toBeInstanceOf(SpecLoadError);
    return (err as SpecLoadError).problems.map(formatProblem);
  }
  throw new Error(`broken/${name}.yaml loaded without an error`);
}

/** Each fixture is the valid minimal spec with one mistake; each message is pinned exactly. */
const BROKEN: Record<string, string> = {
  'wrong-type': 'broken/wrong-type.yaml:40:27 /parameters/1/range/max: must be integer, got string "nine"',
  'unknown-key': 'broken/unknown-key.yaml:40:5 /parameters/1/maxLength: unknown key "maxLength"',
  'duplicate-rule-id':
    'broken/duplicate-rule-id.yaml:72:11 /rules/1/slug: duplicate rule id "example-queue/put-message/auth-missing" (first declared at /rules/0)',
  'duplicate-derived-id':
    'broken/duplicate-derived-id.yaml:72:11 /rules/1/slug: duplicate rule id "example-queue/put-message/body-required" (first declared at /parameters/0/required)',
  'bad-range': 'broken/bad-range.yaml:40:19 /parameters/1/range/min: range min 9 is greater than max 1',
  'reversed-code-point-range':
    'broken/reversed-code-point-range.yaml:35:25 /parameters/0/charset/ranges/0: "#x7E-#x20" is reversed: #x7E is after #x20',
  'code-point-past-end':
    'broken/code-point-past-end.yaml:35:25 /parameters/0/charset/ranges/0: "#x20-#x110000" goes past the last code point #x10FFFF',
  'code-point-syntax':
    'broken/code-point-syntax.yaml:35:25 /parameters/0/charset/ranges/0: "0x20-0x7E" does not match ^#x[0-9A-Fa-f]{1,6}(-#x[0-9A-Fa-f]{1,6})?$',
  'missing-source': 'broken/missing-source.yaml:36:5 /parameters/1: missing required key "source"',
  'unknown-check': 'broken/unknown-check.yaml:71:49 /rules/0/expect/checks/0: unknown check "md5-of-everything"',
  'undeclared-target-option': 'broken/undeclared-target-option.yaml:71:17 /rules/0/requires/tier: the rule requires target option "tier", which /transport/targetOptions does not declare',
  'invalid-regex': 'broken/invalid-regex.yaml:41:23 /parameters/1/pattern/regex: not a valid regular expression: "[a-"',
  'undeclared-placeholder':
    'broken/undeclared-placeholder.yaml:14:8 /transport/url: placeholder {partition} is not declared in /transport/placeholders',
  'yaml-duplicate-key': 'broken/yaml-duplicate-key.yaml:8:3 /: YAML: duplicate key (YAML maps must have unique keys)',
  'yaml-syntax': 'broken/yaml-syntax.yaml:45:5 /: YAML: Flow map in block collection must be sufficiently indented and end with a }',
  'bad-level': 'broken/bad-level.yaml:73:12 /rules/1/level: must be one of "MUST", "SHOULD", "MAY", got "MUST NOT"',
  'bad-spec-id': 'broken/bad-spec-id.yaml:2:5 /id: "Example Queue" does not match ^[a-z0-9]+(-[a-z0-9]+)*/[a-z0-9]+(-[a-z0-9]+)*$',
  'uncovered-status':
    'broken/uncovered-status.yaml:52:17 /responses/statuses/3/status: status 409 is documented but no rule expects it or covers "status:409"',
  'untestable-without-reason': 'broken/untestable-without-reason.yaml:77:15 /rules/1/stimulus: stimulus "none" needs an "untestable" reason',
  'required-wrong-type': 'broken/required-wrong-type.yaml:39:15 /parameters/1/required: must be boolean or object, got string "no"',
  'missing-defaults': 'broken/missing-defaults.yaml:2:1 /: missing required key "defaults"',
  'unknown-vary':
    'broken/unknown-vary.yaml:77:33 /rules/1/stimulus/valid/vary/0: variation "body" takes xml, json, text, got "huge"',
  // Check arguments, validated against the schema each check declares (src/checks/catalog.ts).
  'check-arg-enum':
    'broken/check-arg-enum.yaml:81:89 /rules/1/expect/checks/0/args/presence: check "response-field": must be one of "always", "optional", "with-attributes", "without-attributes", "absent", got "absnet"',
  'check-arg-unknown-key': 'broken/check-arg-unknown-key.yaml:81:96 /rules/1/expect/checks/0/args/namepsace: check "response-body": unknown key "namepsace"',
  'check-arg-missing': 'broken/check-arg-missing.yaml:81:42 /rules/1/expect/checks/0/args: check "response-header": missing required key "format"',
  'check-arg-wrong-type': 'broken/check-arg-wrong-type.yaml:81:50 /rules/1/expect/checks/0/args/status: check "response-body": must be array, got number 200',
  'check-arg-bare-name': 'broken/check-arg-bare-name.yaml:81:11 /rules/1/expect/checks/0: check "response-body": missing required key "format"',
  'check-arg-no-args': 'broken/check-arg-no-args.yaml:71:77 /rules/0/expect/checks/0/args/root: check "error-body": unknown key "root"',
  'check-arg-in-alternative':
    'broken/check-arg-in-alternative.yaml:68:78 /responses/body/rule/ambiguity/alternatives/1/expect/checks/0/args/format: check "response-body": must be one of "xml", "json", "none", got "empty"',
  // Arguments the compiler builds from `responses:`, located where they were written.
  'response-header-element-format':
    'broken/response-header-element-format.yaml:54:61 /responses/headers/0/format/named: check "response-header": must be one of "md5-hex", "non-empty", "decimal-uint128", "uri", "datetime", got "atom-link"',
  'response-field-media-type': 'broken/response-field-media-type.yaml:60:30 /responses/body/fields/0/format/mediaType: check "response-field": "text" is not a valid media-type',
};

describe('broken spec files fail at load with file, line, column, pointer and message', () => {
  for (const [name, message] of Object.entries(BROKEN)) {
    it(name, () => {
      expect(problemsOf(name)).toEqual([message]);
    });
  }
});

describe('loader', () => {
  it('loads the minimal valid spec into rules with stable ids', () => {
    const set = loadSpecFile(join(FIXTURES, 'valid/minimal.yaml'), FIXTURES);
    expect(set.specId).toBe('example-queue/put-message');
    expect(set.file).toBe('valid/minimal.yaml');
    expect(set.rules.map((r) => r.slug)).toEqual([
      'content-type-value',
      'body-required',
      'body-size',
      'body-charset',
      'priority-optional',
      'priority-type',
      'priority-range',
      'response-body',
      'response-message-id',
      'auth-missing',
      'retry-policy',
    ]);
  });

  it('derives a constraint rule with its expectation, stimulus, source and coverage', () => {
    const set = loadSpecFile(join(FIXTURES, 'valid/minimal.yaml'), FIXTURES);
    const size = set.rules.find((r) => r.slug === 'body-size')!;
    expect(size).toMatchObject({
      id: 'example-queue/put-message/body-size',
      level: 'MUST',
      testable: true,
      source: { seed: 'example.txt', section: 'Parameters', item: 'Body', quote: 'At most 1 KB of printable ASCII.' },
      stimulus: { kind: 'constraint', subject: { kind: 'parameter', name: 'Body' }, constraint: 'length', detail: { unit: 'bytes', max: 1024 } },
      expect: { outcome: 'reject', outcomes: [{ status: [400], code: 'InvalidParameterValue' }], acceptStatus: [200] },
    });
    expect(size.covers).toEqual(['param:Body', 'limit:Body.max-bytes=1024', 'status:400', 'error:400 InvalidParameterValue']);
    const charset = set.rules.find((r) => r.slug === 'body-charset')!;
    expect(charset.stimulus).toMatchObject({ detail: { ranges: [[0x20, 0x7e]] } });
    const retry = set.rules.find((r) => r.slug === 'retry-policy')!;
    expect(retry).toMatchObject({ testable: false, untestableReason: expect.stringContaining('not observable'), expect: { outcome: 'none' } });
  });

  it('reports every problem of a file at once, in order', () => {
    const text = [
      'id: a/b',
      'title: t',
      'seed: s',
      'bogus: 1',
      'defaults: { accept: [200], reject: { status: 400 }, missing: { status: "400" } }',
    ].join('\n');
    try {
      loadSpecText(text, 'inline.yaml');
      expect.unreachable();
    } catch (err) {
      expect((err as SpecLoadError).problems.map(formatProblem)).toEqual([
        'inline.yaml:1:1 /: missing required key "transport"',
        'inline.yaml:1:1 /: missing required key "auth"',
        'inline.yaml:1:1 /: missing required key "responses"',
        'inline.yaml:4:1 /bogus: unknown key "bogus"',
        'inline.yaml:5:72 /defaults/missing/status: must be integer or array, got string "400"',
      ]);
    }
  });

  it('collects problems across files and exits with all of them', () => {
    expect(() => loadAllSpecs(join(FIXTURES, 'broken'), FIXTURES)).toThrow(SpecLoadError);
    try {
      loadAllSpecs(join(FIXTURES, 'broken'), FIXTURES);
    } catch (err) {
      expect((err as SpecLoadError).problems.length).toBe(Object.keys(BROKEN).length);
    }
  });

  it('names an unreadable file', () => {
    expect(() => loadSpecFile(join(FIXTURES, 'no-such.yaml'), FIXTURES)).toThrow(/no-such\.yaml:1:1 \/: cannot read/);
  });
});

describe('spec folders', () => {
  it('leave out target configs, node_modules and hidden folders beside the specs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ruleprobe-specs-'));
    copyFileSync(join(FIXTURES, 'valid/minimal.yaml'), join(dir, 'minimal.yaml'));
    writeFileSync(join(dir, 'target.yaml'), 'specs:\n  example-queue/put-message:\n    baseUrl: http://127.0.0.1:1\n');
    mkdirSync(join(dir, 'node_modules', 'x'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', 'x', 'broken.yaml'), 'not: a spec\n');
    mkdirSync(join(dir, '.cache'));
    writeFileSync(join(dir, '.cache', 'broken.yaml'), 'not: a spec\n');
    expect(findSpecFiles(dir).map((f) => f.slice(dir.length + 1))).toEqual(['minimal.yaml']);
    expect(loadAllSpecs(dir).map((s) => s.specId)).toEqual(['example-queue/put-message']);
  });
});

describe('one model of each field', () => {
  it('a numbered sub-field inherits its group\'s rejection in the operation model exactly as in its rules', () => {
    const text = readFileSync(join(FIXTURES, 'valid/minimal.yaml'), 'utf8').replace(
      '    range: { min: 1, max: 9 }\n',
      [
        '    range: { min: 1, max: 9 }',
        '  - name: Tag',
        '    source: { section: Parameters, item: Tag }',
        '    required: false',
        '    reject: { status: 400, code: InvalidTag }',
        '    numbered:',
        '      maxItems: 2',
        '      fields:',
        '        - name: Value',
        '          source: { section: Parameters, item: Tag.N.Value }',
        '          length: { max: 8, unit: characters }',
        '',
      ].join('\n'),
    );
    const set = loadSpecText(text, 'tags.yaml');
    const sub = set.operation.parameters.find((p) => p.name === 'Tag')!.numbered!.fields[0]!;
    const rule = set.rules.find((r) => r.slug === 'tag-value-length')!;
    expect(rule.expect.outcome === 'reject' && rule.expect.outcomes).toEqual([{ status: [400], code: 'InvalidTag' }]);
    expect(sub.reject).toEqual([{ status: [400], code: 'InvalidTag' }]);
    expect([sub.name, sub.display, sub.slug, sub.level]).toEqual(['Tag.{N}.Value', 'Tag.N.Value', 'tag-value', rule.level]);
  });
});
