import { describe, expect, it } from 'vitest';
import type { CheckContext } from '../../src/checks/types.js';
import type { OperationModel } from '../../src/model/operation.js';
import { evaluate } from '../../src/runner/evaluate.js';
import { ctx, exchange, rule, SB, YMQ, yandexError } from '../checks/_exchange.js';

const AUTH_MISSING = rule(YMQ, 'auth-missing');
const C = ctx(YMQ, 'auth-missing');
const reject = (status: number, body: string, headers: Record<string, string> = {}) => exchange({ status, body, headers, expect: 'reject' });
const withErrorBody = (errorBody: OperationModel['errorBody']): CheckContext => ({ ...C, op: { ...C.op, errorBody } });
const JSON_ERRORS = withErrorBody({ format: 'json', codePath: '/error/code', fields: ['/error/code'] });
const HEADER_ERRORS = withErrorBody({ format: 'header', codePath: 'X-Error-Code', fields: ['X-Error-Code'] });

describe('evaluate: a documented rejection whose error body cannot give its code fails the error-body check', () => {
  it('a malformed XML error body, with the parser’s reason', () => {
    expect(evaluate(AUTH_MISSING, C, reject(403, '<ErrorResponse><Error><Code>MissingAuthenticationToken</Error></ErrorResponse>'))).toEqual({
      ok: false,
      check: 'error-body',
      message: "The 403 error body is not well-formed XML: line 1: Expected closing tag 'Code' (opened in line 1, col 23) instead of closing tag 'Error'.",
      expected: '403 MissingAuthenticationToken',
      actual: "status 403 (malformed XML body: line 1: Expected closing tag 'Code' (opened in line 1, col 23) instead of closing tag 'Error'.)",
    });
  });

  it('a plain-text and an empty body, where XML is documented', () => {
    expect(evaluate(AUTH_MISSING, C, reject(403, 'Forbidden'))).toEqual({
      ok: false,
      check: 'error-body',
      message: 'The 403 error body is not well-formed XML: it does not end with the end of the root element.',
      expected: '403 MissingAuthenticationToken',
      actual: 'status 403 (malformed XML body: it does not end with the end of the root element)',
    });
    expect(evaluate(AUTH_MISSING, C, reject(403, ''))).toMatchObject({ check: 'error-body', actual: 'status 403 (malformed XML body: the body is empty)' });
  });

  it('a well-formed XML body without the code element', () => {
    expect(evaluate(AUTH_MISSING, C, reject(403, '<ErrorResponse><Error><Message>No key id.</Message></Error><RequestId>r-1</RequestId></ErrorResponse>'))).toEqual({
      ok: false,
      check: 'error-body',
      message: 'The 403 error body has no error code at ErrorResponse/Error/Code.',
      expected: '403 MissingAuthenticationToken',
      actual: 'status 403 (no error code at ErrorResponse/Error/Code)',
    });
  });

  it('a JSON error body that does not parse', () => {
    expect(evaluate(AUTH_MISSING, JSON_ERRORS, reject(403, '{"error":'))).toEqual({
      ok: false,
      check: 'error-body',
      message: 'The 403 error body is not well-formed JSON: Unexpected end of JSON input.',
      expected: '403 MissingAuthenticationToken',
      actual: 'status 403 (malformed JSON body: Unexpected end of JSON input)',
    });
  });

  it('a JSON error body without the pointer', () => {
    expect(evaluate(AUTH_MISSING, JSON_ERRORS, reject(403, '{"error":{"message":"no token"}}'))).toEqual({
      ok: false,
      check: 'error-body',
      message: 'The 403 error body has no error code at /error/code.',
      expected: '403 MissingAuthenticationToken',
      actual: 'status 403 (no error code at /error/code)',
    });
  });

  it('a header-format code missing', () => {
    expect(evaluate(AUTH_MISSING, HEADER_ERRORS, reject(403, ''))).toEqual({
      ok: false,
      check: 'error-body',
      message: 'The 403 response has no X-Error-Code header.',
      expected: '403 MissingAuthenticationToken',
      actual: 'status 403 (no X-Error-Code header)',
    });
  });

  it('cuts a long parse reason in actual to about 200 characters', () => {
    const r = evaluate(AUTH_MISSING, C, reject(403, `<ErrorResponse><${'x'.repeat(400)}></ErrorResponse>`));
    expect(r).toMatchObject({ ok: false, check: 'error-body' });
    expect([...r.actual].length).toBeLessThanOrEqual(200);
  });
});

