/**
 * The canonical valid request of an operation, and edits that change exactly one field.
 * Boundary and violation cases are edits of the canonical request, so a rejection can be
 * attributed to the one field that differs.
 */
import type { FieldModel, OperationModel } from '../../src/model/operation.js';
import type { AbstractRequest, FormStyle, NamedValue, TextValue } from '../../src/model/request.js';
import { DEFAULT_CONTENT_TYPE, nativeBody } from './nativeBodies.js';
import { sameMediaType } from '../../src/model/media-type.js';

/** What generation needs from the target config. */
export interface GenContext {
  /** The entity kind requests go to (`standard-queue`, `fifo-queue`, `topic`, `hub`). */
  entity: string;
  /** The configured entity itself, where it travels in the request (the queue URL of aws-query). */
  entityValue: string;
  /** A valid device handle per notification platform. */
  deviceHandles: Record<string, string>;
  /**
   * Mixed into values that must be unique per message (deduplication ids), so that a second run
   * within the deduplication window is not taken for the first. Same nonce → same requests.
   */
  nonce?: string;
}

export const DEFAULT_FORM_STYLE: FormStyle = { order: 'as-is', space: 'plus', hexCase: 'upper' };

export const CANONICAL_TEXT = 'Hello from ruleprobe';

/** Whether a field is sent to this entity at all (FIFO parameters only go to FIFO queues). */
export function appliesTo(field: FieldModel, entity: string): boolean {
  return field.appliesTo === 'any' || field.appliesTo === 'standard-tier' || field.appliesTo === entity;
}

/** A value of `field` that meets every constraint, chosen plainly (`ruleprobe`, the range minimum, the first enum value). */
export function canonicalValue(field: FieldModel): string | null {
  if (field.type === 'flag') return null;
  if (field.value) return field.value.value;
  if (field.enum) return field.enum[0]!.value;
  if (field.range) return String(Math.max(field.range.min, Math.min(field.range.max, 0)));
  if (field.type === 'integer') return '0';
  if (field.type === 'base64') return Buffer.from('ruleprobe').toString('base64');
  let text = field.kind === 'parameter' ? CANONICAL_TEXT : 'ruleprobe';
  if (field.pattern && !new RegExp(field.pattern, 'u').test(text)) text = 'ruleprobe';
  if (field.charset && [...text].some((c) => !field.charset!.some(([lo, hi]) => c.codePointAt(0)! >= lo && c.codePointAt(0)! <= hi))) {
    const first = field.charset.find(([lo]) => lo >= 0x21) ?? field.charset[0]!;
    text = String.fromCodePoint(first[0]).repeat(9);
  }
  if (field.length?.max !== undefined && text.length > field.length.max) text = text.slice(0, field.length.max);
  return text;
}

