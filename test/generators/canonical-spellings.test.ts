/**
 * A valid request varies one thing: every random (and fixed) case of a rule is spelled exactly
 * like the canonical request in every spelling dimension its rule is not about — header names
 * as declared, the media type as documented, the canonical form style, the canonical token style.
 * A rule about one spelling (its vary tokens name it) may differ in that dimension only.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ruleCases, varyScopeOf } from '../../generators/ruleCases.js';
import { validRequest } from '../../generators/validRequest.js';
import { sameMediaType } from '../../src/model/media-type.js';
import { fieldWithRole, type OperationModel } from '../../src/model/operation.js';
import type { AbstractRequest } from '../../src/model/request.js';
import type { Rule } from '../../src/model/rule.js';
import { HEADER_NAMES, varyCombinations } from '../../src/model/vary.js';
import { DEFAULT_FORM_STYLE } from '../../src/families/aws-query/generate.js';
import { loadAllSpecs } from '../../specs/loader.js';
import { CONTEXTS, ruleApplies } from './contexts.js';

type Dimension = 'header-names' | 'media-type' | 'form-style' | 'token-style';

const FORM_KEYS = ['form-order', 'form-space', 'form-hex'];

/** The spelling dimensions a rule's vary tokens are about. */
function dimensionsOf(op: OperationModel, rule: Rule): Set<Dimension> {
  const out = new Set<Dimension>();
  const s = rule.stimulus;
  if (s.kind !== 'valid') return out;
  const mediaType = fieldWithRole(op, 'media-type');
  for (const combo of varyCombinations(s.vary ?? [], varyScopeOf(op))) {
    for (const t of combo) {
      if (t.key === HEADER_NAMES) out.add('header-names');
      if (FORM_KEYS.includes(t.key)) out.add('form-style');
      if (Object.hasOwn(op.auth.styles, t.key)) out.add('token-style');
      if (t.field && mediaType && t.key === mediaType.slug) out.add('media-type');
    }
  }
  return out;
}

/** The media types a family's declared variants send (native-push: a raw WNS notification's application/octet-stream). */
function variantMediaTypes(op: OperationModel): string[] {
  const variants = (op.encoding as { variants?: Record<string, { contentType?: string }> }).variants ?? {};
  return Object.values(variants).flatMap((v) => (v.contentType ? [v.contentType] : []));
}

/** The media-type values the document writes: the field's value (and also), each dependsOn value, each family variant's. */
function documentedMediaTypes(op: OperationModel): string[] {
  const f = fieldWithRole(op, 'media-type');
  if (!f) return [];
  return [...(f.value ? [f.value.value, ...f.value.also] : []), ...Object.values(f.dependsOn?.values ?? {}).flat(), ...variantMediaTypes(op)];
}

/** Where `req` is spelled otherwise than canonically, in the dimensions not `allowed`. */
function spellingDifferences(op: OperationModel, req: AbstractRequest, allowed: Set<Dimension>, canonicalMediaType: string | undefined): string[] {
  const out: string[] = [];
  if (!allowed.has('header-names')) {
    for (const h of req.headers) {
      const declared = op.headers.find((f) => f.name.toLowerCase() === h.name.toLowerCase());
      if (declared && declared.name !== h.name) out.push(`header ${h.name} (declared ${declared.name})`);
    }
  }
  const mediaType = fieldWithRole(op, 'media-type');
  if (mediaType && !allowed.has('media-type')) {
    const sent = req.headers.find((h) => h.name.toLowerCase() === mediaType.name.toLowerCase())?.value;
    if (typeof sent === 'string') {
      // Value fields: exactly the documented value. By platform: exactly one of the documented values.
      const ok = mediaType.value ? sent === canonicalMediaType : documentedMediaTypes(op).includes(sent);
      if (!ok) out.push(`${mediaType.name}: ${sent}`);
    }
  }
  if (!allowed.has('form-style') && req.body.kind === 'form' && JSON.stringify(req.body.style) !== JSON.stringify(DEFAULT_FORM_STYLE)) {
    out.push(`form style ${JSON.stringify(req.body.style)}`);
  }
  if (!allowed.has('token-style') && req.auth === 'valid' && Object.keys(req.authStyle?.choices ?? {}).length) out.push(`token style ${JSON.stringify(req.authStyle?.choices)}`);
  return out;
}

const sets = loadAllSpecs();

