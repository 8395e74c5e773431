import { describe, expect, it } from 'vitest';
import { responseBodyCheck } from '../../src/checks/response-body.js';
import { ctx, DOCTYPE_BODY, exchange, NH, request, SB, SB_ENTRY, YANDEX_SAMPLE_RESPONSE, YMQ } from './_exchange.js';

const ATOM = { status: [200], format: 'xml', root: 'entry', namespace: 'http://www.w3.org/2005/Atom' };
const sb = ctx(SB, 'sample-request');
const at200 = (body: string | Buffer, truncated = false) => exchange({ status: 200, body, truncated, request: request('topic') });

describe('response-body: xml', () => {
  it("passes the seed's Atom entry (default namespace) and a prefixed one", () => {
    expect(responseBodyCheck(sb, at200(SB_ENTRY), ATOM)).toEqual({ ok: true });
    expect(responseBodyCheck(sb, at200('<a:entry xmlns:a="http://www.w3.org/2005/Atom"><a:id>x</a:id></a:entry>'), ATOM)).toEqual({ ok: true });
  });

  it("passes the Yandex sample response (no declaration, no namespace) with only a root given", () => {
    expect(responseBodyCheck(ctx(YMQ, 'response-body'), exchange({ status: 200, body: YANDEX_SAMPLE_RESPONSE }), { status: [200], format: 'xml', root: 'SendMessageResponse' })).toEqual({ ok: true });
  });

  it('fails an entry outside the Atom namespace, naming both', () => {
    expect(responseBodyCheck(sb, at200('<entry><id>x</id></entry>'), ATOM)).toEqual({
      ok: false,
      message: 'The root element <entry> is in no namespace, not in http://www.w3.org/2005/Atom.',
      expected: 'http://www.w3.org/2005/Atom',
      actual: '(no namespace)',
    });
    expect(responseBodyCheck(sb, at200('<entry xmlns="http://www.w3.org/2005/atom"/>'), ATOM).ok).toBe(false);
  });

  it('fails another root', () => {
    expect(responseBodyCheck(sb, at200('<feed xmlns="http://www.w3.org/2005/Atom"/>'), ATOM)).toMatchObject({ ok: false, message: "The 200 response body's root element is <feed>, not <entry>." });
  });

  it('fails bodies that are not well-formed: cut off, two roots, stray text, undeclared entity, bare &, bad UTF-8, cut at the cap', () => {
    const bad: Array<string | Buffer> = [
      SB_ENTRY.slice(0, -20),
      '<entry xmlns="http://www.w3.org/2005/Atom"/><entry xmlns="http://www.w3.org/2005/Atom"/>',
      '<entry xmlns="http://www.w3.org/2005/Atom"/> trailing',
      '<entry xmlns="http://www.w3.org/2005/Atom">&nbsp;</entry>',
      '<entry xmlns="http://www.w3.org/2005/Atom">a & b</entry>',
      '<entry xmlns="http://www.w3.org/2005/Atom" a="&x;"/>',
      '<p:entry xmlns="http://www.w3.org/2005/Atom"/>',
      Buffer.concat([Buffer.from('<entry xmlns="http://www.w3.org/2005/Atom">'), Buffer.from([0xff, 0xfe]), Buffer.from('</entry>')]),
      'Hello',
    ];
    for (const body of bad) expect(responseBodyCheck(sb, at200(body), ATOM).ok, String(body)).toBe(false);
    expect(responseBodyCheck(sb, at200(SB_ENTRY, true), ATOM)).toMatchObject({ ok: false, message: 'The 200 response body is not well-formed XML: the body was cut at the size cap, so it cannot be read as XML.' });
  });

  it('decodes character references and keeps them well-formed', () => {
    expect(responseBodyCheck(sb, at200('<entry xmlns="http://www.w3.org/2005/Atom"><title>a &amp; b &#x1F600; &#169;</title></entry>'), ATOM)).toEqual({ ok: true });
    expect(responseBodyCheck(sb, at200('<entry xmlns="http://www.w3.org/2005/Atom">&#0;</entry>'), ATOM).ok).toBe(false);
  });

  it('refuses a DOCTYPE and an internal entity, without expanding them', () => {
    const out = responseBodyCheck(ctx(YMQ, 'response-body'), exchange({ status: 200, body: DOCTYPE_BODY }), { status: [200], format: 'xml', root: 'SendMessageResponse' });
    expect(out).toMatchObject({ ok: false, message: 'The 200 response body is not well-formed XML: the body has a DOCTYPE declaration, which is refused (no entity expansion).' });
  });

  it('does not apply to a status outside args.status', () => {
    expect(responseBodyCheck(sb, exchange({ status: 400, body: 'nope' }), ATOM)).toEqual({ ok: true });
  });
});

describe('response-body: none', () => {
  const nh = ctx(NH, 'response-body');
  const NONE = { status: [201], format: 'none' };
  it('passes an empty 201', () => {
    expect(responseBodyCheck(nh, exchange({ status: 201, request: request('hub') }), NONE)).toEqual({ ok: true });
  });
  it('fails any byte, with the body shown', () => {
    expect(responseBodyCheck(nh, exchange({ status: 201, body: '<Result/>', request: request('hub') }), NONE)).toEqual({
      ok: false,
      message: 'The 201 response has a body of 9 bytes where none is documented.',
      expected: '(empty body)',
      actual: '<Result/>',
    });
  });
  it('passes a well-formed XML 201 under the xml reading, fails a non-XML one', () => {
    const XML = { status: [201], format: 'xml' };
    expect(responseBodyCheck(nh, exchange({ status: 201, body: '<?xml version="1.0" encoding="utf-8"?><Result/>' }), XML).ok).toBe(true);
    expect(responseBodyCheck(nh, exchange({ status: 201, body: 'OK' }), XML).ok).toBe(false);
  });
});
