/**
 * Deterministic cases of a constraint rule: at each limit, one past it, one before; every
 * endpoint of each allowed and forbidden code-point range; each listed value. Every case is the
 * canonical valid request with one field changed, so it breaks exactly one rule. Each rule also
 * carries a positive control, so a target that rejects everything cannot pass a rejection rule.
 */
import type { FieldModel, OperationModel } from '../src/model/operation.js';
import type { AbstractRequest, RequestCase, TextValue } from '../src/model/request.js';
import type { Rule } from '../src/model/rule.js';
import { matchesMediaType, parseMediaType, sameMediaType, type MediaTypeMatch } from '../src/model/media-type.js';
import {
  baseRequest,
  canonicalValue,
  contentTypeFor,
  formatSelector,
  groupOf,
  itemTypeSelecting,
  platformOf,
  withField,
  withItem,
  withoutItem,
  type GenContext,
} from './_internals/build.js';
import { codePointOfWidth, complement, endpoints, fromCodePoints, inRanges, stringOfBytes, utf8Width, type Ranges } from './_internals/codePoints.js';
import { familyBody } from '../src/families/body.js';
import { familyOf } from '../src/families/catalog.js';
import { familyGeneration } from '../src/families/generation.js';

export function findField(op: OperationModel, kind: string, name: string): FieldModel | undefined {
  const lists: FieldModel[] = [...op.headers, ...op.query, ...op.parameters, ...(op.body ? [op.body] : [])];
  for (const f of lists) {
    if (f.kind === kind && f.name.toLowerCase() === name.toLowerCase()) return f;
    for (const sub of f.numbered?.fields ?? []) if (sub.kind === kind && sub.name === name) return sub;
  }
  return undefined;
}

const hex = (cp: number): string => `#x${cp.toString(16).toUpperCase()}`;

/** Values of a different type, each one violation. */
const NOT_INTEGER = ['abc', '1.5', '', ' 1', '0x10'];
const NOT_BASE64 = ['not base64!', 'QUJD=', '====', 'Q'];

/** Other media types, and `v` with one of its parameters missing: the candidates a media-type value is compared with. */
function otherMediaTypes(v: string): string[] {
  const [type, ...params] = v.split(';').map((p) => p.trim());
  return [...new Set(['text/plain', 'application/json', 'application/xml', 'application/octet-stream', ...params.map((_, i) => [type, ...params.filter((_p, j) => j !== i)].join(';'))])];
}

/** The values that are not the documented one: under `charset-optional`, `v` without its charset is not among them. */
function differentValue(v: string, mediaType: false | MediaTypeMatch, allowed: string[] = [v]): string[] {
  if (mediaType) return otherMediaTypes(v).filter((c) => !allowed.some((a) => matchesMediaType(a, c, mediaType)));
  if (/^\d{4}-\d{2}(-\d{2})?$/.test(v)) return [`${Number(v.slice(0, 4)) - 1}${v.slice(4)}`, 'abc'];
  return [`Ruleprobe${v.replace(/[^A-Za-z]/g, '')}Unknown`];
}

function withoutCharset(v: string): string {
  return v
    .split(';')
    .filter((p) => !/^\s*charset\s*=/i.test(p))
    .join(';');
}

