/**
 * Requests a conforming target must accept: every constraint of the operation met at once,
 * values drawn across their whole domains (text across all of Unicode that the field allows),
 * and equivalent encodings varied as real clients vary them.
 */
import fc from 'fast-check';
import { allFields, fieldWithRole, type FieldModel, type OperationModel } from '../src/model/operation.js';
import type { AbstractRequest, FormStyle, NamedValue } from '../src/model/request.js';
import { BARE_FLAG, type VaryToken } from '../src/model/vary.js';
import { appliesTo, baseRequest, bodyKindOf, canonicalItem, deviceHandleFor, formatSelector, itemTypes, withField, type GenContext } from './_internals/build.js';
import { textIn, type Ranges } from './_internals/codePoints.js';
import { nativeBody } from './_internals/nativeBodies.js';
import { mediaTypeVariants } from './constraintCases.js';

export interface ValidRequestConstraints {
  vary?: VaryToken[];
  /** Longest random text in characters (bodies at their limits come from the boundary cases). */
  maxTextLength?: number;
}

/** Characters XML 1.0 can carry, which is also the Yandex message-body set. */
export const XML_CHARS: Ranges = [[0x9, 0x9], [0xa, 0xa], [0xd, 0xd], [0x20, 0xd7ff], [0xe000, 0xfffd], [0x10000, 0x10ffff]];
const TOKEN_CHARS: Ranges = [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a]];

const formStyle: fc.Arbitrary<FormStyle> = fc.record({
  order: fc.constantFrom('as-is', 'sorted', 'reversed'),
  space: fc.constantFrom('plus', 'percent'),
  hexCase: fc.constantFrom('upper', 'lower'),
});

function has(vary: VaryToken[], key: string, value?: string): boolean {
  return vary.some((v) => v.key === key && (value === undefined || v.value === value));
}
function varyValue(vary: VaryToken[], key: string): string | undefined {
  return vary.find((v) => v.key === key && !v.field)?.value;
}

/** A header value spelled as clients spell it (media types with and without spaces, charset). */
function headerSpelling(f: FieldModel | undefined): fc.Arbitrary<string> | undefined {
  if (!f?.value) return undefined;
  const values = [f.value.value, ...f.value.also].flatMap((v) => (f.value!.mediaType ? mediaTypeVariants(v) : [v]));
  return fc.constantFrom(...values);
}

function bodyText(kind: string | undefined, ranges: Ranges, max: number): fc.Arbitrary<string> {
  const text = textIn(ranges, { minLength: 1, maxLength: max });
  switch (kind) {
    case 'xml':
      return textIn(ranges, { maxLength: max }).map((t) => `<note><body>${t.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</body></note>`);
    case 'json':
      return fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify({ ruleprobe: v })).filter((s) => s.length > 0);
    default:
      return text;
  }
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
 * are set by their role), not numbered (items are drawn separately), not the signature.
 */
function optionalFields(op: OperationModel, ctx: GenContext): FieldModel[] {
  return allFields(op).filter(
    (f) => f.required === false && f.kind !== 'body' && !f.role && !f.numbered && f.type !== 'flag' && appliesTo(f, ctx.entity) && f.name.toLowerCase() !== op.auth.header.toLowerCase(),
  );
}

function optionalValues(op: OperationModel, ctx: GenContext): fc.Arbitrary<Array<[FieldModel, string | undefined]>> {
  const fields = optionalFields(op, ctx);
  return fc.tuple(...fields.map((f) => fc.option(validValue(f), { nil: undefined }))).map((values) => fields.map((f, i): [FieldModel, string | undefined] => [f, values[i]]));
}

function withOptionals(op: OperationModel, req: AbstractRequest, values: Array<[FieldModel, string | undefined]>): AbstractRequest {
  let out = req;
  for (const [f, v] of values) if (v !== undefined) out = withField(op, out, f, v);
  return out;
}

