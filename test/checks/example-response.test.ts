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

describe('example-response on a JSON body', () => {
  const op = { ...ruleSet(YMQ).operation, responseFormat: 'json' as const, examples: [{ name: 'sample-request', response: { title: 'Buy milk', '/note/priority': '2', done: 'false' } }] };
  const json = { ...c, op };
  const at201 = (body: string) => exchange({ status: 201, body });

  it('reads values by member name anywhere and by JSON pointer, numbers and booleans as their text', () => {
    expect(exampleResponseCheck(json, at201('{"note":{"title":"Buy milk","priority":2,"done":false}}'), {})).toEqual({ ok: true });
  });

  it('fails a different value, a missing member and a body that is not JSON', () => {
    expect(exampleResponseCheck(json, at201('{"note":{"title":"Buy bread","priority":2,"done":false}}'), {})).toEqual({
      ok: false,
      message: 'title in the response to the sample request is not the value the document gives.',
      expected: 'Buy milk',
      actual: 'Buy bread',
    });
    expect(exampleResponseCheck(json, at201('{"note":{"title":"Buy milk","done":false}}'), {})).toMatchObject({ ok: false, message: 'The response to the sample request has no /note/priority.' });
    expect(exampleResponseCheck(json, at201('<note/>'), {})).toMatchObject({ ok: false, message: expect.stringMatching(/^The 201 response body is not JSON, so the sample's values cannot be read: /) });
  });
});
