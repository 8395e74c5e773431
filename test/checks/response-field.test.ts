import { describe, expect, it } from 'vitest';
import { responseFieldCheck } from '../../src/checks/response-field.js';
import { ctx, DOCTYPE_BODY, exchange, request, rule, SB, SB_ENTRY, sendMessage, YANDEX_SAMPLE_RESPONSE, YMQ, yandexResponse } from './_exchange.js';

const RESULT = 'SendMessageResponse/SendMessageResult';
const ymq = ctx(YMQ, 'response-md5-of-message-body');
const sb = ctx(SB, 'response-body');
const field = (path: string, presence: string, named?: string) => ({ path, presence, ...(named ? { format: { named } } : {}) });
const withAttrs = sendMessage([
  ['MessageBody', 'Hello world'],
  ['MessageAttribute.1.Name', 'color'],
  ['MessageAttribute.1.Value.DataType', 'String'],
  ['MessageAttribute.1.Value.StringValue', 'blue'],
]);
const fifo = sendMessage([['MessageBody', 'Hello world'], ['MessageGroupId', 'g1'], ['MessageDeduplicationId', 'd1']], 'fifo-queue');
const atomAt200 = (body: string) => exchange({ status: 200, body, request: request('topic'), url: 'https://rp-ns.servicebus.windows.net/orders/messages' });

describe('response-field: presence', () => {
  it('always: passes the sample response’s MD5OfMessageBody, MessageId and RequestId', () => {
    const ex = exchange({ status: 200, body: YANDEX_SAMPLE_RESPONSE });
    expect(responseFieldCheck(ymq, ex, field(`${RESULT}/MD5OfMessageBody`, 'always', 'md5-hex'))).toEqual({ ok: true });
    expect(responseFieldCheck(ymq, ex, field(`${RESULT}/MessageId`, 'always', 'non-empty'))).toEqual({ ok: true });
    expect(responseFieldCheck(ymq, ex, field('SendMessageResponse/ResponseMetadata/RequestId', 'always', 'non-empty'))).toEqual({ ok: true });
  });

  it('always: fails a missing field', () => {
    const ex = exchange({ status: 200, body: yandexResponse({ MessageId: 'm-1' }) });
    expect(responseFieldCheck(ymq, ex, field(`${RESULT}/MD5OfMessageBody`, 'always', 'md5-hex'))).toEqual({
      ok: false,
      message: 'SendMessageResponse/SendMessageResult/MD5OfMessageBody is missing from the 200 response, though the document says it is always present.',
      expected: '32 lowercase hex digits',
      actual: '(absent)',
    });
  });

  it('with-attributes: present iff the request has attributes', () => {
    const args = field(`${RESULT}/MD5OfMessageAttributes`, 'with-attributes', 'md5-hex');
    const has = yandexResponse({ MD5OfMessageBody: '3e25960a79dbc69b674cd4ec67a72c62', MD5OfMessageAttributes: '6aa1eaaeb8ef88eb54d6190124a472f0', MessageId: 'm' });
    expect(responseFieldCheck(ymq, exchange({ status: 200, body: has, request: withAttrs }), args)).toEqual({ ok: true });
    expect(responseFieldCheck(ymq, exchange({ status: 200, body: YANDEX_SAMPLE_RESPONSE }), args)).toEqual({ ok: true });
    expect(responseFieldCheck(ymq, exchange({ status: 200, body: YANDEX_SAMPLE_RESPONSE, request: withAttrs }), args)).toMatchObject({
      ok: false,
      message: 'SendMessageResponse/SendMessageResult/MD5OfMessageAttributes is missing from the 200 response, though the request has message attributes.',
    });
    expect(responseFieldCheck(ymq, exchange({ status: 200, body: has }), args)).toEqual({
      ok: false,
      message: 'SendMessageResponse/SendMessageResult/MD5OfMessageAttributes is present in the 200 response, though the request has no message attributes.',
      expected: '(absent)',
      actual: '<MD5OfMessageAttributes>6aa1eaaeb8ef88eb54d6190124a472f0',
    });
  });

  it('a field only FIFO queues carry: the rule applies to fifo-queue (declared in the spec) and the check requires it always', () => {
    expect(rule(YMQ, 'response-sequence-number').appliesTo).toBe('fifo-queue');
    const args = field(`${RESULT}/SequenceNumber`, 'always', 'decimal-uint128');
    const seq = yandexResponse({ MD5OfMessageBody: '3e25960a79dbc69b674cd4ec67a72c62', MessageId: 'm', SequenceNumber: '18849496460467696128' });
    expect(responseFieldCheck(ymq, exchange({ status: 200, body: seq, request: fifo }), args)).toEqual({ ok: true });
    expect(responseFieldCheck(ymq, exchange({ status: 200, body: YANDEX_SAMPLE_RESPONSE, request: fifo }), args)).toMatchObject({ ok: false });
  });

  it('absent and without-attributes: fail when present (no format needed)', () => {
    const seq = yandexResponse({ MD5OfMessageBody: '3e25960a79dbc69b674cd4ec67a72c62', MessageId: 'm', SequenceNumber: '1' });
    for (const presence of ['absent', 'without-attributes']) {
      expect(responseFieldCheck(ymq, exchange({ status: 200, body: YANDEX_SAMPLE_RESPONSE }), field(`${RESULT}/SequenceNumber`, presence))).toEqual({ ok: true });
      expect(responseFieldCheck(ymq, exchange({ status: 200, body: seq }), field(`${RESULT}/SequenceNumber`, presence)).ok).toBe(false);
    }
  });

  it('optional: passes absence, checks the format when present', () => {
    const args = field(`${RESULT}/MessageId`, 'optional', 'non-empty');
    expect(responseFieldCheck(ymq, exchange({ status: 200, body: yandexResponse({}) }), args).ok).toBe(true);
    expect(responseFieldCheck(ymq, exchange({ status: 200, body: yandexResponse({ MessageId: '  ' }) }), args).ok).toBe(false);
  });

  it('fails when the body cannot be read, whatever the presence, and refuses a DOCTYPE', () => {
    expect(responseFieldCheck(ymq, exchange({ status: 200, body: 'OK' }), field(`${RESULT}/SequenceNumber`, 'absent')).ok).toBe(false);
    expect(responseFieldCheck(ymq, exchange({ status: 200, body: DOCTYPE_BODY }), field(`${RESULT}/MD5OfMessageBody`, 'always', 'md5-hex'))).toMatchObject({
      ok: false,
      message: expect.stringContaining('DOCTYPE declaration, which is refused'),
    });
  });

  it('does not apply to an error response', () => {
    expect(responseFieldCheck(ymq, exchange({ status: 400, body: 'bad' }), field(`${RESULT}/MD5OfMessageBody`, 'always', 'md5-hex'))).toEqual({ ok: true });
  });
});

