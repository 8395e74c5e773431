import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byteLength, decodeText, encodeText, sameText } from '../../src/encode/text.js';
import { anyText, RUNS } from './arbitraries.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex').toUpperCase();
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));

describe('encodeText', () => {
  it('writes UTF-8, astral characters as four bytes', () => {
    expect(hex(encodeText('A'))).toBe('41');
    expect(hex(encodeText('é'))).toBe('C3A9');
    expect(hex(encodeText('\u{1F600}'))).toBe('F09F9880');
    expect(hex(encodeText(''))).toBe('');
  });

  it('writes a lone surrogate as its 3-byte WTF-8 form, so the target gets invalid UTF-8', () => {
    expect(hex(encodeText('\uD800'))).toBe('EDA080');
    expect(hex(encodeText('\uDFFF'))).toBe('EDBFBF');
    expect(hex(encodeText('a\uDBFF'))).toBe('61EDAFBF');
    // A low surrogate before a high one is two lone surrogates, not a pair.
    expect(hex(encodeText('\uDC00\uD800'))).toBe('EDB080EDA080');
  });

  it('writes { raw } as its base64 bytes and refuses malformed base64', () => {
    expect(hex(encodeText({ raw: '/w==' }))).toBe('FF');
    expect(hex(encodeText({ raw: '' }))).toBe('');
    expect(() => encodeText({ raw: 'not base64!' })).toThrow(/not padded base64/);
    expect(() => encodeText({ raw: '/w' })).toThrow(/not padded base64/);
  });

  it('matches Node UTF-8 for strings without lone surrogates, and byteLength matches', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        expect(byteLength(s)).toBe(encodeText(s).length);
        if (!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s)) expect(hex(encodeText(s))).toBe(Buffer.from(s, 'utf8').toString('hex').toUpperCase());
      }),
      RUNS,
    );
  });
});

describe('decodeText', () => {
  it('returns lone surrogates for WTF-8 and { raw } for anything else', () => {
    expect(decodeText(bytes('EDA080'))).toBe('\uD800');
    expect(decodeText(bytes('EDB080EDA080'))).toBe('\uDC00\uD800');
    // A high then a low surrogate as 3-byte forms: a string would pair them and re-encode to 4 bytes.
    expect(decodeText(bytes('EDA080EDB080'))).toEqual({ raw: Buffer.from(bytes('EDA080EDB080')).toString('base64') });
    for (const bad of ['FF', 'C080', 'E08080', 'F4908080', 'F09F98', '80', 'C3']) {
      expect(typeof decodeText(bytes(bad)), bad).toBe('object');
    }
    expect(decodeText(bytes('EFBBBF41'))).toBe('\uFEFFA');
  });

  it('round-trips every string: decode(encode(s)) = s', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        expect(decodeText(encodeText(s))).toBe(s);
      }),
      RUNS,
    );
  });

  it('round-trips every byte sequence: encode(decode(b)) = b', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 32 }), (b) => {
        expect(hex(encodeText(decodeText(b)))).toBe(hex(b));
      }),
      RUNS,
    );
  });

  it('treats a string and { raw } of the same bytes as the same text', () => {
    expect(sameText('é', { raw: Buffer.from('é').toString('base64') })).toBe(true);
    expect(sameText('e', 'é')).toBe(false);
  });
});
