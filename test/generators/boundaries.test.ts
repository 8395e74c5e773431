import { describe, expect, it } from 'vitest';
import { ruleCases } from '../../generators/ruleCases.js';
import { loadAllSpecs } from '../../specs/loader.js';
import type { AbstractRequest, RequestCase, TextValue } from '../../src/model/request.js';
import { CONTEXTS } from './contexts.js';

const sets = loadAllSpecs();
const spec = (id: string) => sets.find((s) => s.specId === id)!;

function cases(specId: string, slug: string, entity?: string): RequestCase[] {
  const set = spec(specId);
  const ctx = CONTEXTS[specId]!.find((c) => !entity || c.entity === entity)!;
  return ruleCases(set.rules.find((r) => r.slug === slug)!, set.operation, ctx).fixed;
}

function formValue(c: RequestCase, name: string): TextValue | undefined {
  return c.request.body.kind === 'form' ? c.request.body.fields.find((f) => f.name === name)?.value : undefined;
}

const bytes = (v: TextValue | undefined): number => (typeof v === 'string' ? Buffer.byteLength(v, 'utf8') : v ? Buffer.from(v.raw, 'base64').length : -1);
const chars = (v: TextValue | undefined): number => (typeof v === 'string' ? [...v].length : -1);
/** `[value, expectation]` pairs, for compact assertions. */
const pairs = (cs: RequestCase[], f: (c: RequestCase) => unknown) => cs.map((c) => [f(c), c.expect]);