export function constraintCases(rule: Rule, op: OperationModel, ctx: GenContext): RequestCase[] {
  if (rule.stimulus.kind !== 'constraint') return [];
  const stimulus = rule.stimulus;
  const { subject } = stimulus;
  const field = findField(op, subject.kind, subject.name);
  if (!field) throw new Error(`${rule.id}: no field ${subject.kind} ${subject.name} in the operation`);
  const base = baseRequest(op, ctx, rule.id);
  const group = groupOf(op, field);
  // A sub-field of a numbered group is exercised in item 1 of an otherwise canonical array.
  const host = group ? withItems(op, base, group, 1, itemTypeSelecting(group, field)) : base;
  const cases: RequestCase[] = [];
  const add = (label: string, expect: 'accept' | 'reject', request: AbstractRequest): void => {
    cases.push({ ruleId: rule.id, label, origin: 'boundary', expect, request });
  };
  const set = (value: TextValue | null | undefined): AbstractRequest => withField(op, host, field, value);
  const D = field.display;
  const canonical = canonicalValue(field);
  const control = (): void => {
    // The canonical request already carries a value that fits every other field (a Content-Type
    // that matches the platform, say); only when it leaves the field out is one added.
    if (field.kind === 'body' || present(op, host, field)) return add(`${D} as in the canonical request (control)`, 'accept', host);
    add(`${D} = ${JSON.stringify(canonical)} (control)`, 'accept', set(canonical));
  };

  switch (stimulus.constraint) {
    case 'required':
      if (field.name.toLowerCase() === op.auth.header.toLowerCase()) {
        // The signer writes this header; leaving it out is an unsigned request.
        add('signed request (control)', 'accept', base);
        add(`without ${D} (unsigned)`, 'reject', { ...base, auth: 'missing' });
        break;
      }
      control();
      add(`without ${D}`, 'reject', set(undefined));
      break;
    case 'optional':
      add(`without ${D}`, 'accept', set(undefined));
      if (field.numbered) add(`with one ${D} entry`, 'accept', withItems(op, base, field, 1));
      else if (canonical !== null || field.type === 'flag') add(`with ${D} = ${JSON.stringify(canonical)}`, 'accept', set(canonical));
      break;
    case 'type':
      control();
      for (const v of field.type === 'integer' ? NOT_INTEGER : NOT_BASE64) add(`${D} = ${JSON.stringify(v)}`, 'reject', set(v));
      break;
    case 'range': {
      const { min, max } = stimulus.detail;
      add(`${D} = ${min - 1} (min − 1)`, 'reject', set(String(min - 1)));
      add(`${D} = ${min} (min)`, 'accept', set(String(min)));
      add(`${D} = ${max} (max)`, 'accept', set(String(max)));
      add(`${D} = ${max + 1} (max + 1)`, 'reject', set(String(max + 1)));
      break;
    }
    case 'length':
      if (field.kind === 'body') bodyLengthCases(rule, field, stimulus.detail, op, ctx, cases);
      else if (field.role === 'device-handle') {
        // A handle comes from the target config: the configured one is the only valid value there is,
        // so only the rejections are made up (an empty handle), never an accepted handle.
        control();
        if (stimulus.detail.min !== undefined && stimulus.detail.min > 0) add(`${D} of ${stimulus.detail.min - 1} characters (min − 1)`, 'reject', set(stringOfBytes(stimulus.detail.min - 1, field.charset ?? [[0x20, 0x7e]], 1) ?? ''));
      } else {
        // Readings with a limit of their own (send: each): each reading's boundaries, each case
        // judged by every reading — a size they disagree on passes either way.
        const limits = readingLimits(rule, stimulus.detail.max);
        if (limits.length <= 1) lengthCases(field, stimulus.detail, set, add);
        else {
          limits.forEach((l, i) => {
            const { min: _min, ...withoutMin } = stimulus.detail;
            lengthCases(field, { ...(i === 0 ? stimulus.detail : withoutMin), max: l.max }, set, (label, expect, request) => {
              const n = sizeOf(fieldValue(op, request, field), stimulus.detail.unit);
              if (expect === 'reject' && (n === undefined || n <= Math.min(...limits.map((x) => x.max)))) return add(`${label} [${l.id}]`, expect, request);
              const allow = limits.filter((x) => n === undefined || n <= x.max).map((x) => x.id);
              const forbid = limits.filter((x) => n !== undefined && n > x.max).map((x) => x.id);
              const judged = forbid.length === 0 ? 'accept' : allow.length === 0 ? 'reject' : 'either';
              cases.push({ ruleId: rule.id, label: `${label} [${l.id}]`, origin: 'boundary', expect: judged, ...(judged === 'either' ? { readings: { accept: allow, reject: forbid } } : {}), request });
            });
          });
        }
      }
      break;
    case 'charset':
      charsetCases(field, stimulus.detail.ranges, familyOf(op).rawTextBytes, set, add);
      break;
    case 'pattern': {
      const examples = stimulus.detail.examples ?? {};
      control();
      for (const v of examples.valid ?? []) add(`${D} = ${JSON.stringify(v)} (matches)`, 'accept', set(v));
      for (const v of examples.invalid ?? []) add(`${D} = ${JSON.stringify(v)} (does not match)`, 'reject', set(v));
      break;
    }
    case 'value': {
      const { value, also, mediaType } = stimulus.detail;
      // Each documented value as the document writes it; its equivalent spellings (case, spaces,
      // parameter order) are rules of their own, which name them as vary tokens.
      for (const v of [value, ...also]) add(`${D} = ${JSON.stringify(v)}`, 'accept', set(v));
      for (const v of differentValue(value, mediaType, [value, ...also])) add(`${D} = ${JSON.stringify(v)} (not documented)`, 'reject', set(v));
      if (mediaType === 'charset-optional') {
        // Whether a missing charset must be refused the document does not say: the value without
        // it is sent once, and either answer passes (the record names the reading it fits).
        for (const v of [value, ...also].filter((x) => parseMediaType(x)?.parameters.has('charset'))) {
          const bare = otherMediaTypes(v).find((c) => sameMediaType(c, withoutCharset(v)))!;
          cases.push({ ruleId: rule.id, label: `${D} = ${JSON.stringify(bare)} (charset omitted: either reading)`, origin: 'boundary', expect: 'either', readings: { accept: ['charset-optional'], reject: ['charset-required'] }, request: set(bare) });
        }
      }
      break;
    }
    case 'enum-value': {
      const { value } = stimulus.detail;
      const readings = field.enum?.find((e) => e.value === value)?.readings;
      if (readings) {
        // Either of the spellings: the first reading's, then each other one while the target refuses it.
        const [first, ...rest] = readings;
        cases.push({
          ruleId: rule.id,
          label: `${D} = ${readings.map((r) => JSON.stringify(r.value)).join(' or ')}`,
          origin: 'boundary',
          expect: 'accept',
          reading: first!.id,
          request: enumRequest(op, ctx, host, field, first!.value),
          eitherOf: rest.map((r) => ({ reading: r.id, request: enumRequest(op, ctx, host, field, r.value) })),
        });
      } else add(`${D} = ${JSON.stringify(value)}`, 'accept', enumRequest(op, ctx, host, field, value));
      // Where the document says case does not matter, the value in another case is the same value.
      if (field.caseSensitive === false) add(`${D} = ${JSON.stringify(recase(value))} (case does not matter)`, 'accept', enumRequest(op, ctx, host, field, recase(value)));
      break;
    }
    case 'enum-unlisted': {
      control();
      const listed = (field.enum ?? []).flatMap((e) => [e.value, ...e.alternatives]);
      const first = field.enum?.[0]?.value ?? '';
      // Another case is unlisted only where the document says case matters; where it is silent, it is not sent.
      const recased = field.caseSensitive === true ? [recase(first)] : [];
      const taken = (x: string): boolean => listed.includes(x) || (field.caseSensitive === false && listed.some((l) => l.toLowerCase() === x.toLowerCase()));
      for (const v of ['RuleprobeUnlisted', '', ...recased].filter((x, i, all) => !taken(x) && all.indexOf(x) === i)) {
        add(`${D} = ${JSON.stringify(v)} (not listed)`, 'reject', enumRequest(op, ctx, host, field, v));
      }
      break;
    }
    case 'depends-on': {
      const { field: other, values, mediaType } = stimulus.detail;
      const mismatch = rule.expect.outcome === 'reject';
      // A media type travels with a body of that type (an XML toast as application/xml, JSON as application/json).
      const withValue = (req: AbstractRequest, key: string, v: string): AbstractRequest => {
        const out = withField(op, req, field, v);
        const body = mediaType && field.role === 'media-type' ? familyGeneration(op).bodyForMediaType?.(op, key, v) : undefined;
        return body ? { ...out, body } : out;
      };
      for (const [key, allowed] of Object.entries(values)) {
        const forKey = baseRequest(op, ctx, rule.id, key);
        if (!mismatch) {
          for (const v of allowed) add(`${other} = ${JSON.stringify(key)}, ${D} = ${JSON.stringify(v)}`, 'accept', withValue(forKey, key, v));
          continue;
        }
        // Only another media type is a mismatch: the document lists what it takes, not that a near
        // variant (the same type with other parameters, application/xml;charset=utf-8 for application/xml) is refused.
        const same = (a: string, b: string): boolean => (mediaType ? essence(a) === essence(b) : a === b);
        // Values documented for other keys, and one no key uses.
        const candidates = [...new Set([...Object.values(values).flat(), mediaType ? 'text/plain' : 'ruleprobe-undocumented'])];
        const foreign = candidates.filter((v) => !allowed.some((a) => same(a, v))).filter((v, i, all) => all.findIndex((x) => same(x, v)) === i);
        if (foreign.length) add(`${other} = ${JSON.stringify(key)} (control)`, 'accept', withValue(forKey, key, contentTypeFor(op, key)));
        for (const v of foreign) add(`${other} = ${JSON.stringify(key)}, ${D} = ${JSON.stringify(v)} (documented for another ${other})`, 'reject', withValue(forKey, key, v));
      }
      break;
    }
    case 'max-items': {
      const { max } = stimulus.detail;
      add(`${max} ${D} entries (max)`, 'accept', withItems(op, base, field, max));
      add(`${max + 1} ${D} entries (max + 1)`, 'reject', withItems(op, base, field, max + 1));
      break;
    }
    case 'unique':
      break;
  }
  return cases;
}

