/**
 * The spec language's media-type match modes and request-bound templates, as the loader reads
 * them: what loads, and each mistake located by line, column and pointer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ruleCases } from '../../generators/ruleCases.js';
import { loadSpecText } from '../../specs/loader.js';
import { specProblems } from './_problems.js';

const MINIMAL = readFileSync(join(import.meta.dirname, '../fixtures/specs/valid/minimal.yaml'), 'utf8');
const FIELD_FORMAT = 'format: { named: non-empty }';

/** The minimal spec with its response field's format replaced (line 60, the format at column 17). */
const withFieldFormat = (format: string): string => MINIMAL.replace(FIELD_FORMAT, `format: ${format}`);
const withContentType = (mediaType: string): string => MINIMAL.replace('value: { value: application/x-www-form-urlencoded, mediaType: true }', `value: { value: "application/x-www-form-urlencoded;charset=utf-8", mediaType: ${mediaType} }`);

describe('value formats: media-type match modes', () => {
  it('loads each mode, and carries it to the check', () => {
    for (const match of ['exact', 'listed', 'charset-optional']) {
      const set = loadSpecText(withFieldFormat(`{ mediaType: "text/plain; charset=utf-8", match: ${match} }`), 'spec.yaml');
      const rule = set.rules.find((r) => r.slug === 'response-message-id')!;
      expect(rule.expect.outcome === 'accept' && rule.expect.checks[1]).toEqual({ name: 'response-field', args: { path: 'PutMessageResponse/MessageId', format: { mediaType: 'text/plain; charset=utf-8', match }, presence: 'always' } });
    }
  });

  it('refuses an unknown mode, a mode without a media type, and a media type beside another kind', () => {
    expect(specProblems(withFieldFormat('{ mediaType: text/plain, match: loose }'))).toEqual([
      'spec.yaml:60:49 /responses/body/fields/0/format/match: must be one of "exact", "listed", "charset-optional", got "loose"',
    ]);
    expect(specProblems(withFieldFormat('{ match: listed }'))).toEqual(['spec.yaml:60:17 /responses/body/fields/0/format: must have property mediaType when property match is present']);
    expect(specProblems(withFieldFormat('{ mediaType: text/plain, pattern: x }'))).toEqual([
      'spec.yaml:60:17 /responses/body/fields/0/format: must NOT have more than 1 properties',
      'spec.yaml:60:17 /responses/body/fields/0/format: must be one of "mediaType", "match", got "pattern"',
      'spec.yaml:60:17 /responses/body/fields/0/format: property name must be valid',
    ]);
  });

  it('a field value takes a mode too: charset-optional sends the value without charset under both readings', () => {
    const set = loadSpecText(withContentType('charset-optional'), 'spec.yaml');
    const rule = set.rules.find((r) => r.slug === 'content-type-value')!;
    const cases = ruleCases(rule, set.operation, { entity: 'standard-queue', entityValue: 'http://h/q', deviceHandles: {} }).fixed;
    const bare = cases.filter((c) => c.label.includes('charset omitted'));
    expect(bare.map((c) => [c.expect, c.label, c.readings])).toEqual([
      ['either', 'Content-Type = "application/x-www-form-urlencoded" (charset omitted: either reading)', { accept: ['charset-optional'], reject: ['charset-required'] }],
    ]);
    // Under exact the value without its charset is a plain violation.
    const exact = loadSpecText(withContentType('exact'), 'spec.yaml');
    const exactRule = exact.rules.find((r) => r.slug === 'content-type-value')!;
    const labels = ruleCases(exactRule, exact.operation, { entity: 'standard-queue', entityValue: 'http://h/q', deviceHandles: {} }).fixed.map((c) => `${c.expect} ${c.label}`);
    expect(labels).toContain('reject Content-Type = "application/x-www-form-urlencoded" (not documented)');
    expect(labels.filter((l) => l.includes('charset omitted'))).toEqual([]);
  });

  it('refuses a field value mode that is not one', () => {
    expect(specProblems(withContentType('loose'))).toEqual([
      'spec.yaml:28:83 /headers/0/value/mediaType: must be one of "exact", "listed", "charset-optional", got "loose"',
    ]);
  });
});

describe('value formats: templates bound to the request', () => {
  it('loads a template whose placeholders are bound to a URL placeholder and to the request host', () => {
    const set = loadSpecText(withFieldFormat('{ template: "https://{ns}.example.com/{q}", bind: { q: { from: placeholder, name: queue }, ns: { from: request-host } } }'), 'spec.yaml');
    expect(set.rules.find((r) => r.slug === 'response-message-id')!.requirement).toBe(
      "PutMessageResponse/MessageId is present and is a value of the form https://{ns}.example.com/{q}, {q} being the request's {queue}, {ns} the request's host where it is of this form.",
    );
  });

  it('refuses a binding of a name the template lacks, of a URL placeholder the operation lacks, and of the path to the host', () => {
    expect(specProblems(withFieldFormat('{ template: "https://{ns}.example.com/{q}", bind: { other: { from: request-host } } }'))).toEqual([
      'spec.yaml:60:76 /responses/body/fields/0/format/bind/other: check "response-field": "other" is not a placeholder of the template https://{ns}.example.com/{q}',
    ]);
    expect(specProblems(withFieldFormat('{ template: "https://{ns}.example.com/{q}", bind: { q: { from: placeholder, name: topic } } }'))).toEqual([
      'spec.yaml:60:99 /responses/body/fields/0/format/bind/q/name: check "response-field": "topic" is not a URL placeholder of the operation ("queue")',
    ]);
    expect(specProblems(withFieldFormat('{ template: "https://{ns}.example.com/{q}", bind: { q: { from: request-host } } }'))).toEqual([
      'spec.yaml:60:80 /responses/body/fields/0/format/bind/q/from: check "response-field": "q" is not in the template\'s host, so the request host cannot give it',
    ]);
  });

  it('refuses a placeholder binding without a name, an unknown source, and bind without a template', () => {
    expect(specProblems(withFieldFormat('{ template: "https://x/{q}", bind: { q: { from: placeholder } } }'))).toEqual([
      'spec.yaml:60:57 /responses/body/fields/0/format/bind/q: missing required key "name"',
    ]);
    expect(specProblems(withFieldFormat('{ template: "https://x/{q}", bind: { q: { from: body } } }'))).toEqual([
      'spec.yaml:60:65 /responses/body/fields/0/format/bind/q/from: must be one of "placeholder", "request-host", got "body"',
    ]);
    expect(specProblems(withFieldFormat('{ named: uri, bind: { q: { from: request-host } } }'))).toEqual([
      'spec.yaml:60:17 /responses/body/fields/0/format: must NOT have more than 1 properties',
      'spec.yaml:60:17 /responses/body/fields/0/format: must have property template when property bind is present',
    ]);
  });

  it('lets only atom-link take a template and only xml-content echo', () => {
    expect(specProblems(withFieldFormat('{ named: uri, template: "https://x/{q}" }'))).toEqual([
      'spec.yaml:60:26 /responses/body/fields/0/format/named: must be "atom-link", got "uri"',
    ]);
    expect(specProblems(withFieldFormat('{ named: uri, echoes: a/b }'))).toEqual([
      'spec.yaml:60:26 /responses/body/fields/0/format/named: must be "xml-content", got "uri"',
    ]);
  });
});
