import { describe, expect, it } from 'vitest';
import { md5Hex } from '../../src/checks/digest.js';
import { md5OfMessageBodyCheck } from '../../src/checks/md5-of-message-body.js';
import { ctx, DOCTYPE_BODY, exchange, request, sendMessage, YANDEX_SAMPLE_RESPONSE, YMQ, yandexResponse } from './_exchange.js';

const c = ctx(YMQ, 'md5-of-message-body');

describe('md5-of-message-body', () => {
  it("passes the seed's sample: Hello world → 3e25960a…", () => {
    expect(md5OfMessageBodyCheck(c, exchange({ status: 200, body: YANDEX_SAMPLE_RESPONSE }), {})).toEqual({ ok: true });
  });

  it('fails the digest of the form-encoded text (Hello+world), naming both', () => {
    const body = yandexResponse({ MD5OfMessageBody: md5Hex('Hello+world'), MessageId: 'm' });
    expect(md5OfMessageBodyCheck(c, exchange({ status: 200, body }), {})).toEqual({
      ok: false,
      message: 'MD5OfMessageBody is not the MD5 of the message body as sent.',
      expected: '3e25960a79dbc69b674cd4ec67a72c62',
      actual: md5Hex('Hello+world'),
    });
  });

  it('digests supplementary-plane text as UTF-8, and a lone surrogate as its WTF-8 bytes', () => {
    const emoji = 'ünï 😀 𝄞';
    const ok = exchange({ status: 200, body: yandexResponse({ MD5OfMessageBody: md5Hex(Buffer.from(emoji, 'utf8')) }), request: sendMessage([['MessageBody', emoji]]) });
    expect(md5OfMessageBodyCheck(c, ok, {}).ok).toBe(true);
    const utf16 = exchange({ status: 200, body: yandexResponse({ MD5OfMessageBody: md5Hex(Buffer.from(emoji, 'utf16le')) }), request: sendMessage([['MessageBody', emoji]]) });
    expect(md5OfMessageBodyCheck(c, utf16, {}).ok).toBe(false);
    const lone = exchange({ status: 200, body: yandexResponse({ MD5OfMessageBody: md5Hex(Buffer.from([0x61, 0xed, 0xa0, 0x80])) }), request: sendMessage([['MessageBody', 'a\uD800']]) });
    expect(md5OfMessageBodyCheck(c, lone, {}).ok).toBe(true);
  });

  it('digests a { raw } body as its bytes', () => {
    const raw = Buffer.from([0x48, 0xff, 0x00]);
    const ex = exchange({ status: 200, body: yandexResponse({ MD5OfMessageBody: md5Hex(raw) }), request: sendMessage([['MessageBody', { raw: raw.toString('base64') }]]) });
    expect(md5OfMessageBodyCheck(c, ex, {}).ok).toBe(true);
  });

  it('fails a response without MD5OfMessageBody, and a DOCTYPE body', () => {
    expect(md5OfMessageBodyCheck(c, exchange({ status: 200, body: yandexResponse({ MessageId: 'm' }) }), {})).toEqual({
      ok: false,
      message: 'The 200 response has no MD5OfMessageBody.',
      expected: '3e25960a79dbc69b674cd4ec67a72c62',
      actual: '(absent)',
    });
    expect(md5OfMessageBodyCheck(c, exchange({ status: 200, body: DOCTYPE_BODY }), {}).ok).toBe(false);
  });

  it('does not apply to an error response or a request without MessageBody', () => {
    expect(md5OfMessageBodyCheck(c, exchange({ status: 400, body: 'x' }), {}).ok).toBe(true);
    expect(md5OfMessageBodyCheck(c, exchange({ status: 200, body: 'x', request: sendMessage() }), {}).ok).toBe(true);
    expect(md5OfMessageBodyCheck(c, exchange({ status: 201, body: 'x', request: request('hub', { kind: 'raw', value: '{}' }) }), {}).ok).toBe(true);
  });
});
