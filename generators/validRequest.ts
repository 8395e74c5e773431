/**
 * Requests a conforming target must accept: every constraint of the operation met at once,
 * values drawn across their whole domains (text across all of Unicode that the field allows),
 * and equivalent encodings varied as real clients vary them.
 */
import fc from 'fast-check';
import type { FieldModel, OperationModel } from '../src/model/operation.js';
import type { AbstractRequest, FormStyle, NamedValue } from '../src/model/request.js';
import type { VaryToken } from '../src/model/vary.js';
import { appliesTo, baseRequest, bodyKindOf, canonicalItem, deviceHandleFor, withField, type GenContext } from './_internals/build.js';
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
  return vary.find((v) => v.key === key)?.value;
}

function field(op: OperationModel, name: string): FieldModel | undefined {
  return [...op.headers, ...op.parameters, ...op.query].find((f) => f.name.toLowerCase() === name.toLowerCase());
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

/** Message attributes of the SQS shape: unique names, each data type with the value field it takes. */
function attributes(group: FieldModel, allTypes: boolean): fc.Arbitrary<NamedValue[]> {
  const item = fc.record({
    type: fc.constantFrom('String', 'Number', 'Binary'),
    text: textIn(XML_CHARS, { minLength: 1, maxLength: 16 }),
    number: fc.integer({ min: -1_000_000, max: 1_000_000 }).map(String),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }).map((b) => Buffer.from(b).toString('base64')),
  });
  const max = Math.min(group.numbered?.maxItems ?? 3, allTypes ? 6 : 3);
  return fc.array(item, { minLength: allTypes ? 0 : 1, maxLength: allTypes ? max - 3 : max }).map((items) => {
    const all = allTypes
      ? [{ type: 'String', text: 'ruleprobe', number: '1', bytes: 'AAEC' }, { type: 'Number', text: '', number: '42', bytes: '' }, { type: 'Binary', text: '', number: '', bytes: 'AAEC' }, ...items]
      : items;
    return all.flatMap((it, i) => {
      const value = it.type.startsWith('Binary') ? it.bytes : it.type.startsWith('Number') ? it.number : it.text;
      return canonicalItem(group, i + 1, it.type, value).map(([name, v]) => ({ name, value: v }));
    });
  });
}

export function validRequest(op: OperationModel, ctx: GenContext, constraints: ValidRequestConstraints = {}): fc.Arbitrary<AbstractRequest> {
  const vary = constraints.vary ?? [];
  const max = constraints.maxTextLength ?? 48;
  switch (op.encoding.kind) {
    case 'aws-query':
      return awsQuery(op, ctx, vary, max);
    case 'atom-entry':
      return atomEntry(op, ctx, vary, max);
    case 'native-push':
      return nativePush(op, ctx, vary, max);
  }
}

function awsQuery(op: OperationModel, ctx: GenContext, vary: VaryToken[], max: number): fc.Arbitrary<AbstractRequest> {
  const body = op.parameters.find((p) => /MessageBody$/.test(p.name));
  const delay = op.parameters.find((p) => p.range && appliesTo(p, ctx.entity) && !p.required);
  const group = op.parameters.find((p) => p.numbered);
  const fifo = op.parameters.filter((p) => p.appliesTo === 'fifo-queue' && appliesTo(p, ctx.entity));
  const withAttrs = has(vary, 'with-attributes');
  const noAttrs = has(vary, 'without-attributes');
  const noFifo = has(vary, 'without-fifo-parameters');
  return fc
    .record({
      text: bodyText(varyValue(vary, 'body'), body?.charset ?? XML_CHARS, max),
      delay: delay?.range ? fc.option(fc.integer(delay.range), { nil: undefined }) : fc.constant(undefined),
      attrs: group && !noAttrs ? (withAttrs ? attributes(group, true) : fc.option(attributes(group, false), { nil: undefined })) : fc.constant(undefined),
      ids: fc.array(textIn(TOKEN_CHARS, { minLength: 1, maxLength: 24 }), { minLength: fifo.length, maxLength: fifo.length }),
      style: formStyle,
      contentType: headerSpelling(field(op, 'Content-Type')) ?? fc.constant(undefined),
    })
    .map(({ text, delay: d, attrs, ids, style, contentType }) => {
      let req = baseRequest(op, ctx, 'random');
      if (body) req = withField(op, req, body, text);
      if (delay && d !== undefined) req = withField(op, req, delay, String(d));
      fifo.forEach((f, i) => {
        req = withField(op, req, f, noFifo ? undefined : `rp-${ids[i]}`);
      });
      if (attrs && req.body.kind === 'form') req.body.fields.push(...attrs);
      if (req.body.kind === 'form') req.body.style = style;
      const ct = field(op, 'Content-Type');
      if (ct && contentType) req = withField(op, req, ct, contentType);
      return req;
    });
}

