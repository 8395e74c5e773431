import { describe, expect, it } from 'vitest';
import { errorCodeCheck, errorCodeOf, expectedCodes } from '../../src/checks/error-code.js';
import { ctx, DOCTYPE_BODY, exchange, rule, ruleSet, YMQ, yandexError } from './_exchange.js';

const reject = (status: number, body: string) => exchange({ status, body, expect: 'reject' });

describe('errorCodeOf', () => {
  const op = ruleSet(YMQ).operation;
  it('reads ErrorResponse/Error/Code from ydb’s body (no <Type>) and from the documented one (with <Type>)', () => {
    expect(errorCodeOf(op, reject(403, yandexError('MissingAuthenticationToken')).response)).toBe('MissingAuthenticationToken');
    const doc = '<ErrorResponse><Error><Type>Sender</Type><Code>InvalidParameterValue</Code><Message>bad</Message><Detail/></Error><RequestId>r-1</RequestId></ErrorResponse>';
    expect(errorCodeOf(op, reject(400, doc).response)).toBe('InvalidParameterValue');
  });
  it('finds nothing in a body that is not XML, has no code, or declares entities', () => {
    expect(errorCodeOf(op, reject(400, 'Bad Request').response)).toBeUndefined();
    expect(errorCodeOf(op, reject(400, '<ErrorResponse><Error><Code> </Code></Error></ErrorResponse>').response)).toBeUndefined();
    const entity = '<!DOCTYPE ErrorResponse [<!ENTITY c "MissingParameter">]><ErrorResponse><Error><Code>&c;</Code></Error></ErrorResponse>';
    expect(errorCodeOf(op, reject(400, entity).response)).toBeUndefined();
    expect(errorCodeOf(op, reject(400, DOCTYPE_BODY).response)).toBeUndefined();
  });
  it('finds nothing when the operation documents no error body', () => {
    expect(errorCodeOf(ruleSet('azure-service-bus/send-message').operation, reject(400, yandexError('X')).response)).toBeUndefined();
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

  it('fails a body without a code, showing the body', () => {
    expect(errorCodeCheck(ctx(YMQ, 'auth-missing'), reject(403, 'Forbidden'), {})).toEqual({
      ok: false,
      message: 'The 403 response carries no error code at ErrorResponse/Error/Code.',
      expected: 'MissingAuthenticationToken',
      actual: 'Forbidden',
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
    expect(errorCodeCheck(ctx(YMQ, 'auth-missing'), reject(403, body), {})).toMatchObject({ ok: false, message: 'The 403 response carries no error code at ErrorResponse/Error/Code.' });
  });
});
