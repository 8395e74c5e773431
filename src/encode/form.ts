/**
 * NamedValue[] ⇄ application/x-www-form-urlencoded body (aws-query, PROTOCOL-FACTS §2.2).
 *
 * Every byte outside the unreserved set `A-Za-z0-9-._~` is percent-escaped, so an astral
 * character becomes four escapes and a lone surrogate the three escapes of its WTF-8 form
 * (`%ED%A0%80`). A FormStyle picks among spellings a conforming server must treat alike: space
 * as `+` or `%20`, upper- or lower-case hex, field order as given, sorted or reversed.
 */
import type { FormStyle, NamedValue, TextValue } from '../model/request.js';
import { decodeText, decodeTextLossy, encodeText } from './text.js';

const MEDIA_TYPE = 'application/x-www-form-urlencoded';

export function formContentType(withCharset: boolean): string {
  return withCharset ? `${MEDIA_TYPE}; charset=utf-8` : MEDIA_TYPE;
}

function isUnreserved(b: number): boolean {
  return (
    (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x2d || b === 0x2e || b === 0x5f || b === 0x7e
  );
}

/** The escape of each byte, `%XX`, as bytes, in both hex cases (bodies reach 768 KiB: no per-byte strings). */
const ESCAPES: Record<'upper' | 'lower', Uint8Array> = { upper: escapeTable('0123456789ABCDEF'), lower: escapeTable('0123456789abcdef') };

function escapeTable(digits: string): Uint8Array {
  const t = new Uint8Array(256 * 3);
  for (let b = 0; b < 256; b++) {
    t[b * 3] = 0x25;
    t[b * 3 + 1] = digits.charCodeAt(b >> 4);
    t[b * 3 + 2] = digits.charCodeAt(b & 15);
  }
  return t;
}

/** Percent-encodes bytes: unreserved bytes stay, a space is `space`, every other byte `%XX`. */
export function percentEncode(bytes: Uint8Array, space: '+' | '%20', hexCase: 'upper' | 'lower'): string {
  const out = percentEncodeBytes(bytes, space, hexCase);
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength).toString('latin1');
}

/** percentEncode as bytes (ASCII), without a string in between. */
export function percentEncodeBytes(bytes: Uint8Array, space: '+' | '%20', hexCase: 'upper' | 'lower'): Uint8Array {
  const table = ESCAPES[hexCase];
  const out = new Uint8Array(bytes.length * 3);
  let o = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (isUnreserved(b)) out[o++] = b;
    else if (b === 0x20 && space === '+') out[o++] = 0x2b;
    else {
      out[o++] = table[b * 3]!;
      out[o++] = table[b * 3 + 1]!;
      out[o++] = table[b * 3 + 2]!;
    }
  }
  // A large value keeps only what it uses; a small one is not worth the copy.
  return o === out.length ? out : out.length > 4096 ? out.slice(0, o) : out.subarray(0, o);
}

/** Values at least this long (UTF-16 units) have their encoding cached: the boundary bodies, 256 KiB and more. */
const CACHED_VALUE_LENGTH = 16 * 1024;
/** The most encoded bytes the value cache holds; the least recently used go first. */
const VALUE_CACHE_BYTES = 32 * 1024 * 1024;
const VALUE_CACHE = new Map<string, Uint8Array>();
let valueCacheBytes = 0;

/**
 * A form value's escaped bytes. A large value (a message body at its size limit) is encoded once
 * per spelling and reused: the same text is sent by many cases, with other fields around it.
 * Cached by the text itself (and the spelling), so equal text hits whatever object carries it.
 */