describe('evaluate: what passes and the other failures stay as they were', () => {
  it('passes a well-formed body with the right code, in each format', () => {
    const passed = { ok: true, check: '', message: '', expected: '', actual: '' };
    expect(evaluate(AUTH_MISSING, C, reject(403, yandexError('MissingAuthenticationToken')))).toEqual(passed);
    expect(evaluate(AUTH_MISSING, JSON_ERRORS, reject(403, '{"error":{"code":"MissingAuthenticationToken"}}'))).toEqual(passed);
    expect(evaluate(AUTH_MISSING, HEADER_ERRORS, reject(403, 'not a body anyone reads', { 'X-Error-Code': 'MissingAuthenticationToken' }))).toEqual(passed);
  });

  it('a wrong code is an error-code failure naming the code', () => {
    expect(evaluate(AUTH_MISSING, C, reject(403, yandexError('InvalidClientTokenId')))).toEqual({
      ok: false,
      check: 'error-code',
      message: 'a request the document forbids was rejected in an undocumented way',
      expected: '403 MissingAuthenticationToken',
      actual: 'status 403 InvalidClientTokenId',
    });
  });

  it('a wrong status is a status failure, whatever its body', () => {
    expect(evaluate(AUTH_MISSING, C, reject(500, 'Internal Server Error'))).toEqual({
      ok: false,
      check: 'status',
      message: 'a request the document forbids was rejected in an undocumented way',
      expected: '403 MissingAuthenticationToken',
      actual: 'status 500',
    });
    expect(evaluate(AUTH_MISSING, C, reject(200, 'ok'))).toMatchObject({ check: 'status', message: 'a request the document forbids was accepted', actual: 'status 200' });
  });

  it('a rejection whose outcome names no code checks the status only', () => {
    expect(evaluate(rule(YMQ, 'message-attribute-name-required'), ctx(YMQ, 'message-attribute-name-required'), reject(400, 'Bad Request')).ok).toBe(true);
  });

  it('an operation without errorBody checks the status only', () => {
    expect(evaluate(rule(SB, 'auth-missing'), ctx(SB, 'auth-missing'), reject(401, '{"not":"xml"'))).toMatchObject({ ok: true });
    // Codes cannot be read without a documented error body: a rule naming one fails on the code, as before.
    expect(evaluate(AUTH_MISSING, withErrorBody(undefined), reject(403, 'Forbidden'))).toMatchObject({ ok: false, check: 'error-code', actual: 'status 403' });
  });

  it('a control case answered with an error shows the status (and a readable code), not the body', () => {
    expect(evaluate(AUTH_MISSING, C, exchange({ status: 403, body: 'Forbidden', expect: 'accept' }))).toMatchObject({ ok: false, check: 'status', actual: 'status 403' });
    expect(evaluate(AUTH_MISSING, C, exchange({ status: 403, body: yandexError('AccessDenied'), expect: 'accept' }))).toMatchObject({ ok: false, check: 'status', actual: 'status 403 AccessDenied' });
  });

  it('a rule with an accepted reading: a malformed body fails error-body against the rule’s own outcome', () => {
    const r = rule(YMQ, 'message-body-charset');
    expect(evaluate(r, ctx(YMQ, 'message-body-charset'), reject(400, '<ErrorResponse>'))).toMatchObject({ ok: false, check: 'error-body', expected: '400 InvalidMessageContents' });
    expect(evaluate(r, ctx(YMQ, 'message-body-charset'), reject(400, yandexError('InvalidParameterValue'))).ok).toBe(true);
  });
});

describe('an accepted reading that accepts what the rule rejects (a profile\'s reading)', () => {
  // Regression: a reject case met an `accept` reading and failed whatever the status, so the live
  // Service Bus reading of request-body-not-xml (201, the raw payload) could never pass.
  const notXml = rule(SB, 'request-body-not-xml');
  const live = notXml.ambiguity!.alternatives.find((a) => a.id === 'live')!;
  const underLive = { ...notXml, ambiguity: { ...notXml.ambiguity!, alternatives: [{ ...live, accepted: true }] } };
  // The live profile documents 201; the reading's status-documented check reads the statuses.
  const base = ctx(SB, 'request-body-not-xml');
  const c = { ...base, op: { ...base.op, statuses: [...base.op.statuses, 201] }, rule: underLive };

  it('passes a reject case answered with a status the reading accepts', () => {
    expect(evaluate(underLive, c, exchange({ status: 201, expect: 'reject' })).ok).toBe(true);
  });

  it('still fails it when neither the rule nor the reading takes the status', () => {
    expect(evaluate(underLive, c, exchange({ status: 202, expect: 'reject' }))).toMatchObject({ ok: false, expected: '400' });
  });

  it('without the reading, 201 is the rule\'s failure', () => {
    expect(evaluate(notXml, ctx(SB, 'request-body-not-xml'), exchange({ status: 201, expect: 'reject' }))).toMatchObject({ ok: false, check: 'status', expected: '400' });
  });
});
