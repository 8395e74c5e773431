import { join } from 'node:path';
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { AtomDecodeError, decodeAtomEntry, encodeAtomEntry } from '../../src/encode/atom.js';
import { decodeText, encodeText } from '../../src/encode/text.js';
import { loadSpecFile, SPECS_DIR } from '../../specs/loader.js';
import { base64Bytes, RUNS, xmlText } from './arbitraries.js';

const EL = 'MessageDescription';
const utf8 = (b: Uint8Array): string => Buffer.from(b).toString('utf8');
const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));
const frame = (inner: string): string =>
  `<entry xmlns="http://www.w3.org/2005/Atom"><content type="application/xml"><${EL}>${inner}</${EL}></content></entry>`;

describe('encodeAtomEntry', () => {
  it('wraps the description in the seed entry shape', () => {
    expect(utf8(encodeAtomEntry('Hello', false, EL))).toBe(frame('Hello'));
    expect(utf8(encodeAtomEntry('', false, EL))).toBe(frame(''));
  });

  it('escapes text, including ]]> and CR (which an XML parser would otherwise turn into LF)', () => {
    expect(utf8(encodeAtomEntry(`a<b & "c" 'd' ]]> \r\n\t`, false, EL))).toBe(frame('a&lt;b &amp; &quot;c&quot; &apos;d&apos; ]]&gt; &#xD;\n\t'));
    expect(XMLValidator.validate(utf8(encodeAtomEntry('x ]]> <y/> &amp;', false, EL)))).toBe(true);
  });

  it('embeds an XML description as markup, unescaped', () => {
    const xml = '<Label a="1">M1</Label><![CDATA[<raw>]]><!-- c --><Ttl>10</Ttl>';
    const body = utf8(encodeAtomEntry(xml, true, EL));
    expect(body).toBe(frame(xml));
    expect(XMLValidator.validate(body)).toBe(true);
  });

  it('writes XML-illegal characters raw, so the target receives an entry that is not well-formed', () => {
    const control = encodeAtomEntry('a\u0001b', false, EL);
    expect(Buffer.from(control).includes(Buffer.from([0x61, 0x01, 0x62]))).toBe(true);
    const surrogate = encodeAtomEntry('a\uD800b', false, EL);
    expect(Buffer.from(surrogate).includes(Buffer.from([0x61, 0xed, 0xa0, 0x80, 0x62]))).toBe(true);
    expect(typeof decodeText(surrogate)).toBe('string'); // WTF-8, not UTF-8: a strict decoder refuses it
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(surrogate)).toThrow();
  });

  it('writes { raw } descriptions byte for byte, escaping only the ASCII markup bytes', () => {
    const body = encodeAtomEntry({ raw: Buffer.from([0xff, 0x3c, 0xfe]).toString('base64') }, false, EL);
    expect(Buffer.from(body).includes(Buffer.from([0xff, ...Buffer.from('&lt;'), 0xfe]))).toBe(true);
  });

  it('refuses a content element that is not an XML name', () => {
    expect(() => encodeAtomEntry('x', false, 'a b')).toThrow(/not an XML element name/);
    expect(() => encodeAtomEntry('x', false, '#text')).toThrow(/not an XML element name/);
  });
});

