import { describe, expect, it } from 'vitest';
import { errorCodeCheck, errorCodeOf, expectedCodes, noCodeProblem } from '../../src/checks/error-code.js';
import { ctx, DOCTYPE_BODY, exchange, rule, ruleSet, SB, YMQ, yandexError } from './_exchange.js';

const reject = (status: number, body: string) => exchange({ status, body, expect: 'reject' });

describe('errorCodeOf', () => {
  const op = ruleSet(YMQ).operation;
  const json = { ...op, errorBody: { format: 'json' as const, codePath: '/error/code', fields: ['/error/code'] } };
  const header = { ...op, errorBody: { format: 'header' as const, codePath: 'X-Error-Code', fields: ['X-Error-Code'] } };

  it('reads ErrorResponse/Error/Code from ydb’s body (no <Type>) and from the documented one (with <Type>)', () => {
    expect(errorCodeOf(op, reject(403, yandexError('MissingAuthenticationToken')).response)).toEqual({ found: true, code: 'MissingAuthenticationToken' });
    const doc = '<ErrorResponse><Error><Type>Sender</Type><Code> InvalidParameterValue </Code><Message>bad</Message><Detail/></Error><RequestId>r-1</RequestId></ErrorResponse>';
    expect(errorCodeOf(op, reject(400, doc).response)).toEqual({ found: true, code: 'InvalidParameterValue' });
  });

  it('says why an XML body has no code: not well-formed (with the parser’s reason), DOCTYPE, or no non-empty element there', () => {
    expect(errorCodeOf(op, reject(400, 'Bad Request').response)).toEqual({ found: false, why: 'malformed', format: 'xml', reason: 'it does not end with the end of the root element' });
    expect(errorCodeOf(op, reject(400, '<ErrorResponse><Error><Code>X</Error></ErrorResponse>').response)).toEqual({
      found: false,
      why: 'malformed',
      format: 'xml',
      reason: "line 1: Expected closing tag 'Code' (opened in line 1, col 23) instead of closing tag 'Error'.",
    });
    const entity = '<!DOCTYPE ErrorResponse [<!ENTITY c "MissingParameter">]><ErrorResponse><Error><Code>&c;</Code></Error></ErrorResponse>';
    expect(errorCodeOf(op, reject(400, entity).response)).toEqual({ found: false, why: 'malformed', format: 'xml', reason: 'the body has a DOCTYPE declaration, which is refused (no entity expansion)' });
    expect(errorCodeOf(op, reject(400, DOCTYPE_BODY).response)).toMatchObject({ found: false, why: 'malformed' });
    const missing = { found: false, why: 'missing', format: 'xml', codePath: 'ErrorResponse/Error/Code' };
    expect(errorCodeOf(op, reject(400, '<ErrorResponse><Error><Code> </Code></Error></ErrorResponse>').response)).toEqual(missing);
    expect(errorCodeOf(op, reject(400, '<ErrorResponse><Error><Message>m</Message></Error></ErrorResponse>').response)).toEqual(missing);
  });

  it('says why a JSON body has no code: it does not parse, or nothing (or no string or number) is at the pointer', () => {
    expect(errorCodeOf(json, reject(400, '{"error":').response)).toEqual({ found: false, why: 'malformed', format: 'json', reason: 'Unexpected end of JSON input' });
    expect(errorCodeOf(json, reject(400, '{"error":{"code":17}}').response)).toEqual({ found: true, code: '17' });
    const missing = { found: false, why: 'missing', format: 'json', codePath: '/error/code' };
    expect(errorCodeOf(json, reject(400, '{"error":{"message":"m"}}').response)).toEqual(missing);
    expect(errorCodeOf(json, reject(400, '{"error":{"code":{"id":1}}}').response)).toEqual(missing);
  });

  it('reads a header-format code, and says when the header is absent or empty', () => {
    expect(errorCodeOf(header, exchange({ status: 429, expect: 'reject', headers: { 'x-error-code': 'Throttled' } }).response)).toEqual({ found: true, code: 'Throttled' });
    const missing = { found: false, why: 'missing', format: 'header', codePath: 'X-Error-Code' };
    expect(errorCodeOf(header, exchange({ status: 429, expect: 'reject' }).response)).toEqual(missing);
    expect(errorCodeOf(header, exchange({ status: 429, expect: 'reject', headers: { 'x-error-code': ' ' } }).response)).toEqual(missing);
  });

  it('finds nothing when the operation documents no error body', () => {
    expect(errorCodeOf(ruleSet(SB).operation, reject(400, yandexError('X')).response)).toEqual({ found: false, why: 'undocumented' });
  });
});

