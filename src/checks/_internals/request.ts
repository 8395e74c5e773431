/**
 * What the checks read from the request that was sent: fields found by the role the spec gives
 * them, never by name.
 */
import { fieldWithRole, subFieldWithRole, type FieldModel, type FieldRole, type OperationModel } from '../../model/operation.js';
import type { AbstractRequest, TextValue } from '../../model/request.js';
import { familyBody } from '../../families/body.js';
import type { MessageAttribute } from '../digest.js';

/** The value the request carries in the parameter with `role` (read as its protocol family writes it), or undefined. */
export function roleValue(op: OperationModel, request: AbstractRequest, role: FieldRole): TextValue | undefined {
  const field = fieldWithRole(op, role);
  return field && field.kind === 'parameter' ? familyBody(op).get(op, request.body, field) : undefined;
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

/** The numbered group whose sub-fields carry item roles (the message attributes). */
function itemGroup(op: OperationModel): FieldModel | undefined {
  return op.parameters.find((p) => p.numbered && subFieldWithRole(p, 'item-name'));
}

/** Whether the request carries at least one item of the operation's numbered group (an item-name sub-field). */
export function hasItems(op: OperationModel, request: AbstractRequest): boolean {
  const group = itemGroup(op);
  const name = group && subFieldWithRole(group, 'item-name');
  if (!group || !name) return false;
  const body = familyBody(op);
  return body.items(op, request.body, group).some((n) => body.get(op, request.body, name, n) !== undefined);
}

/**
 * The items of the request's numbered group, read through the sub-field roles item-name,
 * item-type, item-text-value (text) and item-binary-value (base64, decoded). As ydb does, a
 * text value wins over a binary one. Undefined when an item lacks a name, a type or a value,
 * or holds text no digest is defined for (invalid UTF-8, bad base64): such a request is not a
 * valid send, and its rejection is judged elsewhere.
 */
export function messageAttributes(op: OperationModel, request: AbstractRequest): MessageAttribute[] | undefined {
  const group = itemGroup(op);
  if (!group) return [];
  const body = familyBody(op);
  const read = (role: 'item-name' | 'item-type' | 'item-text-value' | 'item-binary-value', n: number): TextValue | undefined => {
    const sub = subFieldWithRole(group, role);
    return sub ? body.get(op, request.body, sub, n) : undefined;
  };
  const out: MessageAttribute[] = [];
  for (const n of body.items(op, request.body, group)) {
    const name = plainText(read('item-name', n));
    const dataType = plainText(read('item-type', n));
    if (name === undefined || dataType === undefined) return undefined;
    const text = read('item-text-value', n);
    if (text !== undefined) {
      const s = plainText(text);
      if (s === undefined) return undefined;
      out.push({ name, dataType, value: s });
    } else {
      const b = plainText(read('item-binary-value', n));
      if (b === undefined || !BASE64.test(b)) return undefined;
      out.push({ name, dataType, value: new Uint8Array(Buffer.from(b, 'base64')) });
    }
  }
  return out;
}