describe('response-field: named formats', () => {
  const md5 = field(`${RESULT}/MD5OfMessageBody`, 'always', 'md5-hex');
  it('md5-hex: 32 lowercase hex digits only', () => {
    expect(responseFieldCheck(ymq, exchange({ status: 200, body: yandexResponse({ MD5OfMessageBody: '3E25960A79DBC69B674CD4EC67A72C62' }) }), md5)).toEqual({
      ok: false,
      message: 'SendMessageResponse/SendMessageResult/MD5OfMessageBody in the 200 response does not have its documented format.',
      expected: '32 lowercase hex digits',
      actual: '3E25960A79DBC69B674CD4EC67A72C62',
    });
    expect(responseFieldCheck(ymq, exchange({ status: 200, body: yandexResponse({ MD5OfMessageBody: '3e25960a79dbc69b674cd4ec67a72c6' }) }), md5).ok).toBe(false);
  });

  it('decimal-uint128: digits below 2^128', () => {
    const args = field(`${RESULT}/SequenceNumber`, 'always', 'decimal-uint128');
    const at = (n: string) => responseFieldCheck(ymq, exchange({ status: 200, body: yandexResponse({ SequenceNumber: n }), request: fifo }), args).ok;
    expect(at('340282366920938463463374607431768211455')).toBe(true);
    expect(at('340282366920938463463374607431768211456')).toBe(false);
    expect(at('-1')).toBe(false);
    expect(at('0x10')).toBe(false);
    expect(at('')).toBe(false);
  });

  it("uri, datetime, atom-link and xml-content pass the seed's Atom entry", () => {
    for (const [path, named] of [['entry/id', 'uri'], ['entry/published', 'datetime'], ['entry/updated', 'datetime'], ['entry/link', 'atom-link'], ['entry/content', 'xml-content']] as const) {
      expect(responseFieldCheck(sb, atomAt200(SB_ENTRY), field(path, 'always', named)), path).toEqual({ ok: true });
    }
  });

  it('atom-link: accepts href, needs one self link among several, refuses a link without a URL', () => {
    const args = field('entry/link', 'always', 'atom-link');
    const entry = (links: string) => `<entry xmlns="http://www.w3.org/2005/Atom">${links}</entry>`;
    expect(responseFieldCheck(sb, atomAt200(entry('<link rel="alternate" href="https://a/"/><link rel="self" href="https://rp-ns.servicebus.windows.net/orders"/>')), args).ok).toBe(true);
    expect(responseFieldCheck(sb, atomAt200(entry('<link rel="alternate" href="https://a/"/>')), args)).toMatchObject({ ok: false, actual: '<link rel="alternate" href="https://a/">' });
    expect(responseFieldCheck(sb, atomAt200(entry('<link rel="self">orders</link>')), args).ok).toBe(false);
  });

  it('uri and datetime: refuse relative URLs and impossible dates', () => {
    const entry = (inner: string) => `<entry xmlns="http://www.w3.org/2005/Atom">${inner}</entry>`;
    expect(responseFieldCheck(sb, atomAt200(entry('<id>/orders</id>')), field('entry/id', 'always', 'uri')).ok).toBe(false);
    expect(responseFieldCheck(sb, atomAt200(entry('<id>urn:uuid:1</id>')), field('entry/id', 'always', 'uri')).ok).toBe(false);
    for (const d of ['2024-02-30T00:00:00Z', '2024-05-01 10:00:00Z', '2024-05-01T24:00:00Z', '2024-05-01T10:00:00', 'Wed, 01 May 2024 10:00:00 GMT']) {
      expect(responseFieldCheck(sb, atomAt200(entry(`<updated>${d}</updated>`)), field('entry/updated', 'always', 'datetime')).ok, d).toBe(false);
    }
    expect(responseFieldCheck(sb, atomAt200(entry('<updated>2024-02-29T23:59:60+05:30</updated>')), field('entry/updated', 'always', 'datetime')).ok).toBe(true);
  });

  it('xml-content: needs type="application/xml", whatever is inside', () => {
    const args = field('entry/content', 'always', 'xml-content');
    expect(responseFieldCheck(sb, atomAt200('<entry xmlns="http://www.w3.org/2005/Atom"><content type="application/xml"/></entry>'), args).ok).toBe(true);
    expect(responseFieldCheck(sb, atomAt200('<entry xmlns="http://www.w3.org/2005/Atom"><content type="text">Hello</content></entry>'), args)).toEqual({
      ok: false,
      message: 'entry/content in the 200 response does not have its documented format.',
      expected: '<content type="application/xml">',
      actual: '<content type="text">Hello',
    });
  });
});

