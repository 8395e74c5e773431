/**
 * Deterministic cases of a constraint rule: at each limit, one past it, one before; every
 * endpoint of each allowed and forbidden code-point range; each listed value. Every case is the
 * canonical valid request with one field changed, so it breaks exactly one rule. Each rule also
 * carries a positive control, so a target that rejects everything cannot pass a rejection rule.
 */
import type { FieldModel, OperationModel } from '../src/model/operation.js';
import type { AbstractRequest, RequestCase, TextValue } from '../src/model/request.js';
import type { Rule } from '../src/model/rule.js';
import { sameMediaType } from '../src/model/media-type.js';
import {
  baseRequest,
  canonicalValue,
  contentTypeFor,
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

function differentValue(v: string, mediaType: boolean, allowed: string[] = [v]): string[] {
  if (mediaType) {
    const [type, ...params] = v.split(';').map((p) => p.trim());
    // Other types, and the same type with one of its parameters missing.
    const candidates = ['text/plain', 'application/json', 'application/xml', 'application/octet-stream', ...params.map((_, i) => [type, ...params.filter((_p, j) => j !== i)].join(';'))];
    return [...new Set(candidates)].filter((c) => !allowed.some((a) => sameMediaType(a, c)));
  }
  if (/^\d{4}-\d{2}(-\d{2})?$/.test(v)) return [`${Number(v.slice(0, 4)) - 1}${v.slice(4)}`, 'abc'];
  return [`Ruleprobe${v.replace(/[^A-Za-z]/g, '')}Unknown`];
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
  const add = (label: string, expect: 'accept' | 'reject', request: AbstractRequest, anyOf?: string): void => {
    cases.push({ ruleId: rule.id, label, origin: 'boundary', expect, request, ...(anyOf ? { anyOf } : {}) });
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
      lengthCases(field, stimulus.detail, op, ctx, base, set, add);
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
      break;
    }
    case 'enum-value': {
      const { value } = stimulus.detail;
      const alternatives = field.enum?.find((e) => e.value === value)?.alternatives ?? [];
      const group = alternatives.length ? `${rule.id}#spelling` : undefined;
      for (const v of [value, ...alternatives]) add(`${D} = ${JSON.stringify(v)}`, 'accept', enumRequest(op, ctx, host, field, v), group);
      break;
    }
    case 'enum-unlisted': {
      control();
      const listed = (field.enum ?? []).flatMap((e) => [e.value, ...e.alternatives]);
      const first = field.enum?.[0]?.value ?? '';
      const recased = first === first.toLowerCase() ? first.toUpperCase() : first.toLowerCase();
      for (const v of ['RuleprobeUnlisted', '', recased].filter((x, i, all) => !listed.includes(x) && all.indexOf(x) === i)) {
        add(`${D} = ${JSON.stringify(v)} (not listed)`, 'reject', enumRequest(op, ctx, host, field, v));
      }
      break;
    }
    case 'depends-on': {
      const { field: other, values, mediaType } = stimulus.detail;
      const mismatch = rule.expect.outcome === 'reject';
      for (const [key, allowed] of Object.entries(values)) {
        const forKey = baseRequest(op, ctx, rule.id, key);
        if (!mismatch) {
          for (const v of allowed) add(`${other} = ${JSON.stringify(key)}, ${D} = ${JSON.stringify(v)}`, 'accept', withField(op, forKey, field, v));
          continue;
        }
        const same = (a: string, b: string): boolean => (mediaType ? sameMediaType(a, b) : a === b);
        // Values documented for other keys, and one no key uses.
        const candidates = [...new Set([...Object.values(values).flat(), mediaType ? 'text/plain' : 'ruleprobe-undocumented'])];
        const foreign = candidates.filter((v) => !allowed.some((a) => same(a, v)));
        if (foreign.length) add(`${other} = ${JSON.stringify(key)} (control)`, 'accept', withField(op, forKey, field, contentTypeFor(op, key)));
        for (const v of foreign) add(`${other} = ${JSON.stringify(key)}, ${D} = ${JSON.stringify(v)} (documented for another ${other})`, 'reject', withField(op, forKey, field, v));
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

function lengthCases(
  field: FieldModel,
  d: { unit: 'bytes' | 'characters'; min?: number; max?: number },
  op: OperationModel,
  ctx: GenContext,
  base: AbstractRequest,
  set: (v: TextValue | null | undefined) => AbstractRequest,
  add: Add,
): void {
  const ranges: Ranges = field.charset ?? [[0x20, 0x7e]];
  const D = field.display;
  if (field.kind === 'body') {
    // The whole body: a well-formed body of the family (for the canonical platform), sized to the byte, ending in multi-byte characters.
    const sized = familyGeneration(op).sizedBody;
    if (!sized) throw new Error(`${op.specId}: the ${op.encoding.kind} family cannot build a body of an exact size`);
    const selection = platformOf(op, base);
    const tail = 'é中😀';
    for (const [n, expect, note] of [
      [d.max! - 1, 'accept', 'max − 1'],
      [d.max!, 'accept', 'max'],
      [d.max! + 1, 'reject', 'max + 1'],
    ] as const) {
      const body = sized(op, selection, n, tail);
      add(`body of ${n} bytes (${note}), ${body.kind} ending in multi-byte characters`, expect, withField(op, base, field, body.value));
    }
    void ctx;
    return;
  }
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