function atomEntry(op: OperationModel, ctx: GenContext, vary: VaryToken[], max: number): fc.Arbitrary<AbstractRequest> {
  const kind = varyValue(vary, 'description') ?? 'text';
  const retry = field(op, 'x-ms-retrypolicy');
  const text = kind === 'unicode' ? textIn([[0x80, 0xd7ff], [0xe000, 0xfffd], [0x10000, 0x10ffff]], { minLength: 1, maxLength: max }) : textIn(XML_CHARS, { maxLength: max });
  return fc
    .record({
      text,
      retry: retry?.enum ? fc.option(fc.constantFrom(...retry.enum.map((e) => e.value)), { nil: undefined }) : fc.constant(undefined),
      contentType: headerSpelling(field(op, 'Content-Type')) ?? fc.constant(undefined),
    })
    .map(({ text: t, retry: r, contentType }) => {
      let req = baseRequest(op, ctx, 'random');
      const escaped = t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
      req.body = kind === 'xml' ? { kind: 'atom', description: `<Note lang="en">${escaped}</Note>`, descriptionIsXml: true } : { kind: 'atom', description: t, descriptionIsXml: false };
      if (retry && r !== undefined) req = withField(op, req, retry, r);
      const ct = field(op, 'Content-Type');
      if (ct && contentType) req = withField(op, req, ct, contentType);
      return req;
    });
}

function nativePush(op: OperationModel, ctx: GenContext, vary: VaryToken[], max: number): fc.Arbitrary<AbstractRequest> {
  if (op.encoding.kind !== 'native-push') throw new Error('not a push operation');
  const enc = op.encoding;
  const formatField = field(op, enc.formatHeader);
  const allPlatforms = (formatField?.enum ?? []).flatMap((e) => [e.value, ...e.alternatives]);
  const wantedKinds = vary.filter((v) => v.key === 'body').map((v) => v.value!);
  const wnsRaw = has(vary, 'wns-raw');
  let platforms = wantedKinds.length ? allPlatforms.filter((p) => wantedKinds.includes(bodyKindOf(op, p) ?? '')) : allPlatforms;
  if (wnsRaw) platforms = Object.keys(enc.platforms).filter((p) => enc.platforms[p]!.body === 'wns-xml');
  const ct = field(op, 'Content-Type');
  const tags = op.headers.find((h) => /Tags$/i.test(h.name));
  const forcedType = varyValue(vary, 'content-type');
  const direct = varyValue(vary, 'direct');
  return fc
    .record({
      platform: fc.constantFrom(...platforms),
      text: textIn(XML_CHARS, { minLength: 1, maxLength: max }),
      typePick: fc.nat(),
      tag: has(vary, 'tags') ? textIn(TOKEN_CHARS, { minLength: 1, maxLength: 20 }) : fc.option(textIn(TOKEN_CHARS, { minLength: 1, maxLength: 20 }), { nil: undefined }),
      srHex: fc.constantFrom<'lower' | 'upper'>('lower', 'upper'),
    })
    .map(({ platform, text, typePick, tag, srHex }) => {
      let req = baseRequest(op, ctx, 'random', platform);
      const kind = wnsRaw ? 'wns-raw' : (bodyKindOf(op, platform) ?? 'apns-json');
      req.body = { kind: 'raw', value: nativeBody(kind, text) };
      if (ct) {
        const documented = ct.dependsOn && Object.hasOwn(ct.dependsOn.values, platform) ? ct.dependsOn.values[platform] : undefined;
        const type = forcedType ?? (wnsRaw ? 'application/octet-stream' : documented ? documented[typePick % documented.length]! : undefined);
        if (type) req = withField(op, req, ct, type);
      }
      if (wnsRaw) req.headers.push({ name: 'X-WNS-Type', value: 'wns/raw' });
      if (tags && tag !== undefined) req = withField(op, req, tags, tag);
      const handle = op.headers.find((h) => /DeviceHandle$/i.test(h.name));
      if (handle) req = withField(op, req, handle, deviceHandleFor(op, ctx, platform));
      if (direct) req.query = req.query.map((q) => (q.name === 'direct' ? { name: 'direct', value: direct === 'true' ? 'true' : null } : q));
      const hex = varyValue(vary, 'sr-hex') as 'lower' | 'upper' | undefined;
      const order = varyValue(vary, 'field-order') as 'sr-first' | 'sig-first' | undefined;
      req.authStyle = { srHex: hex ?? srHex, ...(order ? { fieldOrder: order } : {}) };
      return req;
    });
}
