/** Protocol families at load: the registry, each family's schema fragment, body variants, error formats, roles. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAMILIES, FAMILY_NAMES } from '../../src/families/catalog.js';
import { FIELD_ROLES } from '../../src/model/operation.js';
import { specProblems } from './_problems.js';

const MINIMAL = readFileSync(join(import.meta.dirname, '../fixtures/specs/valid/minimal.yaml'), 'utf8');
const SCHEMA = JSON.parse(readFileSync(join(import.meta.dirname, '../../specs/spec.schema.json'), 'utf8')) as {
  $defs: { role: { enum: string[] }; roleDescriptions: { properties: Record<string, { description: string }> } };
};

/** The minimal spec with `from` replaced by `to` (each must occur once). */
function edited(...pairs: Array<[string, string]>): string {
  let text = MINIMAL;
  for (const [from, to] of pairs) {
    expect(text.split(from).length, from).toBe(2);
    text = text.replace(from, to);
  }
  return text;
}

const problems = (text: string): string[] => specProblems(text);

const ENCODING = 'encoding: { kind: aws-query, action: PutMessage, version: "2024-01-01" }';

describe('protocol families at load', () => {
  it('names an unknown family, and every family it knows', () => {
    expect(problems(edited([ENCODING, 'encoding: { kind: soap, action: PutMessage }']))).toEqual([
      `spec.yaml:17:21 /transport/encoding/kind: unknown protocol family "soap"; known: ${FAMILY_NAMES.join(', ')}`,
    ]);
    expect(FAMILY_NAMES).toEqual(['aws-query', 'atom-entry', 'native-push', 'json']);
  });

  it("checks the options against the family's own schema fragment, located", () => {
    expect(problems(edited([ENCODING, 'encoding: { kind: aws-query, action: PutMessage, versoin: "2024-01-01" }']))).toEqual([
      'spec.yaml:17:13 /transport/encoding: missing required key "version"',
      'spec.yaml:17:52 /transport/encoding/versoin: unknown key "versoin"',
    ]);
    expect(problems(edited([ENCODING, 'encoding: { kind: atom-entry, contentElement: 7 }']))).toEqual([
      'spec.yaml:17:49 /transport/encoding/contentElement: must be string, got number 7',
    ]);
  });

  it('refuses a body variant the family does not know', () => {
    expect(problems(edited(['    stimulus: { auth: missing }\n    expect: { reject: { status: 403 } }', '    stimulus: { body: wrong-root }\n    expect: { reject: { status: 403 } }']))).toEqual([
      'spec.yaml:70:23 /rules/0/stimulus/body: unknown body variant "wrong-root" for protocol family aws-query; known: empty, malformed-escape',
    ]);
  });

  it("refuses an error-body format the family does not carry, and the family's own cross-checks", () => {
    expect(problems(edited([ENCODING, 'encoding: { kind: atom-entry, contentElement: Message }']))).toEqual([
      'spec.yaml:31:5 /parameters/0: an atom-entry body carries no parameters; "Body" would never be sent',
      'spec.yaml:36:5 /parameters/1: an atom-entry body carries no parameters; "Priority" would never be sent',
    ]);
    expect(problems(edited([ENCODING, 'encoding: { kind: native-push, platforms: { apple: { body: apns-json } } }']))).toEqual([
      'spec.yaml:17:21 /transport/encoding/kind: a native-push operation needs a header with role "format-selector" (the header whose value picks the platform)',
    ]);
  });

  it('checks the action and version parameters against the options', () => {
    const text = edited([
      'parameters:\n',
      'parameters:\n  - { name: Action, role: action, source: { section: Parameters }, value: { value: GetMessage } }\n',
    ]);
    expect(problems(text)).toEqual(['spec.yaml:31:84 /parameters/0/value/value: the action parameter\'s value "GetMessage" is not /transport/encoding/action "PutMessage"']);
  });

  it('refuses roles given twice, in the wrong place, or read by a check the spec cannot feed', () => {
    const text = edited(
      ['    required: true\n    length:', '    role: message-body\n    required: true\n    length:'],
      ['    type: integer\n', '    type: integer\n    role: message-body\n'],
      ['  - name: Content-Type\n', '  - name: Content-Type\n    role: item-name\n'],
      ['    stimulus: { auth: missing }\n    expect: { reject: { status: 403 } }', '    stimulus: valid\n    expect: { accept: [200], checks: [md5-of-message-body] }'],
    );
    expect(problems(text)).toEqual([
      'spec.yaml:74:39 /rules/0/expect/checks/0: check "md5-of-message-body" reads the response field with role "body-digest", which no field of /responses/body/fields has',
      'spec.yaml:27:11 /headers/0/role: role "item-name" belongs to a sub-field of a numbered field',
      'spec.yaml:40:11 /parameters/1/role: role "message-body" is given twice (first at /parameters/0/role)',
      'spec.yaml:54:17 /responses/statuses/2/status: status 403 is documented but no rule expects it or covers "status:403"',
    ]);
  });

  it('documents every field role in the schema, and only those', () => {
    expect(SCHEMA.$defs.role.enum).toEqual([...FIELD_ROLES]);
    expect(Object.keys(SCHEMA.$defs.roleDescriptions.properties)).toEqual([...FIELD_ROLES]);
    for (const role of FIELD_ROLES) expect(SCHEMA.$defs.roleDescriptions.properties[role]!.description.length, role).toBeGreaterThan(20);
  });

  it('gives every family a description, body variants and error formats', () => {
    for (const [name, f] of Object.entries(FAMILIES)) {
      expect(f.description, name).not.toBe('');
      expect(Object.keys(f.bodyVariants).length, name).toBeGreaterThan(0);
      expect(f.errorFormats.length, name).toBeGreaterThan(0);
      expect((f.schema as { properties: { kind: { const: string } } }).properties.kind.const).toBe(name);
    }
  });
});