/** FNV-1a of a string: stable across runs and machines, for derived ids and seeds. */
export function hashOf(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/** A value unique to `seed` for fields that must differ per message (deduplication ids). */
export function uniqueValue(field: FieldModel, seed: string): string {
  const v = `rp-${hashOf(seed).toString(36)}`;
  return field.length?.max !== undefined ? v.slice(0, field.length.max) : v;
}

/** Fields whose canonical value must be unique per request. */
export function isUniquePerMessage(field: FieldModel): boolean {
  return /deduplication/i.test(field.name);
}

export function platformOf(op: OperationModel, req: AbstractRequest): string | undefined {
  if (op.encoding.kind !== 'native-push') return undefined;
  const header = op.encoding.formatHeader.toLowerCase();
  const h = req.headers.find((x) => x.name.toLowerCase() === header);
  return typeof h?.value === 'string' ? h.value : undefined;
}

/** The body kind of a platform, reading an accepted alternative spelling (`windowsphone`) as its listed value. */
export function bodyKindOf(op: OperationModel, platform: string): string | undefined {
  if (op.encoding.kind !== 'native-push') return undefined;
  const direct = Object.hasOwn(op.encoding.platforms, platform) ? op.encoding.platforms[platform] : undefined;
  if (direct) return direct.body;
  const formatField = op.headers.find((h) => h.name.toLowerCase() === (op.encoding as { formatHeader: string }).formatHeader.toLowerCase());
  const listed = formatField?.enum?.find((e) => e.alternatives.includes(platform));
  return listed ? op.encoding.platforms[listed.value]?.body : undefined;
}

/** The Content-Type for a platform: the spec's first documented value, else its body kind's default. */
export function contentTypeFor(op: OperationModel, platform: string): string {
  const ct = op.headers.find((h) => h.name.toLowerCase() === 'content-type');
  const canonical = op.headers
    .find((h) => op.encoding.kind === 'native-push' && h.name.toLowerCase() === op.encoding.formatHeader.toLowerCase())
    ?.enum?.find((e) => e.value === platform || e.alternatives.includes(platform))?.value;
  const values = ct?.dependsOn?.values ?? {};
  const documented = Object.hasOwn(values, platform) ? values[platform] : canonical && Object.hasOwn(values, canonical) ? values[canonical] : undefined;
  const natural = DEFAULT_CONTENT_TYPE[bodyKindOf(op, platform) ?? ''];
  // Of the documented types, the one that fits the body sent (WNS XML goes as application/xml).
  const fitting = documented?.find((d) => natural !== undefined && sameMediaType(d, natural));
  return fitting ?? documented?.[0] ?? natural ?? 'application/octet-stream';
}

/** The configured handle of a platform (an alternative spelling finds its listed platform's handle). */
export function deviceHandleFor(op: OperationModel, ctx: GenContext, platform: string): string {
  if (Object.hasOwn(ctx.deviceHandles, platform)) return ctx.deviceHandles[platform]!;
  const formatHeader = op.encoding.kind === 'native-push' ? op.encoding.formatHeader.toLowerCase() : '';
  const listed = op.headers.find((h) => h.name.toLowerCase() === formatHeader)?.enum?.find((e) => e.alternatives.includes(platform))?.value;
  return (listed && ctx.deviceHandles[listed]) || 'ruleprobe-device-handle';
}

function isAuthHeader(op: OperationModel, f: FieldModel): boolean {
  return f.name.toLowerCase() === op.auth.header.toLowerCase();
}

/**
 * The canonical valid request: required fields only, plain values, the documented encoding.
 * For a push operation, `platform` picks the format (with its Content-Type, handle and body).
 */
export function baseRequest(op: OperationModel, ctx: GenContext, seed = 'base', platformOverride?: string): AbstractRequest {
  const req: AbstractRequest = { entity: ctx.entity, path: 'operation', query: [], headers: [], body: { kind: 'none' }, auth: 'valid' };
  for (const q of op.query) {
    if (q.required && appliesTo(q, ctx.entity)) req.query.push({ name: q.name, value: canonicalValue(q) });
  }
  let platform: string | undefined;
  if (op.encoding.kind === 'native-push') {
    const formatHeader = op.encoding.formatHeader.toLowerCase();
    const f = op.headers.find((h) => h.name.toLowerCase() === formatHeader);
    platform = platformOverride ?? f?.enum?.[0]?.value ?? Object.keys(op.encoding.platforms)[0]!;
  }
  for (const h of op.headers) {
    if (isAuthHeader(op, h) || !appliesTo(h, ctx.entity)) continue;
    if (!(h.required ?? h.value !== undefined)) continue;
    let value: string | null;
    if (platform !== undefined && op.encoding.kind === 'native-push' && h.name.toLowerCase() === op.encoding.formatHeader.toLowerCase()) value = platform;
    else if (h.dependsOn && platform !== undefined) value = contentTypeFor(op, platform);
    else if (/devicehandle/i.test(h.name)) value = deviceHandleFor(op, ctx, platform ?? '');
    else value = canonicalValue(h);
    if (value !== null) req.headers.push({ name: h.name, value });
  }
  const enc = op.encoding;
  if (enc.kind === 'aws-query') {
    const fields: NamedValue[] = [];
    for (const p of op.parameters) {
      if (!appliesTo(p, ctx.entity) || p.numbered) continue;
      if (p.name === op.entity.parameter) fields.push({ name: p.name, value: ctx.entityValue });
      else if (p.name === 'Action') fields.push({ name: p.name, value: enc.action });
      else if (p.name === 'Version') fields.push({ name: p.name, value: enc.version });
      else if (p.required) fields.push({ name: p.name, value: isUniquePerMessage(p) ? uniqueValue(p, `${ctx.nonce ?? ''}:${seed}`) : (canonicalValue(p) ?? '') });
    }
    if (!fields.some((f) => f.name === 'Action')) fields.unshift({ name: 'Action', value: enc.action }, { name: 'Version', value: enc.version });
    req.body = { kind: 'form', fields, style: { ...DEFAULT_FORM_STYLE } };
  } else if (enc.kind === 'atom-entry') {
    req.body = { kind: 'atom', description: CANONICAL_TEXT, descriptionIsXml: false };
  } else {
    req.body = { kind: 'raw', value: nativeBody(bodyKindOf(op, platform!) ?? 'apns-json', CANONICAL_TEXT) };
  }
  return req;
}

function clone(req: AbstractRequest): AbstractRequest {
  return structuredClone(req);
}

/** The wire name of a field; numbered fields get index `n`. */
export function wireName(field: FieldModel, n = 1): string {
  return field.name.replace('{N}', String(n));
}

/**
 * `req` with `field` set to `value` (`undefined`: removed). Only that field changes. For a
 * sub-field of a numbered array, item `n` is created with its other sub-fields canonical.
 */
export function withField(op: OperationModel, req: AbstractRequest, field: FieldModel, value: TextValue | null | undefined, n = 1): AbstractRequest {
  const out = clone(req);
  const name = wireName(field, n);
  switch (field.kind) {
    case 'header': {
      const i = out.headers.findIndex((h) => h.name.toLowerCase() === name.toLowerCase());
      if (value === undefined || value === null) {
        if (i >= 0) out.headers.splice(i, 1);
      } else if (i >= 0) out.headers[i] = { name: out.headers[i]!.name, value };
      else out.headers.push({ name, value });
      return out;
    }
    case 'query': {
      const i = out.query.findIndex((q) => q.name === name);
      if (value === undefined) {
        if (i >= 0) out.query.splice(i, 1);
        return out;
      }
      const v = value === null ? null : typeof value === 'string' ? value : Buffer.from(value.raw, 'base64').toString('latin1');
      if (i >= 0) out.query[i] = { name, value: v };
      else out.query.push({ name, value: v });
      return out;
    }
    case 'parameter': {
      if (out.body.kind !== 'form') throw new Error(`parameter ${field.name} needs a form body`);
      const fields = out.body.fields;
      if (field.name.includes('{N}')) ensureItem(op, fields, field, n);
      const i = fields.findIndex((f) => f.name === name);
      if (value === undefined) {
        if (i >= 0) fields.splice(i, 1);
      } else if (i >= 0) fields[i] = { name, value: value ?? '' };
      else fields.push({ name, value: value ?? '' });
      return out;
    }
    case 'body': {
      out.body = value === undefined || value === null ? { kind: 'none' } : { kind: 'raw', value };
      return out;
    }
  }
}

/** The numbered group (`MessageAttribute`) a sub-field belongs to. */
export function groupOf(op: OperationModel, field: FieldModel): FieldModel | undefined {
  return op.parameters.find((p) => p.numbered?.fields.some((f) => f.name === field.name));
}

/** Makes item `n` of the field's numbered group exist, with canonical sub-field values. */
function ensureItem(op: OperationModel, fields: NamedValue[], field: FieldModel, n: number): void {
  const group = groupOf(op, field);
  if (!group?.numbered) return;
  const prefix = `${group.name}.${n}.`;
  if (fields.some((f) => f.name.startsWith(prefix))) return;
  for (const [sub, value] of canonicalItem(group, n)) fields.push({ name: sub, value });
}

/**
 * One item of a numbered group with every sub-field valid. For the SQS message-attribute
 * shape (Name, Value.DataType, Value.StringValue / Value.BinaryValue), the value field that
 * fits the data type is the one sent.
 */
export function canonicalItem(group: FieldModel, n: number, dataType = 'String', value?: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const sub of group.numbered?.fields ?? []) {
    const name = sub.name.replace('{N}', String(n));
    if (/\.Name$/.test(sub.name)) out.push([name, `attr${n}`]);
    else if (/DataType$/.test(sub.name)) out.push([name, dataType]);
    else if (/StringValue$/.test(sub.name) && !dataType.startsWith('Binary')) out.push([name, value ?? (dataType.startsWith('Number') ? String(n) : CANONICAL_TEXT)]);
    else if (/BinaryValue$/.test(sub.name) && dataType.startsWith('Binary')) out.push([name, value ?? Buffer.from([0, 1, 2, n]).toString('base64')]);
    else if (!/Value$/.test(sub.name) && sub.required) out.push([name, canonicalValue(sub) ?? '']);
  }
  return out;
}
