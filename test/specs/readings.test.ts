/**
 * The spec language for readings that change what is sent (`send: either-of | each`, an
 * alternative's `value`, `max` and `vary`) and for enums that say whether case matters
 * (`caseSensitive`): what the loader refuses, and the cases each declaration produces.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ruleCases } from '../../generators/ruleCases.js';
import { loadSpecText } from '../../specs/loader.js';
import type { RequestCase } from '../../src/model/request.js';
import { specProblems } from './_problems.js';

const MINIMAL = readFileSync(join(import.meta.dirname, '../fixtures/specs/valid/minimal.yaml'), 'utf8');
const CTX = { entity: 'standard-queue', entityValue: 'https://q.example/1/q', deviceHandles: {} };

/** The minimal spec with `extra` appended to its parameters (the lines after `parameters:`). */
const withParameter = (extra: string): string => MINIMAL.replace('parameters:\n', `parameters:\n${extra}`);

const MODE = (enumLines: string): string => `  - name: Mode
    source: { section: Parameters, item: Mode }
    required: false
    enum:
${enumLines}
`;

function cases(text: string, slug: string): RequestCase[] {
  const set = loadSpecText(text, 'spec.yaml');
  const rule = set.rules.find((r) => r.slug === slug)!;
  return ruleCases(rule, set.operation, CTX).fixed;
}

const mode = (c: RequestCase): string | undefined => {
  if (c.request.body.kind !== 'form') return undefined;
  const v = c.request.body.fields.find((f) => f.name === 'Mode')?.value;
  return typeof v === 'string' ? v : undefined;
};

describe('enums that say whether case matters', () => {
  it('caseSensitive: true — another case is unlisted and rejected', () => {
    const text = withParameter(MODE('      caseSensitive: true\n      values: [fast, slow]'));
    expect(cases(text, 'mode-unlisted').map((c) => [mode(c), c.expect])).toEqual([
      ['fast', 'accept'],
      ['RuleprobeUnlisted', 'reject'],
      ['', 'reject'],
      ['FAST', 'reject'],
    ]);
    expect(cases(text, 'mode-fast').map((c) => [mode(c), c.expect])).toEqual([['fast', 'accept']]);
  });

  it('caseSensitive: false — another case is the listed value and accepted, never sent as unlisted', () => {
    const text = withParameter(MODE('      caseSensitive: false\n      values: [fast, slow]'));
    expect(cases(text, 'mode-fast').map((c) => [mode(c), c.expect, c.label])).toEqual([
      ['fast', 'accept', 'Mode = "fast"'],
      ['FAST', 'accept', 'Mode = "FAST" (case does not matter)'],
    ]);
    expect(cases(text, 'mode-unlisted').map((c) => [mode(c), c.expect])).toEqual([
      ['fast', 'accept'],
      ['RuleprobeUnlisted', 'reject'],
      ['', 'reject'],
    ]);
  });

  it('no caseSensitive — the document is silent, so no value in another case is sent at all', () => {
    const text = withParameter(MODE('      values: [fast, slow]'));
    expect(cases(text, 'mode-unlisted').map((c) => mode(c))).toEqual(['fast', 'RuleprobeUnlisted', '']);
    expect(cases(text, 'mode-fast').map((c) => mode(c))).toEqual(['fast']);
  });

  it('the Notification Hubs format does not say, and its unlisted rule sends no recased platform', () => {
    const set = loadSpecText(readFileSync(join(import.meta.dirname, '../../specs/azure-notification-hubs/direct-send.yaml'), 'utf8'), 'direct-send.yaml');
    const rule = set.rules.find((r) => r.slug === 'format-unlisted')!;
    const formats = ruleCases(rule, set.operation, { entity: 'hub', entityValue: 'h', deviceHandles: {} }).fixed.map(
      (c) => c.request.headers.find((h) => h.name === 'ServiceBusNotification-Format')?.value,
    );
    expect(formats).toEqual(['windows', 'RuleprobeUnlisted', '']);
  });
});

describe('readings that change what is sent', () => {
  const ALT = (send: string, extra: string): string => `    ambiguity:
      note: The document reads two ways.
${send}      alternatives:
        - { id: one, description: The first reading.${extra} }
        - { id: two, description: The second reading. }
`;

  it('a limit of its own needs send: each', () => {
    const text = MINIMAL.replace('    length: { max: 1024, unit: bytes, documented: 1 KB }\n', `    length:\n      max: 1024\n      unit: bytes\n${ALT('', ', max: 1000').replace(/^ {4}/gm, '      ')}`);
    expect(specProblems(text)).toEqual(['spec.yaml:40:62 /parameters/0/length/ambiguity/alternatives/0/max: a reading with its own limit is sent with its own boundaries: give the ambiguity send: each']);
  });

  it('a reading that varies the request needs send: either-of, and names a field', () => {
    const rule = (amb: string): string =>
      MINIMAL.replace(
        '    stimulus: { auth: missing }\n    expect: { reject: { status: 403 } }\n',
        `    stimulus: { auth: missing }\n    expect: { reject: { status: 403 } }\n${amb}`,
      );
    expect(specProblems(rule(ALT('', ', vary: [priority=2]')))).toEqual([
      'spec.yaml:75:61 /rules/0/ambiguity/alternatives/0/vary: a reading that varies the request is sent either-of: give the ambiguity send: either-of',
    ]);
    expect(specProblems(rule(ALT('      send: either-of\n', ', vary: [with-attributes]')))).toEqual([
      'spec.yaml:76:62 /rules/0/ambiguity/alternatives/0/vary/0: a reading varies fields only (<field slug>=<value>), not "with-attributes"',
    ]);
    expect(specProblems(rule(ALT('      send: either-of\n', '')))).toEqual(['spec.yaml:74:13 /rules/0/ambiguity/send: no alternative carries what it sends (value, max or vary)']);
  });

  it('send: each with a limit per reading: every reading\'s boundaries, the sizes they disagree on either way', () => {
    const text = MINIMAL.replace(
      '    length: { max: 1024, unit: bytes, documented: 1 KB }\n',
      `    length:
      max: 1024
      unit: bytes
      ambiguity:
        note: 1 KB is 1024 or 1000 bytes.
        send: each
        alternatives:
          - { id: binary, description: 1024 bytes., max: 1024 }
          - { id: decimal, description: 1000 bytes., max: 1000 }
`,
    );
    const size = (c: RequestCase): number => {
      const v = c.request.body.kind === 'form' ? c.request.body.fields.find((f) => f.name === 'Body')?.value : undefined;
      return typeof v === 'string' ? Buffer.byteLength(v) : -1;
    };
    const either = { accept: ['binary'], reject: ['decimal'] };
    expect(cases(text, 'body-size').map((c) => [c.label, size(c), c.expect, c.readings])).toEqual([
      ['Body of 1024 bytes (max) in 1-byte characters [binary]', 1024, 'either', either],
      ['Body of 1025 bytes (max + 1) in 1-byte characters [binary]', 1025, 'reject', undefined],
      ['Body of 1023 bytes (max − 1) [binary]', 1023, 'either', either],
      ['Body of 1000 bytes (max) in 1-byte characters [decimal]', 1000, 'accept', undefined],
      ['Body of 1001 bytes (max + 1) in 1-byte characters [decimal]', 1001, 'either', either],
      ['Body of 999 bytes (max − 1) [decimal]', 999, 'accept', undefined],
    ]);
  });
});
