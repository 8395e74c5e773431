/**
 * An independent validator of abstract requests, derived from the operation model with its own
 * byte and code-point counting. It shares no code with generators/, so a generator bug shows as
 * a disagreement instead of being checked against itself.
 */
import type { FieldModel, OperationModel } from '../../src/model/operation.js';
import type { AbstractRequest, TextValue } from '../../src/model/request.js';

export interface Violation {
  field: string;
  constraint: 'required' | 'type' | 'range' | 'length' | 'charset' | 'pattern' | 'value' | 'enum' | 'depends-on' | 'max-items';
}

/** The text of a value: a string as it is, raw bytes decoded when they are UTF-8; `null` otherwise. */
function textOf(v: TextValue): string | null {
  if (typeof v === 'string') return v;
  const bytes = Buffer.from(v.raw, 'base64');
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return Buffer.from(text, 'utf8').equals(bytes) ? text : null;
}

/**
 * The code point at `i` of `s` (a surrogate pair taken whole, its length then 2), or -1 for a
 * lone surrogate, which no UTF-8 encodes.
 */
function codePointAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c < 0xd800 || c > 0xdfff) return c;
  const d = c <= 0xdbff && i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
  return d >= 0xdc00 && d <= 0xdfff ? 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00) : -1;
}

/**
 * How many code points a value has; `null` when it is not a sequence of Unicode scalar values
 * encodable as UTF-8. Counted in place, no array per code point: bodies run to megabytes.
 */
function scalarCount(v: TextValue): number | null {
  const s = textOf(v);
  if (s === null) return null;
  let n = 0;
  for (let i = 0; i < s.length; i++, n++) {
    const cp = codePointAt(s, i);
    if (cp < 0) return null;
    if (cp > 0xffff) i++;
  }
  return n;
}

/** Whether a value is UTF-8 text whose every code point lies in `charset`. */
const CHARSET_RE = new WeakMap<ReadonlyArray<readonly [number, number]>, RegExp>();
function inCharset(v: TextValue, charset: ReadonlyArray<readonly [number, number]>): boolean {
  const s = textOf(v);
  // With the u flag a surrogate matches only unpaired: a lone one, which no UTF-8 encodes.
  if (s === null || /[\uD800-\uDFFF]/u.test(s)) return false;
  let re = CHARSET_RE.get(charset);
  if (!re) {
    re = new RegExp(`^[${charset.map(([lo, hi]) => `\\u{${lo.toString(16)}}-\\u{${hi.toString(16)}}`).join('')}]*$`, 'u');
    CHARSET_RE.set(charset, re);
  }
  return re.test(s);
}