describe('noCodeProblem', () => {
  it('words each reason as a sentence and as a note for "actual"', () => {
    expect(noCodeProblem(400, { found: false, why: 'malformed', format: 'xml', reason: 'the body is empty' })).toEqual({ message: 'The 400 error body is not well-formed XML: the body is empty.', note: 'malformed XML body: the body is empty' });
    expect(noCodeProblem(400, { found: false, why: 'malformed', format: 'json', reason: 'Unexpected end of JSON input' })).toEqual({ message: 'The 400 error body is not well-formed JSON: Unexpected end of JSON input.', note: 'malformed JSON body: Unexpected end of JSON input' });
    expect(noCodeProblem(404, { found: false, why: 'missing', format: 'json', codePath: '/error/code' })).toEqual({ message: 'The 404 error body has no error code at /error/code.', note: 'no error code at /error/code' });
    expect(noCodeProblem(429, { found: false, why: 'missing', format: 'header', codePath: 'X-Error-Code' })).toEqual({ message: 'The 429 response has no X-Error-Code header.', note: 'no X-Error-Code header' });
    expect(noCodeProblem(400, { found: false, why: 'undocumented' })).toEqual({ message: 'The 400 response carries no error code: the operation documents no error body.', note: 'no documented error body' });
  });
});

describe('expectedCodes', () => {
  it('joins the rule’s own codes with those of accepted readings, for the answered status only', () => {
    expect(expectedCodes(rule(YMQ, 'message-body-charset'), 400)).toEqual(['InvalidMessageContents', 'InvalidParameterValue']);
    expect(expectedCodes(rule(YMQ, 'message-body-charset'), 403)).toEqual([]);
    expect(expectedCodes(rule(YMQ, 'auth-bad-signature'), 403)).toEqual(['SignatureDoesNotMatch', 'InvalidClientTokenId']);
  });
});

describe('error-code', () => {
  it('passes the code the rule expects', () => {
    expect(errorCodeCheck(ctx(YMQ, 'auth-missing'), reject(403, yandexError('MissingAuthenticationToken')), {})).toEqual({ ok: true });
  });

  it('fails another code, naming both', () => {
    expect(errorCodeCheck(ctx(YMQ, 'auth-missing'), reject(403, yandexError('InvalidClientTokenId')), {})).toEqual({
      ok: false,
      message: 'The 403 response carries error code InvalidClientTokenId, not one the rule expects.',
      expected: 'MissingAuthenticationToken',
      actual: 'InvalidClientTokenId',
    });
  });

  it('fails a body that is not well-formed XML, with the parser’s reason, showing the body', () => {
    expect(errorCodeCheck(ctx(YMQ, 'auth-missing'), reject(403, 'Forbidden'), {})).toEqual({
      ok: false,
      message: 'The 403 error body is not well-formed XML: it does not end with the end of the root element.',
      expected: 'MissingAuthenticationToken',
      actual: 'Forbidden',
    });
  });

  it('fails a well-formed body without a code at codePath, showing the body', () => {
    const body = '<ErrorResponse><Error><Message>m</Message></Error><RequestId>r</RequestId></ErrorResponse>';
    expect(errorCodeCheck(ctx(YMQ, 'auth-missing'), reject(403, body), {})).toEqual({
      ok: false,
      message: 'The 403 error body has no error code at ErrorResponse/Error/Code.',
      expected: 'MissingAuthenticationToken',
      actual: body,
    });
  });

  it('accepts every listed outcome and every accepted ambiguity reading', () => {
    const c = ctx(YMQ, 'auth-bad-signature');
    expect(errorCodeCheck(c, reject(403, yandexError('SignatureDoesNotMatch')), {}).ok).toBe(true);
    expect(errorCodeCheck(c, reject(403, yandexError('InvalidClientTokenId')), {}).ok).toBe(true);
    const charset = ctx(YMQ, 'message-body-charset');
    expect(errorCodeCheck(charset, reject(400, yandexError('InvalidMessageContents')), {}).ok).toBe(true);
    expect(errorCodeCheck(charset, reject(400, yandexError('InvalidParameterValue')), {}).ok).toBe(true);
    expect(errorCodeCheck(charset, reject(400, yandexError('MissingParameter')), {})).toMatchObject({ ok: false, expected: 'InvalidMessageContents or InvalidParameterValue' });
  });

  it('does not apply to a case expected to be accepted, to a status without codes, or to a rule naming none', () => {
    expect(errorCodeCheck(ctx(YMQ, 'auth-missing'), exchange({ status: 403, body: yandexError('Other'), expect: 'accept' }), {}).ok).toBe(true);
    expect(errorCodeCheck(ctx(YMQ, 'auth-missing'), reject(400, yandexError('Other')), {}).ok).toBe(true);
    expect(errorCodeCheck(ctx(YMQ, 'message-attribute-name-required'), reject(400, 'not xml'), {}).ok).toBe(true);
  });

  it('refuses a DOCTYPE body rather than expanding its entity into the expected code', () => {
    const body = '<?xml version="1.0"?><!DOCTYPE ErrorResponse [<!ENTITY c "MissingAuthenticationToken">]><ErrorResponse><Error><Code>&c;</Code><Message>m</Message></Error><RequestId>r</RequestId></ErrorResponse>';
    expect(errorCodeCheck(ctx(YMQ, 'auth-missing'), reject(403, body), {})).toMatchObject({ ok: false, message: 'The 403 error body is not well-formed XML: the body has a DOCTYPE declaration, which is refused (no entity expansion).' });
  });
});
