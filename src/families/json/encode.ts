/**
 * json body ⇄ bytes: JSON.stringify as UTF-8 (a lone surrogate as its \u escape, which JSON
 * allows), the `raw` strings spliced in byte for byte. Bytes that are strict UTF-8 and parse
 * as JSON decode as a json body; anything else (an empty body: none) as raw.
 */
import { decodeText } from '../../encode/text.js';
import type { BodyContent } from '../../model/request.js';
import type { FamilyEncoding } from '../types.js';

const PLACEHOLDER = (i: number): string => `\u0000ruleprobe-raw-${i}\u0000`;

function setAt(value: unknown, pointer: string, v: unknown): unknown {
  const keys = pointer.slice(1).split('/').map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  const root = structuredClone(value);
  let cur = root as Record<string, unknown> | unknown[];
  keys.forEach((k, i) => {
    const key: string | number = Array.isArray(cur) ? Number(k) : k;
    if (i === keys.length - 1) (cur as Record<string | number, unknown>)[key] = v;
    else cur = (cur as Record<string | number, unknown>)[key] as Record<string, unknown> | unknown[];
  });
  return root;
}

export function encodeJson(body: Extract<BodyContent, { kind: 'json' }>): Uint8Array {
  const raws = Object.entries(body.raw ?? {});
  let value = body.value;
  raws.forEach(([pointer], i) => {
    value = setAt(value, pointer, PLACEHOLDER(i));
  });
  let out = Buffer.from(JSON.stringify(value), 'utf8');
  raws.forEach(([, raw], i) => {
    const marker = Buffer.from(JSON.stringify(PLACEHOLDER(i)).slice(1, -1), 'utf8');
    const at = out.indexOf(marker);
    out = Buffer.concat([out.subarray(0, at), Buffer.from(raw, 'base64'), out.subarray(at + marker.length)]);
  });
  return new Uint8Array(out);
}

export function decodeJson(bytes: Uint8Array): BodyContent {
  if (bytes.length === 0) return { kind: 'none' };
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { kind: 'json', value: JSON.parse(text) as unknown };
  } catch {
    return { kind: 'raw', value: decodeText(bytes) };
  }
}

export const jsonEncoding: FamilyEncoding = {
  encode(op, body) {
    if (body.kind !== 'json') throw new Error(`${op.specId}: a json body is JSON, not ${body.kind}`);
    return encodeJson(body);
  },
  decode: (_op, bytes) => decodeJson(bytes),
};
