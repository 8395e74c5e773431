/**
 * json parameters in a JSON body: parameter `Name` is the top-level property `Name`; sub-field
 * `Group.{N}.Sub` of a numbered parameter is element N−1 of the array `Group`.
 */
import type { FieldModel, OperationModel } from '../../model/operation.js';
import type { BodyContent, TextValue } from '../../model/request.js';
import type { FamilyBody } from '../types.js';
import { jsonValueOf } from './catalog.js';

type JsonBody = Extract<BodyContent, { kind: 'json' }>;

const escape = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** Where a parameter lives: its property, and for an item its array index. */
function place(field: FieldModel, n: number): { property: string; index?: number; pointer: string } {
  const at = field.name.indexOf('.{N}');
  if (at < 0) return { property: field.name, pointer: `/${escape(field.name)}` };
  const property = field.name.slice(0, at);
  return { property, index: n - 1, pointer: `/${escape(property)}/${n - 1}` };
}

function object(body: BodyContent): Record<string, unknown> | undefined {
  return body.kind === 'json' && body.value !== null && typeof body.value === 'object' && !Array.isArray(body.value) ? (body.value as Record<string, unknown>) : undefined;
}

function text(v: unknown): TextValue | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

export const jsonBody: FamilyBody = {
  get(_op, body, field, n = 1) {
    const obj = object(body);
    if (!obj || body.kind !== 'json') return undefined;
    const { property, index, pointer } = place(field, n);
    if (!Object.hasOwn(obj, property)) return undefined;
    const raw = body.raw?.[pointer];
    if (raw !== undefined) return { raw };
    const v = obj[property];
    if (index === undefined) return text(v);
    return Array.isArray(v) ? text(v[index]) : undefined;
  },
  set(op: OperationModel, body, field, value, n = 1): BodyContent {
    if (body.kind !== 'json' || !object(body)) throw new Error(`${op.specId}: a json parameter needs a JSON object body, not ${body.kind}`);
    // Copy on write: a new top-level object (and array, where an item changes); `body` stays as it was.
    const out = body as JsonBody;
    const obj = { ...(out.value as Record<string, unknown>) };
    const { property, index, pointer } = place(field, n);
    const raw = { ...(out.raw ?? {}) };
    delete raw[pointer];
    let v: unknown;
    if (value !== undefined && value !== null && typeof value !== 'string') {
      raw[pointer] = value.raw;
      v = `ruleprobe-raw-${Object.keys(raw).length}`;
    } else if (value !== undefined) v = jsonValueOf(field, value);
    if (index === undefined) {
      if (value === undefined) delete obj[property];
      else obj[property] = v;
    } else {
      const arr = Array.isArray(obj[property]) ? [...(obj[property] as unknown[])] : [];
      if (value === undefined) arr.splice(index, 1);
      else arr[index] = v;
      for (let i = 0; i < arr.length; i++) if (arr[i] === undefined) arr[i] = null;
      if (arr.length) obj[property] = arr;
      else delete obj[property];
    }
    const result: JsonBody = { kind: 'json', value: obj };
    if (Object.keys(raw).length) result.raw = raw;
    return result;
  },
  items(_op, body, group) {
    const v = object(body)?.[group.name];
    return Array.isArray(v) ? v.map((_x, i) => i + 1) : [];
  },
};
