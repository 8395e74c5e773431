/**
 * Requests a conforming target must accept: every constraint of the operation met at once,
 * values drawn across their whole domains (text across all of Unicode that the field allows).
 * Spellings stay canonical — header names as declared, the media type as documented, the
 * family's canonical body encoding, the auth scheme's canonical token — unless a vary token of
 * the rule asks for another (`header-names=lower`, `content-type=…`, `form-space=percent`,
 * `sr-hex=upper`): an equivalent spelling is a rule of its own, so a target that refuses one
 * fails that rule alone. The protocol family draws its body (src/families/generation.ts); the
 * fields around it are drawn here, alike for every family.
 */
import fc from 'fast-check';
import { allFields, type FieldModel, type OperationModel } from '../src/model/operation.js';
import type { AbstractRequest } from '../src/model/request.js';
import { BARE_FLAG, HEADER_NAMES, type VaryToken } from '../src/model/vary.js';
import { familyGeneration } from '../src/families/generation.js';
import { appliesTo, baseRequest, deviceHandleFor, withField, type GenContext } from './_internals/build.js';
import { textIn, TOKEN_CHARS, XML_CHARS } from './_internals/codePoints.js';

export { XML_CHARS };

export interface ValidRequestConstraints {
  vary?: VaryToken[];
  /** Longest random text in characters (bodies at their limits come from the boundary cases). */
  maxTextLength?: number;
}

/** Any value of a field that meets its constraints: a documented example or enumerated value, a number in range, text in its charset. */
export function validValue(field: FieldModel): fc.Arbitrary<string> {
  if (field.examples?.length) return fc.constantFrom(...field.examples);
  if (field.enum?.length) return fc.constantFrom(...field.enum.map((e) => e.value));
  if (field.value) return fc.constantFrom(field.value.value, ...field.value.also);
  if (field.range) return fc.integer(field.range).map(String);
  if (field.type === 'integer') return fc.integer({ min: -1_000_000, max: 1_000_000 }).map(String);
  if (field.type === 'base64') return fc.uint8Array({ minLength: 1, maxLength: 16 }).map((b) => Buffer.from(b).toString('base64'));
  const minLength = Math.max(1, field.length?.min ?? 1);
  const maxLength = Math.max(minLength, Math.min(20, field.length?.max ?? 20));
  return textIn(field.charset ?? TOKEN_CHARS, { minLength, maxLength });
}

/**
 * The optional fields a valid request may carry or leave out: top-level, without a role (those
 * are set by their role), not numbered (items are the family's), not the signature.
 */
function optionalFields(op: OperationModel, ctx: GenContext): FieldModel[] {
  return allFields(op).filter(
    (f) => f.required === false && f.kind !== 'body' && !f.role && !f.numbered && f.type !== 'flag' && appliesTo(f, ctx.entity) && f.name.toLowerCase() !== op.auth.header.toLowerCase(),
  );
}

/** Required parameters that only the request's entity kind takes (a FIFO queue's group and deduplication ids): random ids. */
function entityOnly(op: OperationModel, ctx: GenContext): FieldModel[] {
  return op.parameters.filter((p) => p.required && p.appliesTo === ctx.entity && !p.numbered);
}

/** Applies the vary tokens that name a declared field (`direct=true`, `content-type=application/xml`). */
export function withFieldTokens(op: OperationModel, req: AbstractRequest, vary: VaryToken[]): AbstractRequest {
  let out = req;
  for (const t of vary) {
    if (!t.field) continue;
    const f = [...op.headers, ...op.query, ...op.parameters].find((x) => x.slug === t.key);
    if (!f) throw new Error(`${op.specId}: no field with slug "${t.key}" for vary token ${t.key}=${t.value}`);
    out = withField(op, out, f, f.type === 'flag' && t.value === BARE_FLAG ? null : t.value);
  }
  return out;
}

export function validRequest(op: OperationModel, ctx: GenContext, constraints: ValidRequestConstraints = {}): fc.Arbitrary<AbstractRequest> {
  const vary = constraints.vary ?? [];
  const max = constraints.maxTextLength ?? 48;
  const family = familyGeneration(op);
  const body = family.validRequest(
    op,
    {
      entity: ctx.entity,
      base: (selection) => baseRequest(op, ctx, 'random', selection),
      withField: (req, field, value) => withField(op, req, field, value),
      deviceHandle: (selection) => deviceHandleFor(op, ctx, selection),
    },
    vary,
    max,
  );
  const optional = optionalFields(op, ctx);
  const ids = entityOnly(op, ctx);
  const leaveOut = vary.some((v) => v.key === 'without-fifo-parameters');
  return fc
    .tuple(
      body,
      fc.tuple(...optional.map((f) => fc.option(validValue(f), { nil: undefined }))),
      fc.array(textIn(TOKEN_CHARS, { minLength: 1, maxLength: 24 }), { minLength: ids.length, maxLength: ids.length }),
    )
    .map(([req, values, idValues]) => {
      let out = req;
      ids.forEach((f, i) => {
        out = withField(op, out, f, leaveOut ? undefined : `rp-${idValues[i]}`);
      });
      optional.forEach((f, i) => {
        if (values[i] !== undefined) out = withField(op, out, f, values[i]);
      });
      return withHeaderNames(withAuthStyles(op, withFieldTokens(op, out, vary), vary), vary);
    })
    .filter((req) => family.conforms?.(op, req.body) ?? true);
}

/** The token spellings a rule's vary tokens pick (`sr-hex=upper`); every other style stays the scheme's canonical spelling. */
function withAuthStyles(op: OperationModel, req: AbstractRequest, vary: readonly VaryToken[]): AbstractRequest {
  const choices = Object.fromEntries(vary.filter((v) => Object.hasOwn(op.auth.styles, v.key) && v.value !== undefined).map((v) => [v.key, v.value!]));
  return Object.keys(choices).length ? { ...req, authStyle: { ...req.authStyle, choices: { ...req.authStyle?.choices, ...choices } } } : req;
}

/** Every header of the request named in the case a `header-names` token asks for (RFC 9110 §5.1: field names are case-insensitive). */
function withHeaderNames(req: AbstractRequest, vary: readonly VaryToken[]): AbstractRequest {
  const spelling = vary.find((v) => v.key === HEADER_NAMES)?.value;
  if (spelling === undefined) return req;
  const spell = (name: string): string => (spelling === 'upper' ? name.toUpperCase() : name.toLowerCase());
  return { ...req, headers: req.headers.map((h) => ({ ...h, name: spell(h.name) })) };
}