/**
 * The limits a length rule's readings give (`send: each`, an alternative's `max`), the declared
 * one first (named by the reading that gives it, else `as written`); one limit when there are no such readings.
 */
function readingLimits(rule: Rule, max: number | undefined): Array<{ id: string; max: number }> {
  if (max === undefined) return [];
  const alternatives = rule.ambiguity?.send === 'each' ? rule.ambiguity.alternatives.filter((a) => a.accepted && a.max !== undefined) : [];
  const primary = alternatives.find((a) => a.max === max)?.id ?? 'as written';
  return [{ id: primary, max }, ...alternatives.map((a) => ({ id: a.id, max: a.max! }))].filter((l, i, all) => all.findIndex((x) => x.max === l.max) === i);
}

/** The value a request gives a field, as text (undefined: absent, or bytes no string holds). */
function fieldValue(op: OperationModel, req: AbstractRequest, field: FieldModel): string | undefined {
  if (field.kind === 'header') {
    const v = req.headers.find((h) => h.name.toLowerCase() === field.name.toLowerCase())?.value;
    return typeof v === 'string' ? v : undefined;
  }
  if (field.kind === 'query') return req.query.find((q) => q.name === field.name)?.value ?? undefined;
  const v = familyBody(op).get(op, req.body, field, 1);
  return typeof v === 'string' ? v : undefined;
}

