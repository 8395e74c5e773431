/** Code-point ranges as the documents write them: `#x9`, `#x20-#xD7FF`. */
export interface CodePointRange {
  lo: number;
  hi: number;
}

export const MAX_CODE_POINT = 0x10ffff;

/** Parses one range; returns a message (not a throw) so the loader can locate it. */
export function parseCharsetRange(text: string): CodePointRange | string {
  const m = /^#x([0-9A-Fa-f]{1,6})(?:-#x([0-9A-Fa-f]{1,6}))?$/.exec(text);
  if (!m) return `"${text}" is not a code point or range like #x20 or #x20-#xD7FF`;
  const lo = parseInt(m[1]!, 16);
  const hi = m[2] === undefined ? lo : parseInt(m[2], 16);
  if (lo > MAX_CODE_POINT || hi > MAX_CODE_POINT) return `"${text}" goes past the last code point #x10FFFF`;
  if (lo > hi) return `"${text}" is reversed: #x${lo.toString(16).toUpperCase()} is after #x${hi.toString(16).toUpperCase()}`;
  return { lo, hi };
}

export function inRanges(cp: number, ranges: ReadonlyArray<readonly [number, number]>): boolean {
  return ranges.some(([lo, hi]) => cp >= lo && cp <= hi);
}
