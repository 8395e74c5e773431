import { describe, expect, it } from 'vitest';
import { exampleResponse, exampleResponseCheck } from '../../src/checks/example-response.js';
import { ctx, exchange, rule, ruleSet, SB, YANDEX_SAMPLE_RESPONSE, YMQ, yandexResponse } from './_exchange.js';

const c = ctx(YMQ, 'sample-request');

describe('example-response', () => {
  it("reads the documented values of the rule's example", () => {
    expect(exampleResponse(ruleSet(YMQ).operation, rule(YMQ, 'sample-request'))).toEqual({ MD5OfMessageBody: '3e25960a79dbc69b674cd4ec67a72c62' });
    expect(exampleResponse(ruleSet(SB).operation, rule(SB, 'sample-request'))).toBeUndefined();
  });

  it("passes the seed's own sample response", () => {
    expect(exampleResponseCheck(c, exchange({ status: 200, body: YANDEX_SAMPLE_RESPONSE }), {})).toEqual({ ok: true });
  });

  it('fails another value, naming both', () => {
    expect(exampleResponseCheck(c, exchange({ status: 200, body: yandexResponse({ MD5OfMessageBody: '5d04312b21e5a4a5ee1e6cf2fbd4ef5a', MessageId: 'm' }) }), {})).toEqual({
      ok: false,
      message: 'MD5OfMessageBody in the response to the sample request is not the value the document gives.',
      expected: '3e25960a79dbc69b674cd4ec67a72c62',
      actual: '5d04312b21e5a4a5ee1e6cf2fbd4ef5a',
    });
  });

  it('fails a missing field and a body that is not XML', () => {
    expect(exampleResponseCheck(c, exchange({ status: 200, body: yandexResponse({ MessageId: 'm' }) }), {})).toMatchObject({ ok: false, message: 'The response to the sample request has no MD5OfMessageBody.' });
    expect(exampleResponseCheck(c, exchange({ status: 200, body: 'OK' }), {}).ok).toBe(false);
  });

  it('does not apply to an error response or to a rule that sends no example', () => {
    expect(exampleResponseCheck(c, exchange({ status: 400, body: 'x' }), {}).ok).toBe(true);
    expect(exampleResponseCheck(ctx(YMQ, 'md5-of-message-body'), exchange({ status: 200, body: 'x' }), {}).ok).toBe(true);
  });
});