describe('boundary cases contain the exact limits', () => {
  it('DelaySeconds: -1, 0, 900, 901', () => {
    expect(pairs(cases('yandex-message-queue/send-message', 'delay-seconds-range'), (c) => formValue(c, 'DelaySeconds'))).toEqual([
      ['-1', 'reject'],
      ['0', 'accept'],
      ['900', 'accept'],
      ['901', 'reject'],
    ]);
  });

  it('MessageBody: 262144 bytes accepted and 262145 rejected, in 1-, 2-, 3- and 4-byte characters', () => {
    const cs = cases('yandex-message-queue/send-message', 'message-body-size');
    const sized = cs.map((c) => ({ bytes: bytes(formValue(c, 'MessageBody')), chars: chars(formValue(c, 'MessageBody')), expect: c.expect }));
    for (const width of [1, 2, 3, 4]) {
      const atChars = Math.floor(262144 / width) + (262144 % width);
      expect(sized).toContainEqual({ bytes: 262144, chars: atChars, expect: 'accept' });
      const overChars = Math.floor(262145 / width) + (262145 % width);
      expect(sized).toContainEqual({ bytes: 262145, chars: overChars, expect: 'reject' });
    }
    expect(sized).toContainEqual({ bytes: 262143, chars: 262143, expect: 'accept' });
    // 131073 two-byte characters: far fewer than 262144 characters, two bytes over the limit.
    expect(sized).toContainEqual({ bytes: 262146, chars: 131073, expect: 'reject' });
  });

  it('MessageBody: the empty body is message-body-empty: 1 byte accepted, 0 rejected', () => {
    const cs = cases('yandex-message-queue/send-message', 'message-body-empty');
    expect(cs.map((c) => [bytes(formValue(c, 'MessageBody')), c.expect])).toEqual([
      [1, 'accept'],
      [0, 'reject'],
    ]);
  });

  it('body and attribute together: 262144 bytes with name and type accepted, body and value alone 262145 rejected', () => {
    const cs = cases('yandex-message-queue/send-message', 'message-size-with-attributes');
    const sizes = cs.map((c) => {
      const part = (n: string): number => bytes(formValue(c, n));
      return [part('MessageBody'), part('MessageAttribute.1.Name') + part('MessageAttribute.1.Value.DataType') + part('MessageAttribute.1.Value.StringValue'), part('MessageAttribute.1.Value.StringValue'), c.expect];
    });
    expect(sizes).toEqual([
      [200000, 62144, 62137, 'accept'],
      [200000, 62152, 62145, 'reject'],
    ]);
  });

  it('MessageGroupId and MessageDeduplicationId: 128 characters accepted, 129 rejected', () => {
    for (const [slug, name] of [['message-group-id-length', 'MessageGroupId'], ['message-deduplication-id-length', 'MessageDeduplicationId']] as const) {
      const cs = cases('yandex-message-queue/send-message', slug, 'fifo-queue');
      expect(pairs(cs, (c) => chars(formValue(c, name)))).toEqual(expect.arrayContaining([[128, 'accept'], [127, 'accept'], [129, 'reject']]));
    }
  });

  it('message attribute names: 256 characters accepted, 257 rejected, empty rejected', () => {
    const cs = cases('yandex-message-queue/send-message', 'message-attribute-name-length');
    expect(pairs(cs, (c) => chars(formValue(c, 'MessageAttribute.1.Name')))).toEqual(expect.arrayContaining([[256, 'accept'], [257, 'reject'], [0, 'reject']]));
  });

  it('11 message attributes are rejected and 10 accepted', () => {
    const cs = cases('yandex-message-queue/send-message', 'message-attribute-count');
    const count = (c: RequestCase) => (c.request.body.kind === 'form' ? c.request.body.fields.filter((f) => /^MessageAttribute\.\d+\.Name$/.test(f.name)).length : 0);
    expect(pairs(cs, count)).toEqual([[10, 'accept'], [11, 'reject']]);
  });

  it('the notification body, for every platform: one byte under, at and over 65,536 and 64,000 bytes ("64 Kb" both ways), well-formed, ending in multi-byte characters', () => {
    const cs = cases('azure-notification-hubs/direct-send', 'body-size');
    const format = (c: RequestCase) => c.request.headers.find((h) => h.name === 'ServiceBusNotification-Format')?.value;
    const platforms = ['windows', 'apple', 'gcm', 'windows phone', 'adm', 'nokiax', 'baidu'];
    const either = { accept: ['binary-kb'], reject: ['decimal-kb'] };
    expect(cs.map((c) => [format(c), bytes(c.request.body.kind === 'raw' ? c.request.body.value : undefined), c.expect, c.readings])).toEqual(
      platforms.flatMap((p) => [
        [p, 63_999, 'accept', undefined],
        [p, 64_000, 'accept', undefined],
        [p, 64_001, 'either', either],
        [p, 65_535, 'either', either],
        [p, 65_536, 'either', either],
        [p, 65_537, 'reject', undefined],
      ]),
    );
    const raw = cs.map((c) => (c.request.body.kind === 'raw' ? (c.request.body.value as string) : ''));
    for (const body of raw) expect(body).toMatch(/é中😀("\}\}|"\}|<\/text><\/binding><\/visual><\/toast>|<\/wp:Text1><\/wp:Toast><\/wp:Notification>)$/);
  });

  it('every endpoint of the Yandex character set, allowed and forbidden, with lone surrogates and invalid UTF-8', () => {
    const cs = cases('yandex-message-queue/send-message', 'message-body-charset');
    const byCodePoint = new Map<number, string>();
    for (const c of cs) {
      const v = formValue(c, 'MessageBody');
      if (typeof v !== 'string') continue;
      const middle = v.slice(1, -1);
      const cp = middle.length === 1 ? middle.charCodeAt(0) : middle.codePointAt(0)!;
      byCodePoint.set(cp, c.expect);
    }
    const allowed = [0x9, 0xa, 0xd, 0x20, 0xd7ff, 0xe000, 0xfffd, 0x10000, 0x10ffff];
    const forbidden = [0x0, 0x8, 0xb, 0xc, 0xe, 0x1f, 0xd800, 0xdfff, 0xfffe, 0xffff];
    for (const cp of allowed) expect([cp.toString(16), byCodePoint.get(cp)]).toEqual([cp.toString(16), 'accept']);
    for (const cp of forbidden) expect([cp.toString(16), byCodePoint.get(cp)]).toEqual([cp.toString(16), 'reject']);
    const raw = cs.filter((c) => typeof formValue(c, 'MessageBody') !== 'string');
    expect(raw.map((c) => [Buffer.from((formValue(c, 'MessageBody') as { raw: string }).raw, 'base64').toString('hex'), c.expect])).toEqual([['72c32872', 'reject']]);
  });

  it('the format header: each platform with its own Content-Type, handle and body; windows phone, else windowsphone (either of)', () => {
    const cs = cases('azure-notification-hubs/direct-send', 'format-windows-phone');
    const header = (r: AbstractRequest, n: string) => r.headers.find((h) => h.name.toLowerCase() === n.toLowerCase())?.value;
    expect(cs.map((c) => [c.expect, c.reading, header(c.request, 'ServiceBusNotification-Format'), header(c.request, 'Content-Type'), c.eitherOf?.map((e) => [e.reading, header(e.request, 'ServiceBusNotification-Format'), header(e.request, 'Content-Type')])])).toEqual([
      ['accept', 'seed', 'windows phone', 'application/xml;charset=utf-8', [['later-revision', 'windowsphone', 'application/xml;charset=utf-8']]],
    ]);
    const bodies = cs.flatMap((c) => [c.request, ...(c.eitherOf ?? []).map((e) => e.request)]).map((r) => r.body);
    expect(bodies.every((b) => b.kind === 'raw' && String(b.value).includes('<wp:Notification'))).toBe(true);
  });

  it("the document's sample request is sent as written, with the configured queue URL", () => {
    const [c] = cases('yandex-message-queue/send-message', 'sample-request');
    expect(c!.origin).toBe('example');
    expect(c!.request.body).toMatchObject({
      kind: 'form',
      fields: [
        { name: 'Action', value: 'SendMessage' },
        { name: 'Version', value: '2012-11-05' },
        { name: 'QueueUrl', value: CONTEXTS['yandex-message-queue/send-message']![0]!.entityValue },
        { name: 'MessageBody', value: 'Hello world' },
      ],
    });
  });
});
