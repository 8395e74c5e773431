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

/** Code points of a value; `null` when it is not a sequence of Unicode scalar values encodable as UTF-8. */
function scalars(v: TextValue): number[] | null {
  if (typeof v !== 'string') {
    const bytes = Buffer.from(v.raw, 'base64');
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    return Buffer.from(text, 'utf8').equals(bytes) ? scalars(text) : null;
  }
  const out: number[] = [];
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < v.length) {
      const d = v.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out.push(0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00));
        i++;
        continue;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) return null; // a lone surrogate: no UTF-8 for it
    out.push(c);
  }
  return out;
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
  const s = scalars(v);
  return s ? s.length : wireBytes(v);
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
  if (field.charset) {
    const cps = scalars(v);
    if (!cps || cps.some((cp) => !field.charset!.some(([lo, hi]) => cp >= lo && cp <= hi))) bad('charset');
  }
  if (field.pattern && (text === null || !new RegExp(field.pattern, 'u').test(text))) bad('pattern');
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
        req.body.fields.map((f) => new RegExp(`^${field.name.replace(/[.]/g, '\\.')}\\.(\\d+)\\.`).exec(f.name)?.[1]).filter((x): x is string => x !== undefined),
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