/** Applies the vary tokens that name a declared field (`direct=true`, `content-type=application/xml`). */
function withFieldTokens(op: OperationModel, req: AbstractRequest, vary: VaryToken[]): AbstractRequest {
  let out = req;
  for (const t of vary) {
    if (!t.field) continue;
    const f = [...op.headers, ...op.query, ...op.parameters].find((x) => x.slug === t.key);
    if (!f) throw new Error(`${op.specId}: no field with slug "${t.key}" for vary token ${t.key}=${t.value}`);
    out = withField(op, out, f, f.type === 'flag' && t.value === BARE_FLAG ? null : t.value);
  }
  return out;
}

/** Items of a numbered group: unique names, each declared item type with a value its selected sub-field takes. */
function items(group: FieldModel, allTypes: boolean): fc.Arbitrary<NamedValue[]> {
  const types = itemTypes(group);
  const subs = group.numbered?.fields ?? [];
  const valueOf = (selects: string | undefined, examples: string[] | undefined): fc.Arbitrary<string> => {
    if (examples?.length) return fc.constantFrom(...examples);
    const sub = subs.find((s) => s.name === selects) ?? subs.find((s) => s.role === 'item-text-value');
    if (!sub) return textIn(XML_CHARS, { minLength: 1, maxLength: 16 });
    if (sub.type === 'base64') return fc.uint8Array({ minLength: 1, maxLength: 16 }).map((b) => Buffer.from(b).toString('base64'));
    return textIn(sub.charset ?? XML_CHARS, { minLength: 1, maxLength: 16 });
  };
  const perType = types.length ? types.map((t) => valueOf(t.selects, t.examples).map((value) => ({ type: t.value as string | undefined, value }))) : [valueOf(undefined, undefined).map((value) => ({ type: undefined as string | undefined, value }))];
  const item = fc.oneof(...perType);
  const fixed = allTypes ? types.length : 0;
  const max = Math.min(group.numbered?.maxItems ?? 3, allTypes ? fixed + 3 : 3);
  const firstOfEach = fc.tuple(...(allTypes ? perType : []));
  return fc.tuple(firstOfEach, fc.array(item, { minLength: allTypes ? 0 : 1, maxLength: Math.max(0, max - fixed) })).map(([each, rest]) =>
    [...each, ...rest].flatMap((it, i) => canonicalItem(group, i + 1, it.type, it.value).map(([name, v]) => ({ name, value: v }))),
  );
}

export function validRequest(op: OperationModel, ctx: GenContext, constraints: ValidRequestConstraints = {}): fc.Arbitrary<AbstractRequest> {
  const vary = constraints.vary ?? [];
  const max = constraints.maxTextLength ?? 48;
  const arb = (() => {
    switch (op.encoding.kind) {
      case 'aws-query':
        return awsQuery(op, ctx, vary, max);
      case 'atom-entry':
        return atomEntry(op, ctx, vary, max);
      case 'native-push':
        return nativePush(op, ctx, vary, max);
    }
  })();
  return fc.tuple(arb, optionalValues(op, ctx)).map(([req, optional]) => withFieldTokens(op, withOptionals(op, req, optional), vary));
}

function awsQuery(op: OperationModel, ctx: GenContext, vary: VaryToken[], max: number): fc.Arbitrary<AbstractRequest> {
  const body = fieldWithRole(op, 'message-body');
  const group = op.parameters.find((p) => p.numbered);
  // Required parameters that only this entity kind takes (a FIFO queue's group and deduplication ids).
  const entityOnly = op.parameters.filter((p) => p.required && p.appliesTo === ctx.entity && p.appliesTo !== 'any' && !p.numbered);
  const withItems = has(vary, 'with-attributes');
  const noItems = has(vary, 'without-attributes');
  const noEntityOnly = has(vary, 'without-fifo-parameters');
  const contentType = fieldWithRole(op, 'media-type');
  return fc
    .record({
      text: bodyText(varyValue(vary, 'body'), body?.charset ?? XML_CHARS, max),
      attrs: group && !noItems ? (withItems ? items(group, true) : fc.option(items(group, false), { nil: undefined })) : fc.constant(undefined),
      ids: fc.array(textIn(TOKEN_CHARS, { minLength: 1, maxLength: 24 }), { minLength: entityOnly.length, maxLength: entityOnly.length }),
      style: formStyle,
      contentType: headerSpelling(contentType) ?? fc.constant(undefined),
    })
    .map(({ text, attrs, ids, style, contentType: type }) => {
      let req = baseRequest(op, ctx, 'random');
      if (body) req = withField(op, req, body, text);
      entityOnly.forEach((f, i) => {
        req = withField(op, req, f, noEntityOnly ? undefined : `rp-${ids[i]}`);
      });
      if (attrs && req.body.kind === 'form') req.body.fields.push(...attrs);
      if (req.body.kind === 'form') req.body.style = style;
      if (contentType && type) req = withField(op, req, contentType, type);
      return req;
    });
}

