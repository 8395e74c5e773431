/** What the checks read from the request that was sent: aws-query form fields. */
import type { AbstractRequest, TextValue } from '../../model/request.js';
import type { MessageAttribute } from '../digest.js';

/** The first form field of this name, or undefined (also when the body is not a form). */
export function formValue(request: AbstractRequest, name: string): TextValue | undefined {
  if (request.body.kind !== 'form') return undefined;
  return request.body.fields.find((f) => f.name === name)?.value;
}

/** The text of a value when it is a plain, well-formed string. */
function plainText(v: TextValue | undefined): string | undefined {
  return typeof v === 'string' && v.isWellFormed() ? v : undefined;
}

const ATTRIBUTE_FIELD = /^MessageAttribute\.(\d+)\.(Name|Value\.DataType|Value\.StringValue|Value\.BinaryValue)$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Whether the request carries at least one message attribute (a `MessageAttribute.N.Name` form field). */
export function hasMessageAttributes(request: AbstractRequest): boolean {
  return request.body.kind === 'form' && request.body.fields.some((f) => /^MessageAttribute\.\d+\.Name$/.test(f.name));
}

/**
 * The message attributes of the request, from the SQS wire fields `MessageAttribute.N.Name`,
 * `.Value.DataType`, `.Value.StringValue` (text) and `.Value.BinaryValue` (base64, decoded).
 * As ydb does, a StringValue wins over a BinaryValue. Undefined when an item lacks a name, a
 * data type or a value, or holds text no digest is defined for (invalid UTF-8, bad base64):
 * such a request is not a valid send, and its rejection is judged elsewhere.
 */
export function messageAttributes(request: AbstractRequest): MessageAttribute[] | undefined {
  if (request.body.kind !== 'form') return [];
  const items = new Map<string, Partial<Record<string, TextValue>>>();
  for (const f of request.body.fields) {
    const m = ATTRIBUTE_FIELD.exec(f.name);
    if (!m) continue;
    const item = items.get(m[1]!) ?? {};
    item[m[2]!] ??= f.value;
    items.set(m[1]!, item);
  }
  const out: MessageAttribute[] = [];
  for (const item of items.values()) {
    const name = plainText(item['Name']);
    const dataType = plainText(item['Value.DataType']);
    if (name === undefined || dataType === undefined) return undefined;
    if (item['Value.StringValue'] !== undefined) {
      const s = plainText(item['Value.StringValue']);
      if (s === undefined) return undefined;
      out.push({ name, dataType, value: s });
    } else {
      const b = plainText(item['Value.BinaryValue']);
      if (b === undefined || !BASE64.test(b)) return undefined;
      out.push({ name, dataType, value: new Uint8Array(Buffer.from(b, 'base64')) });
    }
  }
  return out;
}
