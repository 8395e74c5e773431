/**
 * What the checks read from the request that was sent: fields found by the role the spec gives
 * them, never by name.
 */
import { fieldWithRole, subFieldWithRole, type FieldModel, type FieldRole, type OperationModel } from '../../model/operation.js';
import type { AbstractRequest, TextValue } from '../../model/request.js';
import type { MessageAttribute } from '../digest.js';

/** The first form field of this name, or undefined (also when the body is not a form). */
export function formValue(request: AbstractRequest, name: string): TextValue | undefined {
  if (request.body.kind !== 'form') return undefined;
  return request.body.fields.find((f) => f.name === name)?.value;
}

/** The value the request carries in the parameter with `role`, or undefined. */
export function roleValue(op: OperationModel, request: AbstractRequest, role: FieldRole): TextValue | undefined {
  const field = fieldWithRole(op, role);
  return field && field.kind === 'parameter' ? formValue(request, field.name) : undefined;
}

/** Whether the operation declares a parameter with `role` (so a check about it applies). */
export function hasRole(op: OperationModel, role: FieldRole): boolean {
  return fieldWithRole(op, role) !== undefined;
}

/** The text of a value when it is a plain, well-formed string. */
function plainText(v: TextValue | undefined): string | undefined {
  return typeof v === 'string' && v.isWellFormed() ? v : undefined;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** `Group.{N}.Sub` → a pattern whose group 1 is the index. */
function numberedPattern(sub: FieldModel): RegExp {
  const [before, after] = sub.name.split('{N}', 2) as [string, string];
  const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${esc(before)}(\\d+)${esc(after ?? '')}$`);
}

/** The numbered group whose sub-fields carry item roles (the message attributes). */
function itemGroup(op: OperationModel): FieldModel | undefined {
  return op.parameters.find((p) => p.numbered && subFieldWithRole(p, 'item-name'));
}

/** Whether the request carries at least one item of the operation's numbered group (an item-name sub-field). */
export function hasItems(op: OperationModel, request: AbstractRequest): boolean {
  const group = itemGroup(op);
  const name = group && subFieldWithRole(group, 'item-name');
  if (!name || request.body.kind !== 'form') return false;
  const re = numberedPattern(name);
  return request.body.fields.some((f) => re.test(f.name));
}

/**
 * The items of the request's numbered group, read through the sub-field roles item-name,
 * item-type, item-text-value (text) and item-binary-value (base64, decoded). As ydb does, a
 * text value wins over a binary one. Undefined when an item lacks a name, a type or a value,
 * or holds text no digest is defined for (invalid UTF-8, bad base64): such a request is not a
 * valid send, and its rejection is judged elsewhere.
 */
export function messageAttributes(op: OperationModel, request: AbstractRequest): MessageAttribute[] | undefined {
  if (request.body.kind !== 'form') return [];
  const group = itemGroup(op);
  if (!group) return [];
  const roles = ['item-name', 'item-type', 'item-text-value', 'item-binary-value'] as const;
  const subs = roles.flatMap((role) => {
    const sub = subFieldWithRole(group, role);
    return sub ? [{ role, re: numberedPattern(sub) }] : [];
  });
  const items = new Map<string, Partial<Record<(typeof roles)[number], TextValue>>>();
  for (const f of request.body.fields) {
    for (const { role, re } of subs) {
      const m = re.exec(f.name);
      if (!m) continue;
      const item = items.get(m[1]!) ?? {};
      item[role] ??= f.value;
      items.set(m[1]!, item);
    }
  }
  const out: MessageAttribute[] = [];
  for (const item of items.values()) {
    const name = plainText(item['item-name']);
    const dataType = plainText(item['item-type']);
    if (name === undefined || dataType === undefined) return undefined;
    if (item['item-text-value'] !== undefined) {
      const s = plainText(item['item-text-value']);
      if (s === undefined) return undefined;
      out.push({ name, dataType, value: s });
    } else {
      const b = plainText(item['item-binary-value']);
      if (b === undefined || !BASE64.test(b)) return undefined;
      out.push({ name, dataType, value: new Uint8Array(Buffer.from(b, 'base64')) });
    }
  }
  return out;
}
