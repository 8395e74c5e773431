import { describe, expect, it } from 'vitest';
import { errorBodyCheck } from '../../src/checks/error-body.js';
import { ctx, exchange, YMQ, yandexError } from './_exchange.js';

const c = ctx(YMQ, 'error-response-shape');
const at403 = (body: string) => exchange({ status: 403, body, expect: 'reject' });

describe('error-body', () => {
  it('passes ydb’s error body (Message before Code, no <Type>) and the documented one (with <Type>, <Detail/>)', () => {
    expect(errorBodyCheck(c, at403(yandexError('MissingAuthenticationToken')), {})).toEqual({ ok: true });
    const doc = '<ErrorResponse><Error><Type>Sender</Type><Code>MissingAuthenticationToken</Code><Message>No key id.</Message><Detail/></Error><RequestId>42b8e3f0-1c2d3e4f-5a6b7c8d-9e0f1a2b</RequestId></ErrorResponse>';
    expect(errorBodyCheck(c, at403(doc), {})).toEqual({ ok: true });
  });

  it('fails a body without Message and RequestId, naming what is missing', () => {
    const body = '<ErrorResponse><Error><Code>MissingAuthenticationToken</Code><Message></Message></Error></ErrorResponse>';
    expect(errorBodyCheck(c, at403(body), {})).toEqual({
      ok: false,
      message: 'The 403 error body lacks a non-empty ErrorResponse/Error/Message, ErrorResponse/RequestId.',
      expected: 'XML whose root is <ErrorResponse> with ErrorResponse/Error/Code, ErrorResponse/Error/Message, ErrorResponse/RequestId non-empty',
      actual: body,
    });
  });

  it('fails another root element and a body that is not XML', () => {
    expect(errorBodyCheck(c, at403('<Error><Code>X</Code><Message>m</Message></Error>'), {})).toMatchObject({ ok: false, message: "The 403 error body's root element is <Error>, not <ErrorResponse>." });
    expect(errorBodyCheck(c, at403('Forbidden'), {})).toMatchObject({ ok: false, message: 'The 403 error body is not well-formed XML: it does not end with the end of the root element.', actual: 'Forbidden' });
    const unclosed = '<ErrorResponse><Error><Code>X</Error></ErrorResponse>';
    expect(errorBodyCheck(c, at403(unclosed), {})).toEqual({
      ok: false,
      message: "The 403 error body is not well-formed XML: line 1: Expected closing tag 'Code' (opened in line 1, col 23) instead of closing tag 'Error'.",
      expected: 'XML whose root is <ErrorResponse> with ErrorResponse/Error/Code, ErrorResponse/Error/Message, ErrorResponse/RequestId non-empty',
      actual: unclosed,
    });
    expect(errorBodyCheck(c, at403(''), {})).toMatchObject({ ok: false, message: 'The 403 error body is not well-formed XML: the body is empty.', actual: '(empty body)' });
  });

  it('refuses a DOCTYPE with entities, without expanding them', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE ErrorResponse [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><ErrorResponse><Error><Code>&b;</Code><Message>&b;</Message></Error><RequestId>r</RequestId></ErrorResponse>`;
    expect(errorBodyCheck(c, at403(laughs), {})).toMatchObject({ ok: false, message: 'The 403 error body is not well-formed XML: the body has a DOCTYPE declaration, which is refused (no entity expansion).' });
  });

  it('does not apply to a success response', () => {
    expect(errorBodyCheck(c, exchange({ status: 200, body: 'whatever' }), {}).ok).toBe(true);
  });

  it('judges the shape the spec declares, not one it knows: JSON fields by pointer, the errorBody schema, a header', () => {
    const json = { ...c, op: { ...c.op, errorBody: { format: 'json' as const, codePath: '/error/code', fields: ['/error/code', '/error/message'], schema: { type: 'object', required: ['error'], properties: { error: { type: 'object' } } } } } };
    expect(errorBodyCheck(json, at403('{"error":{"code":"denied","message":"no token"}}'), {})).toEqual({ ok: true });
    expect(errorBodyCheck(json, at403('{"error":{"code":"denied","message":""}}'), {})).toEqual({
      ok: false,
      message: 'The 403 error body lacks a non-empty /error/message.',
      expected: 'JSON conforming to the errorBody schema with /error/code, /error/message non-empty',
      actual: '{"error":{"code":"denied","message":""}}',
    });
    expect(errorBodyCheck(json, at403('{"error":"denied"}'), {})).toMatchObject({ ok: false, message: 'The 403 error body does not conform to the documented error schema: /error must be object.' });
    expect(errorBodyCheck(json, at403('{"error":'), {})).toEqual({ ok: false, message: 'The 403 error body is not well-formed JSON: Unexpected end of JSON input.', expected: 'JSON conforming to the errorBody schema with /error/code, /error/message non-empty', actual: '{"error":' });
    expect(errorBodyCheck(json, at403('<ErrorResponse/>'), {})).toMatchObject({ ok: false, message: expect.stringMatching(/^The 403 error body is not well-formed JSON: /) });
    const header = { ...c, op: { ...c.op, errorBody: { format: 'header' as const, codePath: 'X-Error-Code', fields: ['X-Error-Code'] } } };
    expect(errorBodyCheck(header, exchange({ status: 429, body: '', expect: 'reject', headers: { 'x-error-code': 'Throttled' } }), {})).toEqual({ ok: true });
    expect(errorBodyCheck(header, exchange({ status: 429, body: '', expect: 'reject' }), {})).toMatchObject({ ok: false, message: 'The 429 response has no X-Error-Code header.' });
  });

  it('cuts a long body to about 200 characters in actual', () => {
    const out = errorBodyCheck(c, at403(`<html>${'x'.repeat(1000)}</html>`), {});
    expect(out.ok).toBe(false);
    if (!out.ok) expect([...out.actual].length).toBeLessThanOrEqual(200);
  });
});
