/**
 * What a Yandex queue of the embedded reference keeps of a message: its own bytes, never a view
 * into the request they came in (a view keeps the whole request buffer, or a shared pool slab,
 * alive for as long as the message is stored, which made the reference's memory follow --runs).
 */
import { describe, expect, it } from 'vitest';
import { referenceConfig } from '../../reference/embedded.js';
import { enqueue, newQueue } from '../../reference/yandex/queues.js';

describe('Yandex queue store', () => {
  it('stores copies of the body and attribute values, as small as they are', () => {
    const cfg = referenceConfig({ now: () => new Date('2031-05-17T09:30:00Z') });
    const q = newQueue('q', '/f/q', 'http://127.0.0.1:9/f/q', { DelaySeconds: 0, VisibilityTimeout: 30, MessageRetentionPeriod: 60, MaximumMessageSize: 262_144, ReceiveMessageWaitTimeSeconds: 0, FifoQueue: false, ContentBasedDeduplication: false }, 0);
    const request = Buffer.alloc(1 << 20, 0x61);
    request.write('hello', 1000);
    request.write('world', 2000);
    const body = request.subarray(1000, 1005);
    const value = request.subarray(2000, 2005);
    const stored = enqueue(cfg, q, { messageId: 'm1', body, md5OfBody: 'x', attributes: [{ name: 'a', dataType: 'String', transport: 1, value }], sentAt: 0, senderId: 's', visibleAt: 0 });

    expect(stored.body.toString()).toBe('hello');
    expect(stored.attributes[0]!.value.toString()).toBe('world');
    // Not the request's memory: a change to it does not reach the message, and the 1 MiB buffer is not kept.
    request.fill(0x62);
    expect(stored.body.toString()).toBe('hello');
    expect(stored.attributes[0]!.value.toString()).toBe('world');
    expect(stored.body.buffer).not.toBe(request.buffer);
    expect(stored.attributes[0]!.value.buffer).not.toBe(request.buffer);
    expect(q.messages).toEqual([stored]);
  });
});