function atomEntry(op: OperationModel, ctx: GenContext, vary: VaryToken[], max: number): fc.Arbitrary<AbstractRequest> {
  const kind = varyValue(vary, 'description') ?? 'text';
  const text = kind === 'unicode' ? textIn([[0x80, 0xd7ff], [0xe000, 0xfffd], [0x10000, 0x10ffff]], { minLength: 1, maxLength: max }) : textIn(XML_CHARS, { maxLength: max });
  const contentType = fieldWithRole(op, 'media-type');
  return fc
    .record({
      text,
      type: headerSpelling(contentType) ?? fc.constant(undefined),
    })
    .map(({ text: t, type }) => {
      let req = baseRequest(op, ctx, 'random');
      const escaped = t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
      req.body = kind === 'xml' ? { kind: 'atom', description: `<Note lang="en">${escaped}</Note>`, descriptionIsXml: true } : { kind: 'atom', description: t, descriptionIsXml: false };
      if (contentType && type) req = withField(op, req, contentType, type);
      return req;
    });
}

function nativePush(op: OperationModel, ctx: GenContext, vary: VaryToken[], max: number): fc.Arbitrary<AbstractRequest> {
  if (op.encoding.kind !== 'native-push') throw new Error('not a push operation');
  const enc = op.encoding;
  const selector = formatSelector(op);
  const allPlatforms = (selector?.enum ?? []).flatMap((e) => [e.value, ...e.alternatives]);
  const wantedKinds = vary.filter((v) => v.key === 'body').map((v) => v.value!);
  const variantToken = vary.find((v) => v.variant);
  const variant = variantToken ? enc.variants?.[variantToken.key] : undefined;
  let platforms = wantedKinds.length ? allPlatforms.filter((p) => wantedKinds.includes(bodyKindOf(op, p) ?? '')) : allPlatforms;
  if (variant) platforms = [variant.platform];
  const ct = fieldWithRole(op, 'media-type');
  const handle = fieldWithRole(op, 'device-handle');
  return fc
    .record({
      platform: fc.constantFrom(...platforms),
      text: textIn(XML_CHARS, { minLength: 1, maxLength: max }),
      typePick: fc.nat(),
      srHex: fc.constantFrom<'lower' | 'upper'>('lower', 'upper'),
    })
    .map(({ platform, text, typePick, srHex }) => {
      let req = baseRequest(op, ctx, 'random', platform);
      const kind = variant ? variant.body : (bodyKindOf(op, platform) ?? 'apns-json');
      req.body = { kind: 'raw', value: nativeBody(kind, text) };
      if (ct) {
        const documented = ct.dependsOn && Object.hasOwn(ct.dependsOn.values, platform) ? ct.dependsOn.values[platform] : undefined;
        const type = variant ? variant.contentType : documented ? documented[typePick % documented.length]! : undefined;
        if (type) req = withField(op, req, ct, type);
      }
      for (const [name, value] of Object.entries(variant?.headers ?? {})) req.headers.push({ name, value });
      if (handle) req = withField(op, req, handle, deviceHandleFor(op, ctx, platform));
      const hex = varyValue(vary, 'sr-hex') as 'lower' | 'upper' | undefined;
      const order = varyValue(vary, 'field-order') as 'sr-first' | 'sig-first' | undefined;
      req.authStyle = { srHex: hex ?? srHex, ...(order ? { fieldOrder: order } : {}) };
      return req;
    });
}