/** The size of a value in the unit of its limit (UTF-8 bytes, lone surrogates as their 3 WTF-8 bytes; or characters). */
function sizeOf(v: string | undefined, unit: 'bytes' | 'characters'): number | undefined {
  if (v === undefined) return undefined;
  const cps = [...v].map((c) => c.codePointAt(0)!);
  return unit === 'characters' ? cps.length : cps.reduce((n, cp) => n + utf8Width(cp), 0);
}

/** The value in another case: upper case, or lower case when it is upper case already. */
function recase(v: string): string {
  return v === v.toLowerCase() ? v.toUpperCase() : v.toLowerCase();
}

/** `type/subtype` of a media type, lower-cased. */
function essence(v: string): string {
  return v.split(';')[0]!.trim().toLowerCase();
}

function present(op: OperationModel, req: AbstractRequest, field: FieldModel): boolean {
  const name = field.name.replace('{N}', '1');
  if (field.kind === 'header') return req.headers.some((h) => h.name.toLowerCase() === name.toLowerCase());
  if (field.kind === 'query') return req.query.some((q) => q.name === name);
  return familyBody(op).get(op, req.body, field, 1) !== undefined;
}

type Add = (label: string, expect: 'accept' | 'reject', request: AbstractRequest) => void;

/** `req` with `count` items of a numbered group (names attr1..attrN, of item type `type`, else the canonical one). */
export function withItems(op: OperationModel, req: AbstractRequest, group: FieldModel, count: number, type?: string): AbstractRequest {
  let out = req;
  for (let n = 1; n <= count; n++) out = withItem(op, out, group, n, type);
  return out;
}

