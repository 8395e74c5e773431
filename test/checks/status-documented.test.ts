import { describe, expect, it } from 'vitest';
import { statusDocumentedCheck } from '../../src/checks/status-documented.js';
import { ctx, exchange, NH, SB, YMQ } from './_exchange.js';

describe('status-documented', () => {
  it('passes a status the operation lists (Yandex 200, 400, 403)', () => {
    for (const status of [200, 400, 403]) expect(statusDocumentedCheck(ctx(YMQ, 'status-documented'), exchange({ status }), {})).toEqual({ ok: true });
  });

  it('fails a status the document does not list, naming the listed ones', () => {
    expect(statusDocumentedCheck(ctx(SB, 'status-documented'), exchange({ status: 201 }), {})).toEqual({
      ok: false,
      message: 'The response status 201 is not one the document lists for the operation.',
      expected: 'one of 200, 400, 401, 409',
      actual: '201',
    });
  });

  it('applies to error responses too', () => {
    expect(statusDocumentedCheck(ctx(NH, 'status-documented'), exchange({ status: 500 }), {}).ok).toBe(false);
    expect(statusDocumentedCheck(ctx(NH, 'status-documented'), exchange({ status: 413 }), {}).ok).toBe(true);
  });
});