describe('response-field: bound to the request (the seed’s Atom entry names what was sent)', () => {
  const TEMPLATE = 'https://{serviceNamespace}.servicebus.Windows.net/{path}';
  const BIND = { path: { from: 'placeholder', name: 'topic path' }, serviceNamespace: { from: 'request-host' } };
  const SENT = "<entry xmlns='http://www.w3.org/2005/Atom'><content type='application/xml'><MessageDescription>Hello from ruleprobe</MessageDescription></content></entry>";
  const sent = (body: string, o: { topic?: string; url?: string; requestBody?: string } = {}) =>
    exchange({
      status: 200,
      body,
      request: request('topic'),
      url: o.url ?? 'https://rp-ns.servicebus.windows.net/orders/messages',
      placeholders: { 'topic path': o.topic ?? 'orders' },
      requestBody: o.requestBody ?? SENT,
    });
  const id = { path: 'entry/id', presence: 'always', format: { template: TEMPLATE, bind: BIND } };
  const link = { path: 'entry/link', presence: 'always', format: { named: 'atom-link', template: TEMPLATE, bind: BIND } };
  const content = { path: 'entry/content', presence: 'always', format: { named: 'xml-content', echoes: 'entry/content' } };
  const entry = (inner: string) => `<entry xmlns="http://www.w3.org/2005/Atom">${inner}</entry>`;

  it("passes the seed's own entry for a send to the topic orders of rp-ns", () => {
    for (const args of [id, link, content]) expect(responseFieldCheck(sb, sent(SB_ENTRY), args), args.path).toEqual({ ok: true });
  });

  // Regression (issue 9): any URL used to pass.
  it('id: fails the URL of another entity, of the namespace root and of another namespace', () => {
    expect(responseFieldCheck(sb, sent(entry('<id>https://rp-ns.servicebus.windows.net/other</id>')), id)).toEqual({
      ok: false,
      message: 'entry/id in the 200 response does not have its documented format.',
      expected: `matching the template ${TEMPLATE} with {path} = "orders", {serviceNamespace} = "rp-ns"`,
      actual: 'https://rp-ns.servicebus.windows.net/other',
    });
    expect(responseFieldCheck(sb, sent(entry('<id>https://rp-ns.servicebus.windows.net/</id>')), id).ok).toBe(false);
    expect(responseFieldCheck(sb, sent(entry('<id>https://other-ns.servicebus.windows.net/orders</id>')), id).ok).toBe(false);
  });

  it("id: on an emulator's host, passes its own host (https as the seed writes it, or its scheme), fails another port", () => {
    const url = 'http://127.0.0.1:8181/orders/messages';
    expect(responseFieldCheck(sb, sent(entry('<id>https://127.0.0.1:8181/orders</id>'), { url }), id)).toEqual({ ok: true });
    expect(responseFieldCheck(sb, sent(entry('<id>http://127.0.0.1:8181/orders</id>'), { url }), id)).toEqual({ ok: true });
    expect(responseFieldCheck(sb, sent(entry('<id>https://127.0.0.1:8282/orders</id>'), { url }), id).ok).toBe(false);
    expect(responseFieldCheck(sb, sent(entry('<id>https://127.0.0.1:8181/orders/messages</id>'), { url }), id).ok).toBe(false);
  });

  it('id: a nested topic path spans its slash; the comparison is percent-decoded', () => {
    const url = 'https://rp-ns.servicebus.windows.net/a%20b/c/messages';
    expect(responseFieldCheck(sb, sent(entry('<id>https://rp-ns.servicebus.windows.net/a%20b/c</id>'), { url, topic: 'a b/c' }), id)).toEqual({ ok: true });
    expect(responseFieldCheck(sb, sent(entry('<id>https://rp-ns.servicebus.windows.net/a%20b</id>'), { url, topic: 'a b/c' }), id).ok).toBe(false);
  });

  it("link: needs a self link to the entity, in href or text; a link to the messages URL fails", () => {
    expect(responseFieldCheck(sb, sent(entry('<link rel="self" href="https://rp-ns.servicebus.windows.net/orders"/>')), link)).toEqual({ ok: true });
    expect(responseFieldCheck(sb, sent(entry('<link rel="self">https://rp-ns.servicebus.windows.net/orders/messages</link>')), link)).toEqual({
      ok: false,
      message: 'entry/link in the 200 response does not have its documented format.',
      expected: `<link rel="self"> whose URL (href or text) matches ${TEMPLATE} with {path} = "orders", {serviceNamespace} = "rp-ns"`,
      actual: '<link rel="self">https://rp-ns.servicebus.windows.net/orders/messages',
    });
  });

  it('content: holds what the request held, whitespace between elements and namespace prefixes aside', () => {
    const nested = "<entry xmlns='http://www.w3.org/2005/Atom'><content type='application/xml'><MessageDescription><a x='1'>t</a></MessageDescription></content></entry>";
    const echoed = entry('<content type="application/xml">\n  <MessageDescription>\n <a x="1"> t </a></MessageDescription>\n</content>');
    expect(responseFieldCheck(sb, sent(echoed, { requestBody: nested }), content)).toEqual({ ok: true });
    expect(responseFieldCheck(sb, sent(entry('<content type="application/xml"><MessageDescription/></content>')), content)).toEqual({
      ok: false,
      message: 'entry/content in the 200 response does not have its documented format.',
      expected: '<content type="application/xml"> holding what the request\'s entry/content held',
      actual: '<content type="application/xml">',
    });
    expect(responseFieldCheck(sb, sent(entry('<content type="application/xml"><Other>Hello from ruleprobe</Other></content>')), content).ok).toBe(false);
    expect(responseFieldCheck(sb, sent(entry('<content type="application/xml"><MessageDescription>Hello</MessageDescription></content>')), content).ok).toBe(false);
    // Outside the Atom namespace the echoed element is another element.
    expect(responseFieldCheck(sb, sent('<entry><content type="application/xml"><MessageDescription>Hello from ruleprobe</MessageDescription></content></entry>'), content).ok).toBe(false);
  });
});

