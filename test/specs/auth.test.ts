import { describe, expect, it } from 'vitest';
import { ruleCases } from '../../generators/ruleCases.js';
import { loadSpecText } from '../../specs/loader.js';
import { specText } from '../sign/schemes/echo-target.js';
import { specProblems } from './_problems.js';

const problems = (text: string): string[] => specProblems(text);

describe('a spec\'s auth against the scheme catalog', () => {
  it('loads any registered scheme with its options', () => {
    expect(loadSpecText(specText('  scheme: bearer\n  header: X-Token', ['wrong-key']), 'spec.yaml').operation.auth).toMatchObject({ scheme: 'bearer', header: 'X-Token' });
    expect(loadSpecText(specText('  scheme: sigv4', ['clock-skew']), 'spec.yaml').operation.auth.header).toBe('Authorization');
  });

  it('names an unknown scheme and the known ones', () => {
    expect(problems(specText('  scheme: bearr', ['missing']))).toEqual([
      'spec.yaml:22:11 /auth/scheme: unknown auth scheme "bearr"; known: api-key, bearer, none, sas, sigv4, wrap',
    ]);
  });

  it('checks the options against the scheme\'s own schema', () => {
    expect(problems(specText('  scheme: api-key', ['missing']))).toEqual(['spec.yaml:22:3 /auth: missing required key "header"']);
    expect(problems(specText('  scheme: api-key\n  header: X Api Key', ['missing']))).toEqual([
      'spec.yaml:23:11 /auth/header: "X Api Key" does not match ^[!#$%&\'*+.^_`|~0-9A-Za-z-]+$',
    ]);
    expect(problems(specText('  scheme: sas\n  header: X-Sas', ['missing']))).toEqual(['spec.yaml:23:3 /auth/header: unknown key "header"']);
  });

  it('rejects an auth rule whose variant the scheme does not know, with the scheme\'s reason where it has one', () => {
    expect(problems(specText('  scheme: bearer', ['wrong-kye']))).toEqual([
      'spec.yaml:70:23 /rules/0/stimulus/auth: auth scheme "bearer" has no variant "wrong-kye"; known: missing, empty, wrong-scheme, malformed, wrong-key',
    ]);
    expect(problems(specText('  scheme: sas', ['clock-skew']))).toEqual([
      'spec.yaml:70:23 /rules/0/stimulus/auth: auth scheme "sas" has no variant "clock-skew" (a SAS token carries no signing time, only its expiry se; a token past se is the expired variant); known: missing, empty, expired, wrong-key, wrong-resource, wrong-scheme, unknown-key-id, missing-field, malformed',
    ]);
    expect(problems(specText('  scheme: none', ['missing']))).toEqual([
      'spec.yaml:70:23 /rules/0/stimulus/auth: auth scheme "none" has no variant "missing" (the operation takes no credentials, so a request has none to get wrong); known: none',
    ]);
    expect(problems(specText('  scheme: sigv4', ['valid']))).toEqual(['spec.yaml:70:23 /rules/0/stimulus/auth: auth "valid" is no wrong variant; a validly signed request is stimulus: valid']);
  });

  it('gives the generators each variant\'s number of fixed forms through the model: one case per form, after the control', () => {
    const cases = (auth: string, variant: string): string[] => {
      const set = loadSpecText(specText(auth, [variant]), 'spec.yaml');
      const rule = set.rules.find((r) => r.stimulus.kind === 'auth')!;
      return ruleCases(rule, set.operation, { entity: 'standard-queue', entityValue: 'http://h/q', deviceHandles: {} }).fixed.map((c) => `${c.expect} ${c.label} ${c.request.authStyle?.form ?? '-'}`);
    };
    expect(cases('  scheme: sas', 'malformed')).toEqual([
      'accept canonical valid request (control) -',
      'reject signed: malformed, form 1 0',
      'reject signed: malformed, form 2 1',
      'reject signed: malformed, form 3 2',
      'reject signed: malformed, form 4 3',
    ]);
    expect(cases('  scheme: sigv4', 'malformed')).toHaveLength(1 + 3);
    expect(cases('  scheme: wrap', 'malformed')).toHaveLength(1 + 4);
    expect(cases('  scheme: bearer', 'malformed')).toHaveLength(1 + 4);
    expect(cases('  scheme: sas', 'missing-field')).toHaveLength(1 + 4);
    expect(cases('  scheme: api-key\n  header: X-Api-Key', 'wrong-key')).toEqual(['accept canonical valid request (control) -', 'reject signed: wrong-key 0']);
  });
});
