/**
 * Spec language: response-field presence conditions (`when`, `absent:`) and fixed cases
 * (`stimulus: { cases }`) — what they compile to, and the problems the loader reports.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecText } from '../../specs/loader.js';
import { specProblems } from './_problems.js';

const MINIMAL = readFileSync(join(import.meta.dirname, '../fixtures/specs/valid/minimal.yaml'), 'utf8');

const FIELD = `      - path: PutMessageResponse/MessageId
        format: { named: non-empty }
        presence: always
        source: { section: Response body, item: MessageId }
`;

function withField(extra: string): string {
  expect(MINIMAL).toContain(FIELD);
  return MINIMAL.replace(FIELD, FIELD + extra);
}

function withRule(rule: string): string {
  return MINIMAL.replace('rules:\n', `rules:\n${rule}`);
}

const TICKET = `      - path: PutMessageResponse/Ticket
        format: { named: non-empty }
        presence: always
        when: { has: Priority }
        source: { section: Response body, item: Ticket }
        absent:
          - when: { lacks: Priority }
            rule: { slug: ticket-absent, level: SHOULD }
`;

describe('response field presence with when and absent', () => {
  it('compiles the field rule with its condition and one rule per absent entry', () => {
    const set = loadSpecText(withField(TICKET), 'spec.yaml');
    const main = set.rules.find((r) => r.slug === 'response-ticket')!;
    const absent = set.rules.find((r) => r.slug === 'ticket-absent')!;
    expect(main.requirement).toBe('PutMessageResponse/Ticket is present when the request carries Priority and is a non-empty value.');
    expect(main.expect).toMatchObject({ outcome: 'accept', checks: [{ name: 'status-documented' }, { name: 'response-field', args: { path: 'PutMessageResponse/Ticket', presence: 'always', when: { has: 'Priority' } } }] });
    expect([absent.level, absent.requirement, absent.appliesTo]).toEqual(['SHOULD', 'PutMessageResponse/Ticket is absent when the request carries no Priority.', 'any']);
    expect(absent.expect).toMatchObject({ checks: [{ name: 'status-documented' }, { name: 'response-field', args: { path: 'PutMessageResponse/Ticket', presence: 'absent', when: { lacks: 'Priority' } } }] });
  });

  it('an entity condition makes the rule apply to that entity kind; absent without a slug is response-<field>-absent', () => {
    const text = withField(`      - path: PutMessageResponse/Seq
        format: { named: non-empty }
        presence: always
        when: { entity: standard-queue }
        source: { section: Response body }
        absent:
          - when: { entity: standard-queue }
`);
    const set = loadSpecText(text, 'spec.yaml');
    expect(set.rules.filter((r) => r.slug.startsWith('response-seq')).map((r) => [r.slug, r.appliesTo])).toEqual([
      ['response-seq', 'standard-queue'],
      ['response-seq-absent', 'standard-queue'],
    ]);
  });

  it('refuses an undeclared entity kind, parameter or vary token', () => {
    const text = withField(`      - path: PutMessageResponse/Seq
        format: { named: non-empty }
        presence: optional
        when: { entity: fifo-queue }
        vary: [no-such-variation]
        source: { section: Response body }
        absent:
          - when: { lacks: Colour }
`);
    expect(specProblems(text)).toEqual([
      'spec.yaml:66:25 /responses/body/fields/1/when/entity: entity kind "fifo-queue" is not in /transport/entity/kinds (standard-queue)',
      'spec.yaml:67:16 /responses/body/fields/1/vary/0: unknown variation "no-such-variation"; known: header-names, without-fifo-parameters, same-group, interleaved-groups, same-deduplication-id, with-attributes, without-attributes, body, form-order, form-space, form-hex, signing-time, content-type=…, body=…, priority=…',
      'spec.yaml:70:28 /responses/body/fields/1/absent/0/when/lacks: no declared parameter or header named "Colour"',
      'spec.yaml:63:9 /responses/body/fields/1: rule example-queue/put-message/response-seq applies to "fifo-queue", which /transport/entity/kinds does not list',
    ]);
  });
});

describe('fixed cases', () => {
  const RULE = (cases: string, expectation = '{ reject: { status: 400, code: InvalidParameterValue } }'): string => `  - slug: fixed
    level: MUST
    source: { section: Parameters }
    title: Fixed cases
    requirement: As the cases say.
    stimulus:
      cases:
${cases}    expect: ${expectation}
`;

  it('compiles each case with its set, left-out and extra parameters', () => {
    const set = loadSpecText(
      withRule(RULE(`        - { label: control, expect: accept, set: { Body: ok } }
        - { label: sized and unknown, expect: reject, set: { Body: { fill: "é", bytes: 5 }, Priority: null }, extra: { Unknown: "1" } }
`)),
      'spec.yaml',
    );
    expect(set.rules.find((r) => r.slug === 'fixed')!.stimulus).toEqual({
      kind: 'cases',
      cases: [
        { label: 'control', expect: 'accept', set: [{ name: 'Body', value: 'ok' }], extra: [] },
        { label: 'sized and unknown', expect: 'reject', set: [{ name: 'Body', value: { fill: 'é', bytes: 5 } }, { name: 'Priority', value: null }], extra: [{ name: 'Unknown', value: '1' }] },
      ],
    });
  });

  it('refuses an undeclared set name, a declared extra name and a reject case in an accepting rule', () => {
    const text = withRule(RULE(`        - { label: a, expect: reject, set: { Bodyy: x }, extra: { Priority: "1" } }
`, '{ accept: [200] }'));
    expect(specProblems(text)).toEqual([
      'spec.yaml:72:46 /rules/0/stimulus/cases/0/set/Bodyy: no declared parameter has the wire name "Bodyy" (an item of a numbered parameter is Name.N.Sub)',
      'spec.yaml:72:67 /rules/0/stimulus/cases/0/extra/Priority: "Priority" is a declared parameter; set it under "set"',
      'spec.yaml:72:31 /rules/0/stimulus/cases/0/expect: a case expected to be rejected needs the rule to expect a rejection (expect: { reject: … })',
    ]);
  });
});