describe('response-field: a presence with a condition (when)', () => {
  const seq = yandexResponse({ MD5OfMessageBody: '3e25960a79dbc69b674cd4ec67a72c62', MessageId: 'm', SequenceNumber: '18849496460467696128' });
  const standard = sendMessage([['MessageBody', 'Hello world']]);

  it('absent when the request goes to a standard queue: fails a SequenceNumber there, does not judge a FIFO response', () => {
    const args = { path: `${RESULT}/SequenceNumber`, presence: 'absent', when: { entity: 'standard-queue' } };
    expect(responseFieldCheck(ymq, exchange({ status: 200, body: seq, request: standard }), args)).toEqual({
      ok: false,
      message: 'SendMessageResponse/SendMessageResult/SequenceNumber is present in the 200 response, though the document says it is absent when the request goes to a standard-queue.',
      expected: '(absent)',
      actual: '<SequenceNumber>18849496460467696128',
    });
    expect(responseFieldCheck(ymq, exchange({ status: 200, body: seq, request: fifo }), args)).toEqual({ ok: true });
    expect(responseFieldCheck(ymq, exchange({ status: 200, body: YANDEX_SAMPLE_RESPONSE, request: standard }), args)).toEqual({ ok: true });
  });

  it('always when the request carries MessageAttribute: a request without attributes is not judged', () => {
    const args = { path: `${RESULT}/MD5OfMessageAttributes`, presence: 'always', when: { has: 'MessageAttribute' }, format: { named: 'md5-hex' } };
    expect(responseFieldCheck(ymq, exchange({ status: 200, body: YANDEX_SAMPLE_RESPONSE, request: standard }), args)).toEqual({ ok: true });
    expect(responseFieldCheck(ymq, exchange({ status: 200, body: YANDEX_SAMPLE_RESPONSE, request: withAttrs }), args)).toEqual({
      ok: false,
      message: 'SendMessageResponse/SendMessageResult/MD5OfMessageAttributes is missing from the 200 response, though the document says it is present when the request carries MessageAttribute.',
      expected: '32 lowercase hex digits',
      actual: '(absent)',
    });
  });

  it('absent when the request carries no MessageAttribute: fails a digest of nothing, does not judge a request with attributes', () => {
    const args = { path: `${RESULT}/MD5OfMessageAttributes`, presence: 'absent', when: { lacks: 'MessageAttribute' } };
    const has = yandexResponse({ MD5OfMessageBody: '3e25960a79dbc69b674cd4ec67a72c62', MD5OfMessageAttributes: 'd41d8cd98f00b204e9800998ecf8427e', MessageId: 'm' });
    expect(responseFieldCheck(ymq, exchange({ status: 200, body: has, request: standard }), args)).toMatchObject({ ok: false, expected: '(absent)', actual: '<MD5OfMessageAttributes>d41d8cd98f00b204e9800998ecf8427e' });
    expect(responseFieldCheck(ymq, exchange({ status: 200, body: has, request: withAttrs }), args)).toEqual({ ok: true });
  });

  it('optional: a missing field passes, a present one is judged by its format', () => {
    const args = { path: `${RESULT}/SequenceNumber`, presence: 'optional', format: { named: 'decimal-uint128' } };
    expect(responseFieldCheck(ymq, exchange({ status: 200, body: YANDEX_SAMPLE_RESPONSE }), args)).toEqual({ ok: true });
    expect(responseFieldCheck(ymq, exchange({ status: 200, body: seq }), args)).toEqual({ ok: true });
    const bad = yandexResponse({ MD5OfMessageBody: '3e25960a79dbc69b674cd4ec67a72c62', MessageId: 'm', SequenceNumber: 'x1' });
    expect(responseFieldCheck(ymq, exchange({ status: 200, body: bad }), args)).toMatchObject({ ok: false, actual: 'x1' });
  });
});
