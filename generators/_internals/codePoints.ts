/** Code points, their UTF-8 widths, and strings of an exact byte length. */
import fc from 'fast-check';

export type Ranges = ReadonlyArray<readonly [number, number]>;

/** All of Unicode's scalar values and the surrogates: what "any character" means to a generator. */
export const ALL_CODE_POINTS: Ranges = [[0, 0x10ffff]];

export function utf8Width(cp: number): 1 | 2 | 3 | 4 {
  if (cp < 0x80) return 1;
  if (cp < 0x800) return 2;
  if (cp < 0x10000) return 3;
  return 4;
}

export function inRanges(cp: number, ranges: Ranges): boolean {
  return ranges.some(([lo, hi]) => cp >= lo && cp <= hi);
}

/** The complement of `ranges` within 0..#x10FFFF, as ranges. */
export function complement(ranges: Ranges): Array<[number, number]> {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  let next = 0;
  for (const [lo, hi] of sorted) {
    if (lo > next) out.push([next, lo - 1]);
    next = Math.max(next, hi + 1);
  }
  if (next <= 0x10ffff) out.push([next, 0x10ffff]);
  return out;
}

/** Both ends of every range, in order, without repeats. */
export function endpoints(ranges: Ranges): number[] {
  return [...new Set(ranges.flatMap(([lo, hi]) => [lo, hi]))];
}

/**
 * A code point from `ranges`: ends of ranges and each UTF-8 width boundary are drawn often,
 * the interior uniformly per range (so supplementary planes are not a rounding error).
 */
export function codePointIn(ranges: Ranges): fc.Arbitrary<number> {
  const widthEdges = [0x7f, 0x80, 0x7ff, 0x800, 0xffff, 0x10000].filter((cp) => inRanges(cp, ranges));
  const edges = [...endpoints(ranges), ...widthEdges];
  return fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom(...edges) },
    { weight: 4, arbitrary: fc.oneof(...ranges.map(([lo, hi]) => fc.integer({ min: lo, max: hi }))) },
  );
}

/** A code point of `ranges` with the given UTF-8 width, if there is one: printable where the ranges allow. */
export function codePointOfWidth(ranges: Ranges, width: 1 | 2 | 3 | 4, prefer?: number): number | undefined {
  const bounds: Record<number, [number, number]> = { 1: [0, 0x7f], 2: [0x80, 0x7ff], 3: [0x800, 0xffff], 4: [0x10000, 0x10ffff] };
  const [wlo, whi] = bounds[width]!;
  const candidates = [...(prefer !== undefined ? [prefer] : []), 0x61, 0xe9, 0x4e2d, 0x1f600, 0x30, 0x21];
  const hit = candidates.find((cp) => cp >= wlo && cp <= whi && inRanges(cp, ranges));
  if (hit !== undefined) return hit;
  for (const [lo, hi] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const start = Math.max(lo, wlo);
    if (start <= Math.min(hi, whi)) return start;
  }
  return undefined;
}

/** A string of code points. Lone surrogates stay lone (the encoder writes them as WTF-8). */
export function fromCodePoints(cps: readonly number[]): string {
  let s = '';
  for (const cp of cps) s += cp >= 0xd800 && cp <= 0xdfff ? String.fromCharCode(cp) : String.fromCodePoint(cp);
  return s;
}

export function textIn(ranges: Ranges, constraints: { minLength?: number; maxLength: number }): fc.Arbitrary<string> {
  return fc.array(codePointIn(ranges), { minLength: constraints.minLength ?? 0, maxLength: constraints.maxLength }).map(fromCodePoints);
}

/** UTF-8 byte length of a string as the encoder writes it (lone surrogates: 3 bytes). */
export function byteLengthOf(s: string): number {
  let n = 0;
  for (const ch of s) n += utf8Width(ch.codePointAt(0)!);
  return n;
}

export function charLengthOf(s: string): number {
  return [...s].length;
}

/**
 * A string of exactly `bytes` UTF-8 bytes made of `width`-byte characters from `ranges`,
 * padded with 1-byte characters where the width does not divide the length. The multi-byte
 * characters sit at the end, where a limit counted in characters or cut mid-character shows.
 */
export function stringOfBytes(bytes: number, ranges: Ranges, width: 1 | 2 | 3 | 4): string | undefined {
  // Values at a size limit (256 KiB bodies) are drawn again and again: each is built once.
  if (bytes < 16 * 1024) return buildStringOfBytes(bytes, ranges, width);
  const key = `${bytes}|${width}|${ranges.map(([lo, hi]) => `${lo}-${hi}`).join(',')}`;
  if (SIZED.has(key)) return SIZED.get(key);
  const out = buildStringOfBytes(bytes, ranges, width);
  if (SIZED.size >= 32) SIZED.delete(SIZED.keys().next().value!);
  SIZED.set(key, out);
  return out;
}

/** Large sized strings by size, width and ranges, oldest first (strings are values: sharing one is safe). */
const SIZED = new Map<string, string | undefined>();

function buildStringOfBytes(bytes: number, ranges: Ranges, width: 1 | 2 | 3 | 4): string | undefined {
  const wide = codePointOfWidth(ranges, width);
  const narrow = codePointOfWidth(ranges, 1);
  if (wide === undefined) return undefined;
  const count = Math.floor(bytes / width);
  const pad = bytes - count * width;
  if (pad > 0 && narrow === undefined) return undefined;
  return String.fromCodePoint(narrow ?? 0x61).repeat(pad) + String.fromCodePoint(wide).repeat(count);
}

/** Characters XML 1.0 can carry, which is also the Yandex message-body set. */
export const XML_CHARS: Ranges = [[0x9, 0x9], [0xa, 0xa], [0xd, 0xd], [0x20, 0xd7ff], [0xe000, 0xfffd], [0x10000, 0x10ffff]];

/** ASCII letters and digits: ids and tags that need no escaping anywhere. */
export const TOKEN_CHARS: Ranges = [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a]];
