/** Text arbitraries shared by the encoder tests. */
import fc from 'fast-check';
import type { FormStyle } from '../../src/model/request.js';

/** One code point from anywhere, lone surrogates included, biased toward the edges that break encoders. */
export const anyCodePoint = fc
  .oneof(
    fc.integer({ min: 0, max: 0x7f }),
    fc.integer({ min: 0x80, max: 0x7ff }),
    fc.integer({ min: 0x800, max: 0xffff }),
    fc.integer({ min: 0xd800, max: 0xdfff }),
    fc.integer({ min: 0x10000, max: 0x10ffff }),
  )
  .map((cp) => String.fromCodePoint(cp));

/** Any JS string, including lone surrogates (which fast-check's `binary` unit leaves out). */
export const anyText = fc.string({ unit: anyCodePoint, maxLength: 24 });

/** XML 1.0 Char: #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF. */
export const xmlCodePoint = fc
  .oneof(
    fc.constantFrom(0x9, 0xa, 0xd, 0x26, 0x3c, 0x3e, 0x22, 0x27, 0x5d),
    fc.integer({ min: 0x20, max: 0x7e }),
    fc.integer({ min: 0x20, max: 0xd7ff }),
    fc.integer({ min: 0xe000, max: 0xfffd }),
    fc.integer({ min: 0x10000, max: 0x10ffff }),
  )
  .map((cp) => String.fromCodePoint(cp));

export const xmlText = fc.string({ unit: xmlCodePoint, maxLength: 40 });

export const formStyle: fc.Arbitrary<FormStyle> = fc.record({
  order: fc.constantFrom('as-is', 'sorted', 'reversed'),
  space: fc.constantFrom('plus', 'percent'),
  hexCase: fc.constantFrom('upper', 'lower'),
});

export const base64Bytes = fc.uint8Array({ maxLength: 24 }).map((b) => ({ raw: Buffer.from(b).toString('base64') }));

export const RUNS = { numRuns: 300 };
