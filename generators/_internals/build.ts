/**
 * The canonical valid request of an operation, and edits that change exactly one field.
 * Boundary and violation cases are edits of the canonical request, so a rejection can be
 * attributed to the one field that differs. What the body looks like is the protocol family's
 * (src/families/generation.ts); everything here is generic.
 */
import { appliesTo, canonicalItem, canonicalValue } from '../../src/model/canonical.js';
import { fieldWithRole, type FieldModel, type OperationModel } from '../../src/model/operation.js';
import type { AbstractRequest, TextValue } from '../../src/model/request.js';
import { sameMediaType } from '../../src/model/media-type.js';
import { familyBody } from '../../src/families/body.js';
import { familyGeneration } from '../../src/families/generation.js';

export { appliesTo, CANONICAL_TEXT, canonicalItem, canonicalValue, hashOf, isUniquePerMessage, itemTypes, itemTypeSelecting, uniqueValue } from '../../src/model/canonical.js';

/** What generation needs from the target config. */
export interface GenContext {
  /** The entity kind requests go to (`standard-queue`, `fifo-queue`, `topic`, `hub`). */
  entity: string;
  /** The configured entity itself, where it travels in the request (a parameter, when the spec names one). */
  entityValue: string;
  /** A valid device handle per value of the format-selector header. */
  deviceHandles: Record<string, string>;
  /**
   * Mixed into values that must be unique per message (role deduplication-id), so that a second
   * run within the deduplication window is not taken for the first. Same nonce → same requests.
   */
  nonce?: string;
}

/** The header whose value picks the platform (role format-selector), when the operation has one. */
export function formatSelector(op: OperationModel): FieldModel | undefined {
  return fieldWithRole(op, 'format-selector');
}

/** The listed value a selector value stands for: itself, or the listed value an accepted alternative spelling reads as. */
export function listedSelection(op: OperationModel, value: string): string | undefined {
  const entries = formatSelector(op)?.enum ?? [];
  return entries.find((e) => e.value === value)?.value ?? entries.find((e) => e.alternatives.includes(value))?.value;
}

/** The format-selector value a request carries. */
export function platformOf(op: OperationModel, req: AbstractRequest): string | undefined {
  const selector = formatSelector(op);
  if (!selector) return undefined;
  const h = req.headers.find((x) => x.name.toLowerCase() === selector.name.toLowerCase());
  return typeof h?.value === 'string' ? h.value : undefined;
}

/** The media type for a selection: the spec's first documented value, else what the family's body for it travels as. */
export function contentTypeFor(op: OperationModel, platform: string): string {
  const ct = fieldWithRole(op, 'media-type');
  const canonical = listedSelection(op, platform);
  const values = ct?.dependsOn?.values ?? {};
  const documented = Object.hasOwn(values, platform) ? values[platform] : canonical && Object.hasOwn(values, canonical) ? values[canonical] : undefined;
  const natural = familyGeneration(op).naturalMediaType?.(op, platform);
  // Of the documented types, the one that fits the body sent (WNS XML goes as application/xml).
  const fitting = documented?.find((d) => natural !== undefined && sameMediaType(d, natural));
  return fitting ?? documented?.[0] ?? natural ?? 'application/octet-stream';
}

/** The configured handle of a selection (an alternative spelling finds its listed value's handle). */
export function deviceHandleFor(op: OperationModel, ctx: GenContext, platform: string): string {
  if (Object.hasOwn(ctx.deviceHandles, platform)) return ctx.deviceHandles[platform]!;
  const listed = listedSelection(op, platform);
  return (listed && ctx.deviceHandles[listed]) || 'ruleprobe-device-handle';
}

function isAuthHeader(op: OperationModel, f: FieldModel): boolean {
  return f.name.toLowerCase() === op.auth.header.toLowerCase();
}