/** An enumerated value set on its own, or — for the format selector — with the selected platform's whole request. */
function enumRequest(op: OperationModel, ctx: GenContext, host: AbstractRequest, field: FieldModel, value: string): AbstractRequest {
  if (field.role === 'format-selector') return baseRequest(op, ctx, `enum:${value}`, value);
  const group = groupOf(op, field);
  // Changing an item's type changes which value sub-field the item carries.
  if (group && field.role === 'item-type') return withItem(op, withoutItem(op, host, group, 1), group, 1, value);
  return withField(op, host, field, value);
}

/**
 * The whole body at its limit: for every selection (each platform), a well-formed body of the
 * family sized to the byte and ending in multi-byte characters, one byte under, at and over the
 * limit — of every reading of the limit (`send: each`, "64 Kb" as 65,536 or 64,000 bytes). A size
 * every reading allows is accepted, one every reading forbids rejected, and one the readings
 * disagree on may be either (`expect: either`, naming which reading allows it).
 */
function bodyLengthCases(rule: Rule, field: FieldModel, d: { max?: number }, op: OperationModel, ctx: GenContext, cases: RequestCase[]): void {
  const sized = familyGeneration(op).sizedBody;
  if (!sized) throw new Error(`${op.specId}: the ${op.encoding.kind} family cannot build a body of an exact size`);
  const limits = readingLimits(rule, d.max);
  const sizes = [...new Set(limits.flatMap((l) => [l.max - 1, l.max, l.max + 1]))].sort((a, b) => a - b);
  const base = baseRequest(op, ctx, rule.id);
  const selections = formatSelector(op)?.enum?.map((e) => e.value) ?? [platformOf(op, base)];
  const tail = 'é中😀';
  for (const selection of selections) {
    const host = selection === undefined ? base : baseRequest(op, ctx, rule.id, selection);
    for (const n of sizes) {
      const allow = limits.filter((l) => n <= l.max).map((l) => l.id);
      const forbid = limits.filter((l) => n > l.max).map((l) => l.id);
      const expect = forbid.length === 0 ? 'accept' : allow.length === 0 ? 'reject' : 'either';
      const notes = limits.map((l) => (n === l.max ? `${l.id} max` : n === l.max - 1 ? `${l.id} max − 1` : n === l.max + 1 ? `${l.id} max + 1` : '')).filter((x) => x);
      const body = sized(op, selection, n, tail);
      cases.push({
        ruleId: rule.id,
        label: `${selection !== undefined ? `${selection}: ` : ''}body of ${n} bytes (${notes.join(', ')}), ${body.kind} ending in multi-byte characters`,
        origin: 'boundary',
        expect,
        ...(expect === 'either' ? { readings: { accept: allow, reject: forbid } } : {}),
        request: withField(op, host, field, body.value),
      });
    }
  }
}