for (const set of sets) {
  const op = set.operation;
  const mediaType = fieldWithRole(op, 'media-type');
  for (const ctx of CONTEXTS[set.specId]!) {
    const rules = set.rules.filter((r) => ruleApplies(r.appliesTo, ctx) && r.testable);
    describe(`${set.specId} (${ctx.entity}): a valid request varies one thing`, () => {
      it('every case of a rule keeps the canonical spelling in each dimension its rule is not about (50 random cases per rule)', () => {
        const problems: string[] = [];
        for (const rule of rules) {
          // A constraint rule about the media-type field sends other media types on purpose.
          const aboutMediaType = rule.stimulus.kind === 'constraint' && mediaType !== undefined && rule.stimulus.subject.name.toLowerCase() === mediaType.name.toLowerCase();
          const allowed = dimensionsOf(op, rule);
          if (aboutMediaType) allowed.add('media-type');
          const cases = ruleCases(rule, op, ctx);
          const all = [...cases.fixed, ...(cases.random ? fc.sample(cases.random, { seed: 11, numRuns: 50 }) : [])];
          for (const c of all) {
            for (const d of spellingDifferences(op, c.request, allowed, mediaType?.value?.value)) problems.push(`${rule.id} [${c.label}]: ${d}`);
          }
        }
        expect(problems).toEqual([]);
      });

      it('a random valid request without vary tokens is spelled exactly as the canonical request', () => {
        fc.assert(
          fc.property(validRequest(op, ctx), (req) => {
            expect(spellingDifferences(op, req, new Set(), mediaType?.value?.value)).toEqual([]);
          }),
          { numRuns: 300, seed: 5 },
        );
      });

      it('shrinking a failing valid case never moves it to another spelling', () => {
        // Every case "fails", so fast-check shrinks as far as it can; the counterexample it ends on is still canonical.
        const details = fc.check(fc.property(validRequest(op, ctx), () => false), { seed: 3, numRuns: 20 });
        expect(details.failed).toBe(true);
        const [shrunk] = details.counterexample as [AbstractRequest];
        expect(spellingDifferences(op, shrunk, new Set(), mediaType?.value?.value)).toEqual([]);
      });
    });
  }
}

describe('a spelling rule sends its own spelling', () => {
  const sendsOf = (specId: string, slug: string): AbstractRequest[] => {
    const set = sets.find((s) => s.specId === specId)!;
    const rule = set.rules.find((r) => r.id === `${specId}/${slug}`)!;
    return ruleCases(rule, set.operation, CONTEXTS[specId]![0]!).fixed.map((c) => c.request);
  };
  const header = (req: AbstractRequest, name: string): string | undefined => {
    const h = req.headers.find((x) => x.name.toLowerCase() === name.toLowerCase())?.value;
    return typeof h === 'string' ? h : undefined;
  };

  it('header-name-case: the canonical control, then every header named in lower and in upper case', () => {
    const [control, lower, upper] = sendsOf('azure-notification-hubs/direct-send', 'header-name-case');
    expect(control!.headers.map((h) => h.name)).toContain('ServiceBusNotification-Format');
    expect(lower!.headers.map((h) => h.name).every((n) => n === n.toLowerCase())).toBe(true);
    expect(upper!.headers.map((h) => h.name)).toContain('SERVICEBUSNOTIFICATION-FORMAT');
  });

  it('content-type spellings: exactly the token values, each the documented media type', () => {
    const sent = sendsOf('azure-service-bus/send-message', 'content-type-parameter-order').map((r) => header(r, 'Content-Type'));
    expect(sent).toEqual(['application/atom+xml;type=entry;charset=utf-8', 'application/atom+xml;charset=utf-8;type=entry']);
    for (const specId of ['azure-service-bus/send-message', 'yandex-message-queue/send-message']) {
      const set = sets.find((s) => s.specId === specId)!;
      const field = fieldWithRole(set.operation, 'media-type')!;
      for (const rule of set.rules.filter((r) => dimensionsOf(set.operation, r).has('media-type'))) {
        const tokens = (rule.stimulus.kind === 'valid' ? (rule.stimulus.vary ?? []) : []).map((t) => t.slice(t.indexOf('=') + 1));
        for (const t of tokens) expect([field.value!.value, ...field.value!.also].some((d) => sameMediaType(d, t)), `${rule.id}: ${t}`).toBe(true);
      }
    }
  });

  it('form spellings: %20 for a space (the body holds one), lower-case hex, another field order', () => {
    const style = (slug: string): Array<AbstractRequest['body']> => sendsOf('yandex-message-queue/send-message', slug).slice(1).map((r) => r.body);
    const [space] = style('form-space-encoding');
    expect(space).toMatchObject({ kind: 'form', style: { order: 'as-is', space: 'percent', hexCase: 'upper' } });
    const bodyText = space!.kind === 'form' ? space!.fields.find((f) => f.name === 'MessageBody')?.value : undefined;
    expect(typeof bodyText === 'string' && bodyText.includes(' ')).toBe(true);
    expect(style('form-hex-case')).toMatchObject([{ style: { order: 'as-is', space: 'plus', hexCase: 'lower' } }]);
    expect(style('form-field-order')).toMatchObject([{ style: { order: 'sorted' } }, { style: { order: 'reversed' } }]);
  });

  it('sas-accepted signs with sr in lower- and in upper-case hex; sas-token-forms changes the field order only', () => {
    const choices = (slug: string): Array<Record<string, string> | undefined> => sendsOf('azure-notification-hubs/direct-send', slug).map((r) => r.authStyle?.choices);
    expect(choices('sas-accepted')).toEqual([undefined, { 'sr-hex': 'lower' }, { 'sr-hex': 'upper' }]);
    expect(choices('sas-token-forms')).toEqual([undefined, { 'field-order': 'sig-first' }]);
  });
});
