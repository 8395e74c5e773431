import { describe, expect, it } from 'vitest';
import { md5Hex, md5OfMessageAttributes } from '../../src/checks/digest.js';

describe('MD5OfMessageBody', () => {
  it("matches the seed's sample: md5('Hello world')", () => {
    expect(md5Hex('Hello world')).toBe('3e25960a79dbc69b674cd4ec67a72c62');
    expect(md5Hex('Hello+world')).not.toBe('3e25960a79dbc69b674cd4ec67a72c62');
  });
  it('is over UTF-8 bytes, not UTF-16 or latin1', () => {
    expect(md5Hex(Buffer.from('é😀', 'utf8'))).toBe(md5Hex('é😀'));
    expect(md5Hex(Buffer.from('é', 'latin1'))).not.toBe(md5Hex('é'));
  });
});

describe('MD5OfMessageAttributes (worked examples of PROTOCOL-FACTS §2.6)', () => {
  it('timestamp / Number / "1493147359900" → 235c5c51…', () => {
    expect(md5OfMessageAttributes([{ name: 'timestamp', dataType: 'Number', value: '1493147359900' }])).toBe('235c5c510d26fb653d073faed50ae77c');
  });
  it('{ordinal: Number "1", category: String "test"} → d21ae90c…, whatever the order given', () => {
    const attrs = [
      { name: 'ordinal', dataType: 'Number', value: '1' },
      { name: 'category', dataType: 'String', value: 'test' },
    ];
    expect(md5OfMessageAttributes(attrs)).toBe('d21ae90c49061e927f57df5f5d72be1f');
    expect(md5OfMessageAttributes([...attrs].reverse())).toBe('d21ae90c49061e927f57df5f5d72be1f');
  });
  it('MyAttr / String / TestValue → 6aa1eaae…', () => {
    expect(md5OfMessageAttributes([{ name: 'MyAttr', dataType: 'String', value: 'TestValue' }])).toBe('6aa1eaaeb8ef88eb54d6190124a472f0');
  });
  it('blob / Binary / 00 01 02 → a4478419… (transport byte 2, raw bytes)', () => {
    expect(md5OfMessageAttributes([{ name: 'blob', dataType: 'Binary', value: new Uint8Array([0, 1, 2]) }])).toBe('a44784199c97ff8c40423784a25b2410');
  });
  it('sorts names bytewise (uppercase before lowercase), and is absent without attributes', () => {
    const a = md5OfMessageAttributes([
      { name: 'b', dataType: 'String', value: 'x' },
      { name: 'B', dataType: 'String', value: 'y' },
    ]);
    const b = md5OfMessageAttributes([
      { name: 'B', dataType: 'String', value: 'y' },
      { name: 'b', dataType: 'String', value: 'x' },
    ]);
    expect(a).toBe(b);
    expect(md5OfMessageAttributes([])).toBeUndefined();
  });
});