/**
 * The canonical valid request: required fields only, plain values, the family's canonical
 * body. Where a header selects the platform, `platformOverride` picks it (with its media type,
 * device handle and body).
 */
export function baseRequest(op: OperationModel, ctx: GenContext, seed = 'base', platformOverride?: string): AbstractRequest {
  const req: AbstractRequest = { entity: ctx.entity, path: 'operation', query: [], headers: [], body: { kind: 'none' }, auth: 'valid' };
  for (const q of op.query) {
    // Required, or in the documented URI without a rule of its own (a flag that the canonical request carries).
    if ((q.required || q.canonical !== undefined) && appliesTo(q, ctx.entity)) req.query.push({ name: q.name, value: canonicalValue(q) });
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
  req.body = familyGeneration(op).canonicalBody({ op, entity: ctx.entity, entityValue: ctx.entityValue, nonce: ctx.nonce, selection: platform, seed });
  return req;
}

/** The wire name of a field; numbered fields get index `n`. */
export function wireName(field: FieldModel, n = 1): string {
  return field.name.replace('{N}', String(n));
}

/** The numbered group a sub-field belongs to. */
export function groupOf(op: OperationModel, field: FieldModel): FieldModel | undefined {
  return op.parameters.find((p) => p.numbered?.fields.some((f) => f.name === field.name));
}

/**
 * `req` with `field` set to `value` (`undefined`: removed). Only that field changes. For a
 * sub-field of a numbered array, item `n` is created with its other sub-fields canonical.
 * Copy on write: the result shares everything but the one list (or body) edited with `req`,
 * which is never changed — requests are values, and cached cases are shared between runs.
 */
export function withField(op: OperationModel, req: AbstractRequest, field: FieldModel, value: TextValue | null | undefined, n = 1): AbstractRequest {
  const name = wireName(field, n);
  switch (field.kind) {
    case 'header': {
      const headers = [...req.headers];
      const i = headers.findIndex((h) => h.name.toLowerCase() === name.toLowerCase());
      if (value === undefined || value === null) {
        if (i >= 0) headers.splice(i, 1);
      } else if (i >= 0) headers[i] = { name: headers[i]!.name, value };
      else headers.push({ name, value });
      return { ...req, headers };
    }
    case 'query': {
      const query = [...req.query];
      const i = query.findIndex((q) => q.name === name);
      if (value === undefined) {
        if (i >= 0) query.splice(i, 1);
        return { ...req, query };
      }
      const v = value === null ? null : typeof value === 'string' ? value : Buffer.from(value.raw, 'base64').toString('latin1');
      if (i >= 0) query[i] = { name, value: v };
      else query.push({ name, value: v });
      return { ...req, query };
    }
    case 'parameter': {
      const body = familyBody(op);
      const group = field.name.includes('{N}') ? groupOf(op, field) : undefined;
      let content = req.body;
      if (group && !body.items(op, content, group).includes(n)) content = withItem(op, req, group, n).body;
      return { ...req, body: body.set(op, content, field, value, n) };
    }
    case 'body':
      return { ...req, body: value === undefined || value === null ? { kind: 'none' } : { kind: 'raw', value } };
  }
}

/** `req` with item `n` of a numbered group written whole (canonical sub-fields, of item type `type`). */
export function withItem(op: OperationModel, req: AbstractRequest, group: FieldModel, n: number, type?: string, value?: string): AbstractRequest {
  const body = familyBody(op);
  let content = req.body;
  for (const [sub, v] of canonicalItem(group, n, type, value)) content = body.set(op, content, sub, v, n);
  return { ...req, body: content };
}

/** `req` without any sub-field of item `n` of a numbered group. */
export function withoutItem(op: OperationModel, req: AbstractRequest, group: FieldModel, n: number): AbstractRequest {
  const body = familyBody(op);
  let content = req.body;
  for (const sub of group.numbered?.fields ?? []) content = body.set(op, content, sub, undefined, n);
  return { ...req, body: content };
}