function lengthCases(
  field: FieldModel,
  d: { unit: 'bytes' | 'characters'; min?: number; max?: number },
  set: (v: TextValue | null | undefined) => AbstractRequest,
  add: Add,
): void {
  const ranges: Ranges = field.charset ?? [[0x20, 0x7e]];
  const D = field.display;
  if (d.unit === 'bytes') {
    if (d.max !== undefined) {
      for (const width of [1, 2, 3, 4] as const) {
        const at = stringOfBytes(d.max, ranges, width);
        if (at === undefined) continue;
        add(`${D} of ${d.max} bytes (max) in ${width}-byte characters`, 'accept', set(at));
        add(`${D} of ${d.max + 1} bytes (max + 1) in ${width}-byte characters`, 'reject', set(stringOfBytes(d.max + 1, ranges, width)!));
      }
      add(`${D} of ${d.max - 1} bytes (max − 1)`, 'accept', set(stringOfBytes(d.max - 1, ranges, 1)!));
      const two = codePointOfWidth(ranges, 2);
      if (two !== undefined && d.max % 2 === 0) {
        // A limit counted in characters would let this through: max characters, twice max bytes.
        add(`${D} of ${d.max / 2 + 1} two-byte characters (${d.max + 2} bytes: within max characters, over max bytes)`, 'reject', set(String.fromCodePoint(two).repeat(d.max / 2 + 1)));
      }
    }
    if (d.min !== undefined && d.min > 0) {
      add(`${D} of ${d.min} bytes (min)`, 'accept', set(stringOfBytes(d.min, ranges, 1)!));
      add(`${D} of ${d.min - 1} bytes (min − 1)`, 'reject', set(stringOfBytes(d.min - 1, ranges, 1) ?? ''));
    }
    return;
  }
  const one = codePointOfWidth(ranges, 1) ?? endpoints(ranges)[0]!;
  const wide = [4, 3, 2].map((w) => codePointOfWidth(ranges, w as 2 | 3 | 4)).find((cp) => cp !== undefined);
  const str = (n: number, cp: number): string => String.fromCodePoint(cp).repeat(n);
  if (d.max !== undefined) {
    add(`${D} of ${d.max} characters (max)`, 'accept', set(str(d.max, one)));
    if (wide !== undefined) add(`${D} of ${d.max} ${utf8Width(wide)}-byte characters (max characters, ${d.max * utf8Width(wide)} bytes)`, 'accept', set(str(d.max, wide)));
    add(`${D} of ${d.max - 1} characters (max − 1)`, 'accept', set(str(d.max - 1, one)));
    add(`${D} of ${d.max + 1} characters (max + 1)`, 'reject', set(str(d.max + 1, one)));
  }
  if (d.min !== undefined && d.min > 0) {
    add(`${D} of ${d.min} characters (min)`, 'accept', set(str(d.min, one)));
    add(`${D} of ${d.min - 1} characters (min − 1)`, 'reject', set(str(d.min - 1, one)));
  }
}

function charsetCases(field: FieldModel, ranges: Ranges, rawBytes: boolean, set: (v: TextValue | null | undefined) => AbstractRequest, add: Add): void {
  const D = field.display;
  const anchor = codePointOfWidth(ranges, 1, 0x72) ?? endpoints(ranges)[0]!;
  const around = (cp: number): string => fromCodePoints([anchor, cp, anchor]);
  for (const cp of endpoints(ranges)) add(`${D} with ${hex(cp)} (allowed edge)`, 'accept', set(around(cp)));
  const forbidden = complement(ranges);
  for (const cp of endpoints(forbidden)) {
    const note = cp >= 0xd800 && cp <= 0xdfff ? 'lone surrogate, sent as WTF-8 bytes' : 'forbidden edge';
    add(`${D} with ${hex(cp)} (${note})`, 'reject', set(around(cp)));
  }
  if (rawBytes && !inRanges(0xd800, ranges)) {
    // Bytes that are no UTF-8 at all: C3 followed by a non-continuation byte.
    const raw = Buffer.concat([Buffer.from(String.fromCodePoint(anchor)), Buffer.from([0xc3, 0x28]), Buffer.from(String.fromCodePoint(anchor))]);
    add(`${D} with the invalid UTF-8 sequence C3 28`, 'reject', set({ raw: raw.toString('base64') }));
  }
}

