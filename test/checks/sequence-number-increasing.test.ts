import { describe, expect, it } from 'vitest';
import { sequenceNumberIncreasingCheck } from '../../src/checks/sequence-number-increasing.js';
import type { Exchange } from '../../src/model/exchange.js';
import { ctx, exchange, sendMessage, YMQ, yandexResponse } from './_exchange.js';

const send = (sequenceNumber: string | undefined, group = 'g1', status = 200): Exchange =>
  exchange({
    status,
    body: yandexResponse({ MD5OfMessageBody: '3e25960a79dbc69b674cd4ec67a72c62', MessageId: 'm', ...(sequenceNumber ? { SequenceNumber: sequenceNumber } : {}) }),
    request: sendMessage([['MessageBody', 'Hello world'], ['MessageGroupId', group], ['MessageDeduplicationId', `d-${sequenceNumber}`]], 'fifo-queue'),
  });
const judgeAll = (sequence: Exchange[]) => sequence.map((e) => sequenceNumberIncreasingCheck(ctx(YMQ, 'sequence-number-increasing', sequence), e, {}));

describe('sequence-number-increasing', () => {
  it('passes numbers that increase, not necessarily by one, beyond 2^64', () => {
    const seq = [send('18446744073709551615'), send('18446744073709551616'), send('18446744073709551700')];
    expect(judgeAll(seq).every((o) => o.ok)).toBe(true);
  });

  it('fails a number not greater than the one before, once, on the exchange where it shows', () => {
    const seq = [send('100'), send('200'), send('150'), send('300')];
    const outcomes = judgeAll(seq);
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, false, true]);
    expect(outcomes[2]).toEqual({ ok: false, message: 'SequenceNumber 150 of send 3 is not greater than 200 of send 2 of MessageGroupId g1.', expected: 'greater than 200', actual: '150' });
    expect(judgeAll([send('7'), send('7')])[1]).toMatchObject({ ok: false, message: 'SequenceNumber 7 of send 2 is not greater than 7 of send 1 of MessageGroupId g1.' });
  });

  it('compares within one MessageGroupId only', () => {
    expect(judgeAll([send('500', 'a'), send('10', 'b'), send('501', 'a'), send('11', 'b')]).every((o) => o.ok)).toBe(true);
  });

  it('fails a success without a SequenceNumber', () => {
    expect(judgeAll([send('1'), send(undefined)])[1]).toMatchObject({ ok: false, message: 'The response to send 2 has no readable SequenceNumber: it has no SequenceNumber.' });
  });

  it('skips failed sends as the earlier number', () => {
    expect(judgeAll([send('5'), send('1', 'g1', 400), send('6')]).every((o) => o.ok)).toBe(true);
  });

  it('judges the whole sequence when given an exchange outside it', () => {
    const seq = [send('100'), send('99')];
    expect(sequenceNumberIncreasingCheck(ctx(YMQ, 'sequence-number-increasing', seq), send('1'), {})).toMatchObject({ ok: false, message: 'SequenceNumber 99 of send 2 is not greater than 100 of send 1 of MessageGroupId g1.' });
  });

  it('does not apply without a sequence', () => {
    expect(sequenceNumberIncreasingCheck(ctx(YMQ, 'sequence-number-increasing'), send(undefined), {}).ok).toBe(true);
  });
});
