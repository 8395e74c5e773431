/**
 * Requests a conforming target must accept: every constraint of the operation met at once,
 * values drawn across their whole domains (text across all of Unicode that the field allows),
 * and equivalent encodings varied as real clients vary them. The protocol family draws its
 * body (src/families/generation.ts); the fields around it are drawn here, alike for every family.
 */
import fc from 'fast-check';
import { allFields, fieldWithRole, type FieldModel, type OperationModel } from '../src/model/operation.js';
import type { AbstractRequest } from '../src/model/request.js';
import { BARE_FLAG, type VaryToken } from '../src/model/vary.js';
import { familyGeneration } from '../src/families/generation.js';
import { appliesTo, baseRequest, deviceHandleFor, withField, type GenContext } from './_internals/build.js';
import { textIn, TOKEN_CHARS, XML_CHARS } from './_internals/codePoints.js';
import { mediaTypeVariants } from './constraintCases.js';

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

/** A header value spelled as clients spell it (media types with and without spaces, charset). */
function spellings(f: FieldModel | undefined): fc.Arbitrary<string | undefined> {
  if (!f?.value) return fc.constant(undefined);
  const values = [f.value.value, ...f.value.also].flatMap((v) => (f.value!.mediaType ? mediaTypeVariants(v) : [v]));
  return fc.constantFrom(...values);
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
  const mediaType = fieldWithRole(op, 'media-type');
  return fc
    .tuple(
      body,
      fc.tuple(...optional.map((f) => fc.option(validValue(f), { nil: undefined }))),
      fc.array(textIn(TOKEN_CHARS, { minLength: 1, maxLength: 24 }), { minLength: ids.length, maxLength: ids.length }),
      spellings(mediaType),
      drawnStyles(op),
    )
    .map(([req, values, idValues, spelling, styles]) => {
      let out = req;
      ids.forEach((f, i) => {
        out = withField(op, out, f, leaveOut ? undefined : `rp-${idValues[i]}`);
      });
      if (mediaType && spelling !== undefined) out = withField(op, out, mediaType, spelling);
      optional.forEach((f, i) => {
        if (values[i] !== undefined) out = withField(op, out, f, values[i]);
      });
      return withAuthStyles(op, withFieldTokens(op, out, vary), styles, vary);
    })
    .filter((req) => family.conforms?.(op, req.body) ?? true);
}

/** A spelling of each token style the scheme marks `drawn` (either is what real clients write). */
function drawnStyles(op: OperationModel): fc.Arbitrary<Record<string, string>> {
  const drawn = Object.entries(op.auth.styles).filter(([, s]) => s.drawn);
  return fc.record(Object.fromEntries(drawn.map(([name, s]) => [name, fc.constantFrom(...s.values)])));
}

/**
 * The token spellings of a valid request: what a rule's vary tokens pick (`sr-hex=upper`), else
 * a drawn style's random spelling; every other style stays the scheme's canonical spelling.
 */
function withAuthStyles(op: OperationModel, req: AbstractRequest, drawn: Record<string, string>, vary: readonly VaryToken[]): AbstractRequest {
  const picked = Object.fromEntries(vary.filter((v) => Object.hasOwn(op.auth.styles, v.key) && v.value !== undefined).map((v) => [v.key, v.value!]));
  const choices = { ...drawn, ...picked };
  return Object.keys(choices).length ? { ...req, authStyle: { ...req.authStyle, choices: { ...req.authStyle?.choices, ...choices } } } : req;
}
