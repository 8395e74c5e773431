/** JSON response bodies: parsing (strict UTF-8, no truncated body) and JSON pointers (RFC 6901). */
import { compileDocumentSchema } from '../../model/json-schema.js';
import type { HttpResponse } from '../../model/exchange.js';

export type Parsed = { ok: true; value: unknown } | { ok: false; reason: string };

export function parseJson(response: HttpResponse): Parsed {
  if (response.truncated) return { ok: false, reason: 'the body was cut at the read limit' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(response.body);
  } catch {
    return { ok: false, reason: 'the body is not UTF-8' };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
}

/** The value at `pointer` (`/error/code`, `` for the whole document), or undefined. */
export function pointerGet(value: unknown, pointer: string): unknown {
  if (pointer === '') return value;
  if (!pointer.startsWith('/')) return undefined;
  let cur: unknown = value;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur) && /^(0|[1-9]\d*)$/.test(key)) cur = cur[Number(key)];
    else if (cur !== null && typeof cur === 'object' && !Array.isArray(cur) && Object.hasOwn(cur, key)) cur = (cur as Record<string, unknown>)[key];
    else return undefined;
  }
  return cur;
}

/** Where `value` breaks `schema` (`/id must be string`), empty when it conforms. */
export function jsonSchemaErrors(schema: Record<string, unknown>, value: unknown): string[] {
  const validate = compileDocumentSchema(schema);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}
