import { describe, expect, it } from 'vitest';
import { decodeReferences, elementsAt, parseXml } from '../../src/checks/_internals/xml.js';
import { SB_ENTRY, YANDEX_SAMPLE_RESPONSE } from './_exchange.js';

const parse = (s: string | Buffer) => parseXml(typeof s === 'string' ? Buffer.from(s) : s);

describe('parseXml', () => {
  it('reads the Yandex sample and the Atom entry, with namespaces and decoded text', () => {
    const y = parse(YANDEX_SAMPLE_RESPONSE);
    expect(y.ok && elementsAt(y.root, 'SendMessageResponse/SendMessageResult/MessageId')[0]?.text).toBe('cddcbbe4-b0571f5c-d7b94ce4-1523191');
    const a = parse(SB_ENTRY);
    expect(a.ok && a.root.namespace).toBe('http://www.w3.org/2005/Atom');
    expect(a.ok && elementsAt(a.root, 'entry/link')[0]?.attributes).toEqual({ rel: 'self' });
    const cdata = parse('<a>x &lt;<![CDATA[&amp;]]>&#x41;</a>');
    expect(cdata.ok && cdata.root.text).toBe('x <&amp;A');
  });

  it('refuses DOCTYPE and ENTITY declarations before parsing, even billion-laughs sized', () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]><lolz>&lol9;</lolz>`;
    expect(parse(lol)).toEqual({ ok: false, reason: 'the body has a DOCTYPE declaration, which is refused (no entity expansion)', problem: 'the body has a DOCTYPE declaration, which is refused (no entity expansion)' });
    expect(parse('<!DOCTYPE a SYSTEM "file:///etc/passwd"><a/>').ok).toBe(false);
    expect(parse('<a><!ENTITY x "y"></a>').ok).toBe(false);
  });

  it('allows the word DOCTYPE in comments and CDATA', () => {
    expect(parse('<!-- <!DOCTYPE x> --><a><![CDATA[<!DOCTYPE y>]]></a>').ok).toBe(true);
  });

  it('decodes UTF-16 with a BOM and latin-1 when declared', () => {
    expect(parse(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<a>é</a>', 'utf16le')])).ok).toBe(true);
    const latin = parse(Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a>\u00e9</a>', 'latin1'));
    expect(latin.ok && latin.root.text).toBe('é');
  });

  it('rejects an undeclared prefix', () => {
    expect(parse('<p:a/>').ok).toBe(false);
  });

  it('gives the parser’s reason both as a clause and as the bare problem, for a sentence that says "not well-formed" itself', () => {
    expect(parse('<a><b></a>')).toEqual({
      ok: false,
      reason: "the body is not well-formed XML (line 1: Expected closing tag 'b' (opened in line 1, col 4) instead of closing tag 'a'.)",
      problem: "line 1: Expected closing tag 'b' (opened in line 1, col 4) instead of closing tag 'a'.",
    });
    expect(parse('<a/><b/>')).toEqual({ ok: false, reason: 'the body is not well-formed XML (2 root elements)', problem: '2 root elements' });
    expect(parse('   ')).toEqual({ ok: false, reason: 'the body is empty', problem: 'the body is empty' });
  });
});

describe('decodeReferences', () => {
  it('decodes the predefined entities and character references, refuses others', () => {
    expect(decodeReferences('&lt;&gt;&amp;&quot;&apos;&#65;&#x42;')).toBe(`<>&"'AB`);
    expect(decodeReferences('&nbsp;')).toBeUndefined();
    expect(decodeReferences('a & b')).toBeUndefined();
    expect(decodeReferences('&#xD800;')).toBeUndefined();
  });
});
