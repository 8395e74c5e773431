import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeForm, encodeForm, formContentType, formStyleOf, orderFields, percentDecode } from '../../src/encode/form.js';
import { decodeText, encodeText } from '../../src/encode/text.js';
import type { FormStyle, NamedValue } from '../../src/model/request.js';
import { loadSpecFile, SPECS_DIR } from '../../specs/loader.js';
import { anyText, base64Bytes, formStyle, RUNS } from './arbitraries.js';

const UPPER_PLUS: FormStyle = { order: 'as-is', space: 'plus', hexCase: 'upper' };
const text = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

describe('encodeForm', () => {
  it('writes a space as + or %20 by style', () => {
    expect(text(encodeForm([{ name: 'MessageBody', value: 'Hello world' }], UPPER_PLUS))).toBe('MessageBody=Hello+world');
    expect(text(encodeForm([{ name: 'MessageBody', value: 'Hello world' }], { ...UPPER_PLUS, space: 'percent' }))).toBe('MessageBody=Hello%20world');
  });

  it('escapes every UTF-8 byte of an astral character, in the style hex case', () => {
    const f = [{ name: 'b', value: '\u{1F600}' }];
    expect(text(encodeForm(f, UPPER_PLUS))).toBe('b=%F0%9F%98%80');
    expect(text(encodeForm(f, { ...UPPER_PLUS, hexCase: 'lower' }))).toBe('b=%f0%9f%98%80');
  });

  it('writes a lone surrogate as the escapes of its WTF-8 bytes', () => {
    expect(text(encodeForm([{ name: 'b', value: '\uD800' }], UPPER_PLUS))).toBe('b=%ED%A0%80');
    expect(text(encodeForm([{ name: '\uDC00', value: '' }], UPPER_PLUS))).toBe('%ED%B0%80=');
  });

  it('keeps only A-Za-z0-9-._~ unescaped', () => {
    const all = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i)).join('');
    const body = text(encodeForm([{ name: 'x', value: all }], { ...UPPER_PLUS, space: 'percent' }));
    expect(body.replace(/%[0-9A-F]{2}/g, '')).toBe('x=-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~');
    expect(text(encodeForm([{ name: 'a+b', value: "&=*'!" }], UPPER_PLUS))).toBe('a%2Bb=%26%3D%2A%27%21');
  });

  it('writes { raw } values byte for byte', () => {
    expect(text(encodeForm([{ name: 'v', value: { raw: '/wA=' } }], UPPER_PLUS))).toBe('v=%FF%00');
  });

  it('orders fields as given, by name bytes (stably) or reversed', () => {
    const fields: NamedValue[] = [
      { name: 'b', value: '1' },
      { name: 'é', value: '2' },
      { name: 'B', value: '3' },
      { name: 'b', value: '4' },
      { name: '\u{1F600}', value: '5' },
      { name: '\uFFFD', value: '6' },
    ];
    const names = (order: FormStyle['order']): string => text(encodeForm(fields, { ...UPPER_PLUS, order }));
    expect(names('as-is')).toBe('b=1&%C3%A9=2&B=3&b=4&%F0%9F%98%80=5&%EF%BF%BD=6');
    expect(names('sorted')).toBe('B=3&b=1&b=4&%C3%A9=2&%EF%BF%BD=6&%F0%9F%98%80=5');
    expect(names('reversed')).toBe('%EF%BF%BD=6&%F0%9F%98%80=5&b=4&B=3&%C3%A9=2&b=1');
  });

  it('names the media type with or without charset', () => {
    expect(formContentType(false)).toBe('application/x-www-form-urlencoded');
    expect(formContentType(true)).toBe('application/x-www-form-urlencoded; charset=utf-8');
  });
});

describe('decodeForm', () => {
  it('reads the Yandex sample request body as its form', () => {
    const op = loadSpecFile(join(SPECS_DIR, 'yandex-message-queue/send-message.yaml')).operation;
    const example = op.examples[0]!;
    const fields = decodeForm(new Uint8Array(Buffer.from(example.body!, 'utf8')));
    expect(fields).toEqual(Object.entries(example.form!).map(([name, value]) => ({ name, value })));
    expect(decodeForm(encodeForm(fields, UPPER_PLUS))).toEqual(fields);
  });

  it('is lenient where a form body is: bare names, empty pairs, a stray %', () => {
    const body = new Uint8Array(Buffer.from('a&&b=&c=1%2&d=%zz+%2b', 'latin1'));
    expect(decodeForm(body)).toEqual([
      { name: 'a', value: '' },
      { name: 'b', value: '' },
      { name: 'c', value: '1%2' },
      { name: 'd', value: '%zz +' },
    ]);
    expect(decodeForm(new Uint8Array(0))).toEqual([]);
    expect(text(percentDecode('a+b%41', false))).toBe('a+bA');
  });

  it('returns values that are not UTF-8 as { raw }', () => {
    expect(decodeForm(new Uint8Array(Buffer.from('v=%FF', 'latin1')))).toEqual([{ name: 'v', value: { raw: '/w==' } }]);
  });

  it('round-trips every form in every style: decode(encode(f, s)) = f in the style order', () => {
    const fields = fc.array(fc.record({ name: anyText, value: anyText }), { maxLength: 6 });
    fc.assert(
      fc.property(fields, formStyle, (f, style) => {
        const body = encodeForm(f, style);
        expect(decodeForm(body)).toEqual(orderFields(f, style.order));
        // The body is ASCII, and what formStyleOf reads back writes the same bytes again.
        expect(text(body)).toMatch(/^[A-Za-z0-9\-._~%+&=]*$/);
        expect(text(encodeForm(decodeForm(body), formStyleOf(body)))).toBe(text(body));
      }),
      RUNS,
    );
  });

  it('round-trips { raw } values to the same bytes', () => {
    const fields = fc.array(fc.record({ name: anyText, value: fc.oneof(anyText, base64Bytes) }), { maxLength: 6 });
    fc.assert(
      fc.property(fields, formStyle, (f, style) => {
        const back = decodeForm(encodeForm(f, style));
        const expected = orderFields(f, style.order).map((x) => ({ name: x.name, value: decodeText(encodeText(x.value)) }));
        expect(back).toEqual(expected);
      }),
      RUNS,
    );
  });
});
