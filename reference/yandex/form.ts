/**
 * application/x-www-form-urlencoded, read the way a server reads it (PROTOCOL-FACTS §2.2): pairs
 * split on `&`, name and value split on the first `=`, `+` is a space, `%XX` is a byte. Values
 * stay bytes, so each parameter decides how strictly its UTF-8 is read. Written here rather than
 * imported from src/encode so the reference does not share the harness's encoder.
 */

export interface FormPair {
  name: string;
  value: Buffer;
}

/** The value of each byte as a hex digit, or −1. */
const HEX = new Int8Array(256).fill(-1);
for (let c = 0; c < 256; c++) {
  if (c >= 0x30 && c <= 0x39) HEX[c] = c - 0x30;
  else if (c >= 0x41 && c <= 0x46) HEX[c] = c - 0x37;
  else if (c >= 0x61 && c <= 0x66) HEX[c] = c - 0x57;
}

/** Whether a `%` at `i` is followed by two hex digits. */
function escapeAt(s: Buffer, i: number): boolean {
  return i + 2 < s.length && HEX[s[i + 1]!]! >= 0 && HEX[s[i + 2]!]! >= 0;
}

/** `%XX` → byte, `+` → space; a `%` without two hex digits stays literal. */
export function unescapeForm(s: Buffer): Buffer {
  const out = Buffer.allocUnsafe(s.length);
  let o = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s[i]!;
    if (c === 0x25 && escapeAt(s, i)) {
      out[o++] = (HEX[s[i + 1]!]! << 4) | HEX[s[i + 2]!]!;
      i += 2;
    } else out[o++] = c === 0x2b ? 0x20 : c;
  }
  return out.subarray(0, o);
}

/** Raw pairs (still escaped) of a form or query string, empty pairs skipped. */
function rawPairs(bytes: Buffer): Array<[Buffer, Buffer]> {
  const pairs: Array<[Buffer, Buffer]> = [];
  let start = 0;
  while (start <= bytes.length) {
    const amp = bytes.indexOf(0x26, start);
    const end = amp < 0 ? bytes.length : amp;
    if (end > start) {
      const pair = bytes.subarray(start, end);
      const eq = pair.indexOf(0x3d);
      pairs.push(eq < 0 ? [pair, Buffer.alloc(0)] : [pair.subarray(0, eq), pair.subarray(eq + 1)]);
    }
    start = end + 1;
  }
  return pairs;
}

/** The first `%` not followed by two hex digits (a syntax error of the form), as its offset; undefined when there is none. */
export function badEscape(bytes: Buffer): number | undefined {
  const n = bytes.length;
  for (let i = 0; i < n; i++) {
    if (bytes[i] !== 0x25) continue;
    if (!escapeAt(bytes, i)) return i;
    // The two digits of a well-formed escape are no `%`.
    i += 2;
  }
  return undefined;
}

export function parseForm(bytes: Buffer): FormPair[] {
  return rawPairs(bytes).map(([n, v]) => ({ name: unescapeForm(n).toString('utf8'), value: unescapeForm(v) }));
}

/** Parameters by name; the first occurrence of a repeated name wins. */
export class Params {
  private readonly map = new Map<string, Buffer>();
  constructor(pairs: FormPair[]) {
    for (const p of pairs) if (!this.map.has(p.name)) this.map.set(p.name, p.value);
  }
  bytes(name: string): Buffer | undefined {
    return this.map.get(name);
  }
  /** The value as text, invalid UTF-8 replaced (for names and fixed values that are compared, not stored). */
  text(name: string): string | undefined {
    return this.map.get(name)?.toString('utf8');
  }
  names(): string[] {
    return [...this.map.keys()];
  }
}