function encodedValue(v: TextValue, space: '+' | '%20', hexCase: 'upper' | 'lower'): Uint8Array {
  if (typeof v !== 'string' || v.length < CACHED_VALUE_LENGTH) return percentEncodeBytes(encodeText(v), space, hexCase);
  const key = `${space === '+' ? 'p' : 's'}${hexCase === 'upper' ? 'U' : 'l'}${v}`;
  const hit = VALUE_CACHE.get(key);
  if (hit) {
    VALUE_CACHE.delete(key);
    VALUE_CACHE.set(key, hit);
    return hit;
  }
  const bytes = percentEncodeBytes(encodeText(v), space, hexCase);
  if (bytes.length > VALUE_CACHE_BYTES / 4) return bytes;
  VALUE_CACHE.set(key, bytes);
  valueCacheBytes += bytes.length;
  for (const [k, b] of VALUE_CACHE) {
    if (valueCacheBytes <= VALUE_CACHE_BYTES) break;
    VALUE_CACHE.delete(k);
    valueCacheBytes -= b.length;
  }
  return bytes;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/**
 * The bytes a percent-encoded ASCII string stands for. A `%` without two hex digits stays a
 * literal `%` (as WHATWG URL parsing does); `plusIsSpace` is true for form bodies only.
 */
export function percentDecode(text: string, plusIsSpace: boolean): Uint8Array {
  const src = Buffer.from(text, 'latin1');
  const out = new Uint8Array(src.length);
  let o = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === 0x25 && i + 2 < src.length && hexValue(src[i + 1]!) >= 0 && hexValue(src[i + 2]!) >= 0) {
      out[o++] = hexValue(src[i + 1]!) * 16 + hexValue(src[i + 2]!);
      i += 2;
    } else if (c === 0x2b && plusIsSpace) out[o++] = 0x20;
    else out[o++] = c;
  }
  return out.slice(0, o);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b);
}

/** The fields in the order a style writes them; `sorted` compares names' UTF-8 bytes, stably. */
export function orderFields(fields: readonly NamedValue[], order: FormStyle['order']): NamedValue[] {
  if (order === 'reversed') return [...fields].reverse();
  if (order === 'sorted') {
    return fields
      .map((f) => ({ f, key: encodeText(f.name) }))
      .sort((x, y) => compareBytes(x.key, y.key))
      .map((x) => x.f);
  }
  return [...fields];
}

export function encodeForm(fields: readonly NamedValue[], style: FormStyle): Uint8Array {
  const space = style.space === 'plus' ? '+' : '%20';
  const parts: Uint8Array[] = [];
  let size = 0;
  for (const f of orderFields(fields, style.order)) {
    const name = percentEncodeBytes(encodeText(f.name), space, style.hexCase);
    const value = encodedValue(f.value, space, style.hexCase);
    parts.push(name, value);
    size += name.length + value.length + 2;
  }
  // name=value&name=value: the one copy of every part, into the body's own bytes.
  const out = new Uint8Array(Math.max(0, size - 1));
  let o = 0;
  for (let i = 0; i < parts.length; i += 2) {
    if (i > 0) out[o++] = 0x26;
    out.set(parts[i]!, o);
    o += parts[i]!.length;
    out[o++] = 0x3d;
    out.set(parts[i + 1]!, o);
    o += parts[i + 1]!.length;
  }
  return out;
}

/**
 * Fields in wire order. Values go through decodeText, so bytes that are not WTF-8 come back as
 * `{ raw }`; names must be strings, so such bytes in a name become U+FFFD (no encoder here
 * writes them). A pair without `=` is a name with an empty value; empty pairs are skipped.
 */
export function decodeForm(body: Uint8Array): NamedValue[] {
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1');
  if (text === '') return [];
  const fields: NamedValue[] = [];
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    fields.push({ name: decodeTextLossy(percentDecode(name, true)), value: decodeText(percentDecode(value, true)) });
  }
  return fields;
}

/**
 * A style that re-encodes `body`'s fields (in wire order) to the same bytes, when the body came
 * from encodeForm: lower case if any escape has a lower-case hex letter, `%20` if it appears.
 */
export function formStyleOf(body: Uint8Array): FormStyle {
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1');
  return {
    order: 'as-is',
    space: text.includes('%20') ? 'percent' : 'plus',
    hexCase: /%(?:[0-9a-f][a-f]|[a-f][0-9a-f])/.test(text) ? 'lower' : 'upper',
  };
}