describe('decodeAtomEntry', () => {
  it('reads the Service Bus sample entry (single quotes, indentation)', () => {
    const op = loadSpecFile(join(SPECS_DIR, 'azure-service-bus/send-message.yaml')).operation;
    expect(decodeAtomEntry(bytes(op.examples[0]!.body!))).toEqual({ description: 'Hello from ruleprobe', descriptionIsXml: false, contentElement: EL });
  });

  it('resolves predefined entities and character references, with entity expansion off', () => {
    expect(decodeAtomEntry(bytes(frame('&lt;&amp;lt;&#x1F600;&#65;&#xD;'))).description).toBe('<&lt;\u{1F600}A\r');
    const doctype = `<!DOCTYPE entry [<!ENTITY e "boom">]>${frame('&e;')}`;
    expect(() => decodeAtomEntry(bytes(doctype))).toThrow(/unknown or bad reference/);
  });

  it('round-trips text descriptions over every XML-legal code point: decode(encode(x)) = x', () => {
    fc.assert(
      fc.property(xmlText, (description) => {
        const entry = { description, descriptionIsXml: false, contentElement: EL };
        expect(decodeAtomEntry(encodeAtomEntry(description, false, EL))).toEqual(entry);
      }),
      RUNS,
    );
    for (const d of ['<', '&', '"', "'", ']]>', '\u{10FFFF}', '\u{1F600}', '  lead and trail  ', '\r\n', '0', 'true']) {
      expect(decodeAtomEntry(encodeAtomEntry(d, false, EL)).description, JSON.stringify(d)).toBe(d);
    }
  });

  it('round-trips { raw } descriptions to the same bytes', () => {
    fc.assert(
      fc.property(base64Bytes, (description) => {
        expect(decodeAtomEntry(encodeAtomEntry(description, false, EL)).description).toEqual(decodeText(encodeText(description)));
      }),
      RUNS,
    );
  });

  it('round-trips XML descriptions that hold markup', () => {
    const xml = fc.array(fc.tuple(fc.constantFrom('A', 'b', 'MessageDescription'), xmlText), { minLength: 1, maxLength: 4 }).map((parts) =>
      parts.map(([tag, t]) => `<${tag}>${utf8(encodeAtomEntry(t, false, 'x')).replace(/^.*<x>|<\/x>.*$/g, '')}</${tag}>`).join(''),
    );
    fc.assert(
      fc.property(xml, (description) => {
        expect(decodeAtomEntry(encodeAtomEntry(description, true, EL))).toEqual({ description, descriptionIsXml: true, contentElement: EL });
      }),
      RUNS,
    );
  });

  it('returns XML-illegal characters as written (no real XML parser would accept them)', () => {
    for (const d of ['a\u0001b', 'a\uD800b', '\uDFFF', '\uFFFE']) {
      expect(decodeAtomEntry(encodeAtomEntry(d, false, EL)).description).toBe(d);
    }
  });

  it('reads markup without any < as text that encodes to the same bytes', () => {
    const body = encodeAtomEntry('a &amp; b', true, EL);
    const back = decodeAtomEntry(body);
    expect(back).toEqual({ description: 'a & b', descriptionIsXml: false, contentElement: EL });
    expect(utf8(encodeAtomEntry(back.description, back.descriptionIsXml, back.contentElement))).toBe(utf8(body));
  });

  it('names what is wrong with a body that is not such an entry', () => {
    const cases: Array<[string, RegExp]> = [
      ['<feed/>', /root element is <feed>/],
      ['<entry xmlns="urn:x"><content type="application/xml"><A/></content></entry>', /namespace/],
      ['<entry xmlns="http://www.w3.org/2005/Atom"><content type="text"><A/></content></entry>', /type is "text"/],
      ['<entry xmlns="http://www.w3.org/2005/Atom"><content type="application/xml"><A/><B/></content></entry>', /exactly one element, found A, B/],
      ['<entry xmlns="http://www.w3.org/2005/Atom"><content type="application/xml"></content></entry>', /found nothing/],
      ['<entry xmlns="http://www.w3.org/2005/Atom"><title/></entry>', /holds <title>/],
    ];
    for (const [xml, message] of cases) expect(() => decodeAtomEntry(bytes(xml)), xml).toThrow(message);
    const bare = '<entry xmlns="http://www.w3.org/2005/Atom"><content type="application/xml">text</content></entry>';
    expect(() => decodeAtomEntry(bytes(bare))).toThrow(AtomDecodeError);
    expect(() => decodeAtomEntry(bytes('<entry'))).toThrow(AtomDecodeError);
  });
});
