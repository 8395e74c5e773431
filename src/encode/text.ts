/**
 * TextValue ⇄ bytes. A string is written as UTF-8, except that a lone surrogate is written as
 * its 3-byte generalized UTF-8 form (WTF-8: U+D800 → ED A0 80), so invalid UTF-8 reaches the
 * target on purpose; `{ raw }` is written as its base64-decoded bytes.
 *
 * The inverse keeps one invariant: `decodeText(b)` is a string `s` only when `encodeText(s)`
 * gives back exactly `b`; any other byte sequence comes back as `{ raw }`. So
 * `encodeText(decodeText(b))` equals `b` for every `b`, and `decodeText(encodeText(s))` equals
 * `s` for every string (lone surrogates included).
 */
import type { TextValue } from '../model/request.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The bytes of a `{ raw }` value; a malformed base64 string is a generator bug, so it throws. */
export function rawBytes(raw: string): Uint8Array {
  // Buffer.from silently skips bad characters, which would send other bytes than intended.
  if (!BASE64.test(raw)) throw new Error(`raw text value is not padded base64: ${JSON.stringify(raw.slice(0, 40))}`);
  return new Uint8Array(Buffer.from(raw, 'base64'));
}

export function encodeText(v: TextValue): Uint8Array {
  if (typeof v !== 'string') return rawBytes(v.raw);
  // Without lone surrogates WTF-8 is UTF-8, which the runtime encodes natively.
  if (v.isWellFormed()) return Buffer.from(v, 'utf8');
  const out = new Uint8Array(byteLength(v));
  let o = 0;
  for (let i = 0; i < v.length; i++) {
    let cp = v.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < v.length) {
      const lo = v.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        i++;
      }
    }
    if (cp < 0x80) {
      out[o++] = cp;
    } else if (cp < 0x800) {
      out[o++] = 0xc0 | (cp >> 6);
      out[o++] = 0x80 | (cp & 0x3f);
    } else if (cp < 0x10000) {
      // Lone surrogates land here too: ED A0 80 … ED BF BF.
      out[o++] = 0xe0 | (cp >> 12);
      out[o++] = 0x80 | ((cp >> 6) & 0x3f);
      out[o++] = 0x80 | (cp & 0x3f);
    } else {
      out[o++] = 0xf0 | (cp >> 18);
      out[o++] = 0x80 | ((cp >> 12) & 0x3f);
      out[o++] = 0x80 | ((cp >> 6) & 0x3f);
      out[o++] = 0x80 | (cp & 0x3f);
    }
  }
  return out;
}

/** Bytes `encodeText(v)` writes, without allocating them for strings. */
export function byteLength(v: TextValue): number {
  if (typeof v !== 'string') return rawBytes(v.raw).length;
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < v.length && (v.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * Strict WTF-8: well-formed UTF-8 (no overlongs, nothing past U+10FFFF) plus 3-byte surrogates,
 * except a high surrogate directly followed by a low one (a string would pair them, and
 * encodeText would then write 4 bytes, not these 6). Returns undefined when not WTF-8.
 */
function decodeWtf8(b: Uint8Array): string | undefined {
  const units: number[] = [];
  let lastWasHighSurrogate = false;
  let i = 0;
  while (i < b.length) {
    const b0 = b[i]!;
    let cp: number;
    let n: number;
    if (b0 < 0x80) {
      cp = b0;
      n = 1;
    } else if (b0 >= 0xc2 && b0 <= 0xdf) {
      cp = b0 & 0x1f;
      n = 2;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      cp = b0 & 0x0f;
      n = 3;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      cp = b0 & 0x07;
      n = 4;
    } else return undefined;
    if (i + n > b.length) return undefined;
    for (let k = 1; k < n; k++) {
      const bk = b[i + k]!;
      if ((bk & 0xc0) !== 0x80) return undefined;
      cp = (cp << 6) | (bk & 0x3f);
    }
    if ((n === 3 && cp < 0x800) || (n === 4 && (cp < 0x10000 || cp > 0x10ffff))) return undefined;
    const isLow = cp >= 0xdc00 && cp <= 0xdfff;
    if (isLow && lastWasHighSurrogate) return undefined;
    lastWasHighSurrogate = cp >= 0xd800 && cp <= 0xdbff;
    if (cp >= 0x10000) units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
    else units.push(cp);
    i += n;
  }
  let s = '';
  for (let k = 0; k < units.length; k += 8192) s += String.fromCharCode(...units.slice(k, k + 8192));
  return s;
}

export function decodeText(bytes: Uint8Array): TextValue {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    // Not UTF-8; maybe WTF-8 with lone surrogates, which only the slow path accepts.
  }
  const s = decodeWtf8(bytes);
  return s ?? { raw: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') };
}

/**
 * A string for places that need one whatever the bytes (form field names, query values):
 * WTF-8 exactly as decodeText, other invalid sequences as U+FFFD. Lossy only for bytes no
 * encoder here writes.
 */
export function decodeTextLossy(bytes: Uint8Array): string {
  const v = decodeText(bytes);
  return typeof v === 'string' ? v : lenientUtf8.decode(bytes);
}

/** Whether two text values put the same bytes on the wire. */
export function sameText(a: TextValue, b: TextValue): boolean {
  return Buffer.from(encodeText(a)).equals(Buffer.from(encodeText(b)));
}