/** Bytes on the wire: UTF-8, lone surrogates as 3 bytes, raw values as given. */
function wireBytes(v: TextValue): number {
  if (typeof v !== 'string') return Buffer.from(v.raw, 'base64').length;
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < v.length && v.charCodeAt(i + 1) >= 0xdc00 && v.charCodeAt(i + 1) <= 0xdfff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function characters(v: TextValue): number {
  return scalarCount(v) ?? wireBytes(v);
}

/** A media type in a comparable form: names lowercased, spaces dropped, parameters sorted. */
const mediaType = (s: string): string => {
  const [type, ...params] = s.split(';').map((p) => p.trim().toLowerCase().replace(/\s*=\s*/, '='));
  return [type, ...params.filter(Boolean).sort()].join(';');
};

function sameValue(a: string, b: string, asMediaType: boolean): boolean {
  return asMediaType ? mediaType(a) === mediaType(b) : a === b;
}

interface Located {
  present: boolean;
  value?: TextValue | null;
}

function locate(req: AbstractRequest, field: FieldModel, wire: string): Located {
  switch (field.kind) {
    case 'header': {
      const h = req.headers.find((x) => x.name.toLowerCase() === wire.toLowerCase());
      return h ? { present: true, value: h.value } : { present: false };
    }
    case 'query': {
      const q = req.query.find((x) => x.name === wire);
      return q ? { present: true, value: q.value } : { present: false };
    }
    case 'parameter': {
      if (req.body.kind !== 'form') return { present: false };
      const f = req.body.fields.find((x) => x.name === wire);
      return f ? { present: true, value: f.value } : { present: false };
    }
    case 'body':
      return req.body.kind === 'raw' ? { present: true, value: req.body.value } : { present: req.body.kind !== 'none' };
  }
}

/** Each pattern compiled once (none is global or sticky, so a compiled one keeps no state between tests). */
const REGEXPS = new Map<string, RegExp>();
function compiled(source: string, flags = ''): RegExp {
  const key = `${flags}/${source}`;
  let re = REGEXPS.get(key);
  if (!re) REGEXPS.set(key, (re = new RegExp(source, flags)));
  return re;
}

function applies(field: FieldModel, entity: string): boolean {
  return field.appliesTo === 'any' || field.appliesTo === entity;
}

function checkValue(op: OperationModel, req: AbstractRequest, field: FieldModel, wire: string, v: TextValue | null | undefined, out: Violation[]): void {
  if (field.name.toLowerCase() === op.auth.header.toLowerCase()) return; // the signer's business
  const bad = (constraint: Violation['constraint']): void => {
    out.push({ field: field.name, constraint });
  };
  if (v === null || v === undefined) {
    if (field.type !== 'flag' && field.kind !== 'body') bad('type');
    return;
  }
  const text = typeof v === 'string' ? v : null;
  if (field.type === 'integer' && (text === null || !/^-?\d+$/.test(text))) return bad('type');
  if (field.type === 'base64' && (text === null || !/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text) || text === '')) return bad('type');
  if (field.range && text !== null && /^-?\d+$/.test(text) && (Number(text) < field.range.min || Number(text) > field.range.max)) bad('range');
  if (field.length) {
    const n = field.length.unit === 'bytes' ? wireBytes(v) : characters(v);
    if ((field.length.max !== undefined && n > field.length.max) || (field.length.min !== undefined && n < field.length.min)) bad('length');
  }
  if (field.charset && !inCharset(v, field.charset)) bad('charset');
  if (field.pattern && (text === null || !compiled(field.pattern, 'u').test(text))) bad('pattern');
  if (field.value && (text === null || ![field.value.value, ...field.value.also].some((x) => sameValue(x, text, field.value!.mediaType !== false)))) bad('value');
  if (field.enum && (text === null || !field.enum.some((e) => e.value === text || e.alternatives.includes(text)))) bad('enum');
  if (field.dependsOn && text !== null) {
    const other = req.headers.find((h) => h.name.toLowerCase() === field.dependsOn!.field.toLowerCase());
    const key = typeof other?.value === 'string' ? other.value : undefined;
    const formatField = op.headers.find((h) => h.name.toLowerCase() === field.dependsOn!.field.toLowerCase());
    const canonicalKey = formatField?.enum?.find((e) => e.value === key || e.alternatives.includes(key ?? ''))?.value;
    const values = field.dependsOn.values;
    const allowed = key !== undefined && Object.hasOwn(values, key) ? values[key] : canonicalKey !== undefined && Object.hasOwn(values, canonicalKey) ? values[canonicalKey] : undefined;
    const rawWns = req.headers.some((h) => h.name.toLowerCase() === 'x-wns-type' && h.value === 'wns/raw');
    if (allowed && !rawWns && !allowed.some((x) => sameValue(x, text, field.dependsOn!.mediaType))) bad('depends-on');
  }
  void wire;
}

/** Every constraint of the operation that `req` breaks. */
export function violations(op: OperationModel, req: AbstractRequest): Violation[] {
  const out: Violation[] = [];
  const fields = [...op.headers, ...op.query, ...(op.body ? [op.body] : [])];
  if (req.body.kind === 'form') fields.push(...op.parameters);
  for (const field of fields) {
    if (!applies(field, req.entity)) continue;
    if (field.numbered) {
      if (req.body.kind !== 'form') continue;
      const indexes = new Set(
        req.body.fields.map((f) => compiled(`^${field.name.replace(/[.]/g, '\\.')}\\.(\\d+)\\.`).exec(f.name)?.[1]).filter((x): x is string => x !== undefined),
      );
      if (indexes.size > field.numbered.maxItems) out.push({ field: field.name, constraint: 'max-items' });
      for (const n of indexes) {
        for (const sub of field.numbered.fields) {
          const wire = sub.name.replace('{N}', n);
          const loc = locate(req, sub, wire);
          if (!loc.present) {
            if (sub.required) out.push({ field: sub.name, constraint: 'required' });
            continue;
          }
          checkValue(op, req, sub, wire, loc.value, out);
        }
      }
      continue;
    }
    const loc = field.name.toLowerCase() === op.auth.header.toLowerCase() ? { present: req.auth !== 'missing', value: 'signed' } : locate(req, field, field.name);
    if (!loc.present) {
      if (field.required) out.push({ field: field.name, constraint: 'required' });
      continue;
    }
    checkValue(op, req, field, field.name, loc.value, out);
  }
  return out;
}
