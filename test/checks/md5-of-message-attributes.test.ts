import { describe, expect, it } from 'vitest';
import { md5OfMessageAttributesCheck } from '../../src/checks/md5-of-message-attributes.js';
import type { TextValue } from '../../src/model/request.js';
import { ctx, exchange, sendMessage, YANDEX_SAMPLE_RESPONSE, YMQ, yandexResponse } from './_exchange.js';

const c = ctx(YMQ, 'md5-of-message-attributes');
const attr = (n: number, name: string, dataType: string, value: [string, TextValue]): Array<[string, TextValue]> => [
  [`MessageAttribute.${n}.Name`, name],
  [`MessageAttribute.${n}.Value.DataType`, dataType],
  [`MessageAttribute.${n}.Value.${value[0]}`, value[1]],
];
const respond = (md5: string | undefined, fields: Array<[string, TextValue]>) =>
  exchange({ status: 200, body: yandexResponse({ MD5OfMessageBody: '3e25960a79dbc69b674cd4ec67a72c62', ...(md5 ? { MD5OfMessageAttributes: md5 } : {}), MessageId: 'm' }), request: sendMessage([['MessageBody', 'Hello world'], ...fields]) });

describe('md5-of-message-attributes', () => {
  it('passes the worked examples of PROTOCOL-FACTS §2.6 (Number, String and Binary, in any order)', () => {
    expect(md5OfMessageAttributesCheck(c, respond('235c5c510d26fb653d073faed50ae77c', attr(1, 'timestamp', 'Number', ['StringValue', '1493147359900'])), {})).toEqual({ ok: true });
    const two = [...attr(1, 'ordinal', 'Number', ['StringValue', '1']), ...attr(2, 'category', 'String', ['StringValue', 'test'])];
    expect(md5OfMessageAttributesCheck(c, respond('d21ae90c49061e927f57df5f5d72be1f', two), {})).toEqual({ ok: true });
    expect(md5OfMessageAttributesCheck(c, respond('a44784199c97ff8c40423784a25b2410', attr(1, 'blob', 'Binary', ['BinaryValue', 'AAEC'])), {})).toEqual({ ok: true });
  });

  it('fails a wrong digest, naming both', () => {
    expect(md5OfMessageAttributesCheck(c, respond('00000000000000000000000000000000', attr(1, 'MyAttr', 'String', ['StringValue', 'TestValue'])), {})).toEqual({
      ok: false,
      message: 'MD5OfMessageAttributes is not the digest of the message attributes as sent.',
      expected: '6aa1eaaeb8ef88eb54d6190124a472f0',
      actual: '00000000000000000000000000000000',
    });
  });

  it('fails a missing digest when the request has attributes', () => {
    expect(md5OfMessageAttributesCheck(c, respond(undefined, attr(1, 'MyAttr', 'String', ['StringValue', 'TestValue'])), {})).toEqual({
      ok: false,
      message: 'The 200 response has no MD5OfMessageAttributes, though the request has message attributes.',
      expected: '6aa1eaaeb8ef88eb54d6190124a472f0',
      actual: '(absent)',
    });
  });

  it('without attributes: passes absence (the sample response), fails presence', () => {
    expect(md5OfMessageAttributesCheck(c, exchange({ status: 200, body: YANDEX_SAMPLE_RESPONSE }), {})).toEqual({ ok: true });
    expect(md5OfMessageAttributesCheck(c, respond('6aa1eaaeb8ef88eb54d6190124a472f0', []), {})).toMatchObject({ ok: false, message: 'The response has MD5OfMessageAttributes though the request has no message attributes.' });
  });

  it('does not apply to an error response or to an item it cannot digest (no data type)', () => {
    expect(md5OfMessageAttributesCheck(c, exchange({ status: 400, body: 'x' }), {}).ok).toBe(true);
    expect(md5OfMessageAttributesCheck(c, respond(undefined, [['MessageAttribute.1.Name', 'a'], ['MessageAttribute.1.Value.StringValue', 'v']]), {}).ok).toBe(true);
  });
});
