import { describe, expect, it } from 'vitest';
import { inRanges, parseCharsetRange } from '../../src/model/charset.js';
import { kebab } from '../../specs/compile.js';

describe('parseCharsetRange', () => {
  it('reads single code points and ranges as the documents write them', () => {
    expect(parseCharsetRange('#x9')).toEqual({ lo: 9, hi: 9 });
    expect(parseCharsetRange('#x20-#xD7FF')).toEqual({ lo: 0x20, hi: 0xd7ff });
    expect(parseCharsetRange('#x10000-#x10FFFF')).toEqual({ lo: 0x10000, hi: 0x10ffff });
  });
  it('explains what is wrong instead of throwing', () => {
    expect(parseCharsetRange('#x7E-#x20')).toBe('"#x7E-#x20" is reversed: #x7E is after #x20');
    expect(parseCharsetRange('#x110000')).toBe('"#x110000" goes past the last code point #x10FFFF');
    expect(parseCharsetRange('U+0020')).toBe('"U+0020" is not a code point or range like #x20 or #x20-#xD7FF');
  });
  it('decides membership at each edge', () => {
    const yandex: Array<[number, number]> = [[0x9, 0x9], [0xa, 0xa], [0xd, 0xd], [0x20, 0xd7ff], [0xe000, 0xfffd], [0x10000, 0x10ffff]];
    expect([0x8, 0xb, 0x1f, 0xd800, 0xdfff, 0xfffe, 0xffff].map((c) => inRanges(c, yandex))).toEqual([false, false, false, false, false, false, false]);
    expect([0x9, 0xa, 0xd, 0x20, 0xd7ff, 0xe000, 0xfffd, 0x10000, 0x10ffff].every((c) => inRanges(c, yandex))).toBe(true);
  });
});

describe('kebab (rule slugs from names)', () => {
  it.each([
    ['DelaySeconds', 'delay-seconds'],
    ['MD5OfMessageBody', 'md5-of-message-body'],
    ['ServiceBusNotification-Format', 'service-bus-notification-format'],
    ['x-ms-version', 'x-ms-version'],
    ['windows phone', 'windows-phone'],
    ['QueueUrl', 'queue-url'],
    ['Value.DataType', 'value-data-type'],
  ])('%s → %s', (name, slug) => {
    expect(kebab(name)).toBe(slug);
  });
});
