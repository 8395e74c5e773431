/**
 * The canonical valid request of an operation, and edits that change exactly one field.
 * Boundary and violation cases are edits of the canonical request, so a rejection can be
 * attributed to the one field that differs.
 */
import { fieldWithRole, subFieldWithRole, type EnumValueModel, type FieldModel, type OperationModel } from '../../src/model/operation.js';
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
  if (field.canonical !== undefined) return field.canonical;
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

/** A value unique to `seed` for fields that must differ per message (role deduplication-id). */
export function uniqueValue(field: FieldModel, seed: string): string {
  const v = `rp-${hashOf(seed).toString(36)}`;
  return field.length?.max !== undefined ? v.slice(0, field.length.max) : v;
}

/** Fields whose canonical value must be unique per request. */
export function isUniquePerMessage(field: FieldModel): boolean {
  return field.role === 'deduplication-id';
}

/** The header whose value picks the platform (role format-selector), when the operation has one. */
export function formatSelector(op: OperationModel): FieldModel | undefined {
  return fieldWithRole(op, 'format-selector');
}

/** The listed value a selector value stands for: itself, or the listed value an accepted alternative spelling reads as. */
function listedSelection(op: OperationModel, value: string): string | undefined {
  const entries = formatSelector(op)?.enum ?? [];
  return entries.find((e) => e.value === value)?.value ?? entries.find((e) => e.alternatives.includes(value))?.value;
}

export function platformOf(op: OperationModel, req: AbstractRequest): string | undefined {
  const selector = formatSelector(op);
  if (!selector) return undefined;
  const h = req.headers.find((x) => x.name.toLowerCase() === selector.name.toLowerCase());
  return typeof h?.value === 'string' ? h.value : undefined;
}

/** The body kind of a platform, reading an accepted alternative spelling as its listed value. */
export function bodyKindOf(op: OperationModel, platform: string): string | undefined {
  if (op.encoding.kind !== 'native-push') return undefined;
  const platforms = op.encoding.platforms;
  if (Object.hasOwn(platforms, platform)) return platforms[platform]!.body;
  const listed = listedSelection(op, platform);
  return listed !== undefined && Object.hasOwn(platforms, listed) ? platforms[listed]!.body : undefined;
}

/** The Content-Type for a platform: the spec's first documented value, else its body kind's default. */
export function contentTypeFor(op: OperationModel, platform: string): string {
  const ct = fieldWithRole(op, 'media-type');
  const canonical = listedSelection(op, platform);
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
  const listed = listedSelection(op, platform);
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
  const selector = formatSelector(op);
  const platform = selector ? (platformOverride ?? selector.enum?.[0]?.value ?? canonicalValue(selector) ?? '') : undefined;
  for (const h of op.headers) {
    if (isAuthHeader(op, h) || !appliesTo(h, ctx.entity)) continue;
    if (!(h.required ?? h.value !== undefined)) continue;
    let value: string | null;
    if (platform !== undefined && h.role === 'format-selector') value = platform;
    else if (h.dependsOn && platform !== undefined) value = contentTypeFor(op, platform);
    else if (h.role === 'device-handle') value = deviceHandleFor(op, ctx, platform ?? '');
    else value = canonicalValue(h);
    if (value !== null) req.headers.push({ name: h.name, value });
  }
  const enc = op.encoding;
  if (enc.kind === 'aws-query') {
    const fields: NamedValue[] = [];
    for (const p of op.parameters) {
      if (!appliesTo(p, ctx.entity) || p.numbered) continue;
      if (p.name === op.entity.parameter) fields.push({ name: p.name, value: ctx.entityValue });
      else if (p.role === 'action') fields.push({ name: p.name, value: enc.action });
      else if (p.role === 'version') fields.push({ name: p.name, value: enc.version });
      else if (p.required) fields.push({ name: p.name, value: isUniquePerMessage(p) ? uniqueValue(p, `${ctx.nonce ?? ''}:${seed}`) : (canonicalValue(p) ?? '') });
    }
    req.body = { kind: 'form', fields, style: { ...DEFAULT_FORM_STYLE } };
  } else if (enc.kind === 'atom-entry') {
    req.body = { kind: 'atom', description: CANONICAL_TEXT, descriptionIsXml: false };
  } else {
    req.body = { kind: 'raw', value: nativeBody(bodyKindOf(op, platform ?? '') ?? 'apns-json', CANONICAL_TEXT) };
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

/** The item type (an enum value of the group's item-type sub-field) that `type` reads as; unlisted types read as the first. */
function itemTypeEntry(group: FieldModel, type: string | undefined): EnumValueModel | undefined {
  const entries = subFieldWithRole(group, 'item-type')?.enum ?? [];
  return entries.find((e) => e.value === type || e.alternatives.includes(type ?? '')) ?? entries[0];
}

/** The item type whose value travels in `valueField` (a BinaryValue is exercised in a Binary item). */
export function itemTypeSelecting(group: FieldModel, valueField: FieldModel): string | undefined {
  return subFieldWithRole(group, 'item-type')?.enum?.find((e) => e.selects === valueField.name)?.value;
}

/** The item types of a group as declared (value, the sub-field it selects, example values). */
export function itemTypes(group: FieldModel): EnumValueModel[] {
  return subFieldWithRole(group, 'item-type')?.enum ?? [];
}

/**
 * One item of a numbered group with every sub-field valid: the item-name sub-field `attr<n>`,
 * the item-type sub-field `type` (default: its canonical or first value), and of the value
 * sub-fields only the one that type selects — `value`, else an example of the type, else the
 * sub-field's canonical value. Other required sub-fields get their canonical value.
 */
export function canonicalItem(group: FieldModel, n: number, type?: string, value?: string): Array<[string, string]> {
  const typeField = subFieldWithRole(group, 'item-type');
  const chosen = type ?? typeField?.canonical ?? typeField?.enum?.[0]?.value;
  const entry = itemTypeEntry(group, chosen);
  const out: Array<[string, string]> = [];
  for (const sub of group.numbered?.fields ?? []) {
    const name = sub.name.replace('{N}', String(n));
    const isValue = sub.role === 'item-text-value' || sub.role === 'item-binary-value';
    if (sub.role === 'item-name') out.push([name, `${sub.canonical ?? 'attr'}${n}`]);
    else if (sub === typeField) out.push([name, chosen ?? '']);
    else if (isValue && entry?.selects !== undefined) {
      if (sub.name !== entry.selects) continue;
      const examples = entry.examples ?? sub.examples;
      out.push([name, value ?? (examples ? examples[(n - 1) % examples.length]! : (canonicalValue(sub) ?? ''))]);
    } else if (sub.required || (isValue && entry?.selects === undefined)) out.push([name, value !== undefined && isValue ? value : (canonicalValue(sub) ?? '')]);
  }
  return out;
}
