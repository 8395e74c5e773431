/**
 * A wire request read back as the operation model declares it: each field's value by its kind
 * (header, query parameter, body parameter through the protocol family's body part, the whole
 * body), the items of a numbered parameter, and which configured entity kind it goes to.
 */
import { decodeRequest, type DecodedRequest } from '../encode/request.js';
import { parameterValue, familyBody } from '../families/body.js';
import { allFields, sameFieldName, type FieldModel, type OperationModel } from '../model/operation.js';
import type { TextValue, WireRequest } from '../model/request.js';
import { decodeText } from '../encode/text.js';

/** A field's value: `undefined` when absent; `null` for a bare query flag. */
export type FieldValue = TextValue | null | undefined;

export interface ReadRequest {
  op: OperationModel;
  wire: WireRequest;
  decoded: DecodedRequest;
}

export function readRequest(op: OperationModel, wire: WireRequest): ReadRequest {
  return { op, wire, decoded: decodeRequest(op, wire) };
}

/** The value of `field` (item `n` of a numbered sub-field) as the request carries it. */
export function valueOf(r: ReadRequest, field: FieldModel, n?: number): FieldValue {
  switch (field.kind) {
    case 'header': {
      const h = r.decoded.headers.find((x) => sameFieldName(field, x.name));
      return h?.value;
    }
    case 'query': {
      const q = r.decoded.query.find((x) => x.name === field.name);
      return q === undefined ? undefined : q.value;
    }
    case 'parameter':
      return parameterValue(r.op, r.decoded.body, field, n);
    case 'body':
      return r.wire.body.length === 0 ? undefined : decodeText(r.wire.body);
  }
}

/** The item indices of numbered parameter `group` the request carries, in order. */
export function itemsOf(r: ReadRequest, group: FieldModel): number[] {
  return familyBody(r.op).items(r.op, r.decoded.body, group);
}

/** The declared field a rule's subject names, and the numbered group it belongs to, if any. */
export function subjectField(op: OperationModel, kind: string, name: string): { field: FieldModel; group?: FieldModel } | undefined {
  for (const f of allFields(op)) {
    if (f.kind === kind && f.name === name) return { field: f };
    for (const sub of f.numbered?.fields ?? []) if (sub.kind === kind && sub.name === name) return { field: sub, group: f };
  }
  return undefined;
}

/** The entity value the request carries: in its entity parameter, or in the URL placeholder. */
export function entityValue(r: ReadRequest): string | undefined {
  const { op } = r;
  if (op.entity.parameter !== undefined) {
    const field = allFields(op).find((f) => f.name === op.entity.parameter);
    const v = field ? valueOf(r, field) : undefined;
    return typeof v === 'string' ? v : undefined;
  }
  if (op.entity.placeholder === undefined) return undefined;
  const template = op.url.replace(/^\{base\}/, '').split('?', 1)[0]!;
  const names: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const m = /^\{([^}]+)\}$/.exec(part);
      if (!m) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(m[1]!);
      return m[1] === op.entity.placeholder ? '(.+?)' : '([^/]+)';
    })
    .join('');
  const match = new RegExp(`${source}$`).exec(r.decoded.path);
  const at = names.indexOf(op.entity.placeholder);
  if (!match || at < 0) return undefined;
  try {
    return decodeURIComponent(match[at + 1]!);
  } catch {
    return match[at + 1];
  }
}

/**
 * The entity kind of the request: the one declared kind, or among kinds whose declared pattern
 * matches the entity value the last one declared (kinds are declared general first: a FIFO
 * queue URL matches both queue patterns). `undefined` when no declared kind fits.
 */
export function entityKind(r: ReadRequest): string | undefined {
  const { kinds, formats } = r.op.entity;
  if (kinds.length === 1) return kinds[0];
  const value = entityValue(r);
  if (value === undefined) return undefined;
  const fitting = kinds.filter((k) => {
    const pattern = formats[k]?.pattern;
    return pattern === undefined || new RegExp(pattern, 'u').test(value);
  });
  return fitting.at(-1);
}
