import { describe, expect, it } from 'vitest';
import { loadSpecs } from '../../specs/loader.js';
import type { RequestCase } from '../../src/model/request.js';
import { fixFor } from '../../src/runner/run-rule.js';

const rule = loadSpecs().find((s) => s.specId === 'yandex-message-queue/send-message')!.rules.find((r) => r.slug === 'delay-seconds-range')!;
const at = (expect: 'accept' | 'reject'): RequestCase => ({ ruleId: rule.id, label: 'x', origin: 'boundary', expect, request: { entity: 'standard-queue', path: 'operation', query: [], headers: [], body: { kind: 'none' }, auth: 'valid' } });
const result = (check: string, expected: string) => ({ ok: false, check, message: 'm', expected, actual: 'a' });

describe('the one-sentence fix', () => {
  it('names the rejection for a wrong status or code, the well-formed error body for an unreadable one, the check otherwise', () => {
    expect(fixFor(rule, at('accept'), result('status', 'status 200'))).toBe(`Accept this request: ${rule.requirement}`);
    expect(fixFor(rule, at('reject'), result('error-code', '400 InvalidParameterValue'))).toBe(`Reject this request with 400 InvalidParameterValue: ${rule.requirement}`);
    expect(fixFor(rule, at('reject'), result('error-body', '400 InvalidParameterValue'))).toBe(
      `Reject this request with 400 InvalidParameterValue in a well-formed error body that carries its code: ${rule.requirement}`,
    );
    expect(fixFor(rule, at('accept'), result('response-field', 'x'))).toBe(`Make the response meet the response-field check: ${rule.requirement}`);
  });
});
