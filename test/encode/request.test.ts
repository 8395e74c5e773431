import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeForm } from '../../src/encode/form.js';
import { decodeRequest, encodeRequest, missingEntityName } from '../../src/encode/request.js';
import type { OperationModel } from '../../src/model/operation.js';
import type { AbstractRequest, BodyContent, FormStyle, TargetContext } from '../../src/model/request.js';
import { loadSpecFile, SPECS_DIR } from '../../specs/loader.js';
import { anyText, formStyle, RUNS, xmlText } from './arbitraries.js';

const op = (file: string): OperationModel => loadSpecFile(join(SPECS_DIR, file)).operation;
const NH = op('azure-notification-hubs/direct-send.yaml');
const SB = op('azure-service-bus/send-message.yaml');
const YMQ = op('yandex-message-queue/send-message.yaml');

const QUEUE_URL = 'https://message-queue.api.cloud.yandex.net/b1g8ad42m6he1ooql78r/dj600000000000le07ol/sample-queue';
const target: TargetContext = {
  baseUrl: 'https://ns.servicebus.windows.net',
  entities: { hub: 'myhub', topic: 'a/b', 'standard-queue': QUEUE_URL },
};
const yandex: TargetContext = { baseUrl: 'https://message-queue.api.cloud.yandex.net', entities: { 'standard-queue': QUEUE_URL } };
const STYLE: FormStyle = { order: 'as-is', space: 'plus', hexCase: 'upper' };

function request(over: Partial<AbstractRequest>): AbstractRequest {
  return { entity: 'hub', path: 'operation', query: [], headers: [], body: { kind: 'none' }, auth: 'valid', ...over };
}
const DIRECT = [
  { name: 'direct', value: null },
  { name: 'api-version', value: '2015-04' },
];

describe('encodeRequest: URL', () => {
  it('writes the Notification Hubs direct send with a bare direct flag', () => {
    const wire = encodeRequest(NH, target, request({ query: DIRECT }));
    expect(wire.method).toBe('POST');
    expect(wire.url).toBe('https://ns.servicebus.windows.net/myhub/messages/?direct&api-version=2015-04');
  });

  it('keeps the slash of a nested Service Bus topic path and escapes inside segments', () => {
    expect(encodeRequest(SB, target, request({ entity: 'topic' })).url).toBe('https://ns.servicebus.windows.net/a/b/messages');
    const odd = { ...target, entities: { topic: 'my topic/é?#' } };
    expect(encodeRequest(SB, odd, request({ entity: 'topic' })).url).toBe('https://ns.servicebus.windows.net/my%20topic/%C3%A9%3F%23/messages');
  });

  it('posts aws-query to / and leaves the queue to the form', () => {
    expect(encodeRequest(YMQ, yandex, request({ entity: 'standard-queue' })).url).toBe('https://message-queue.api.cloud.yandex.net/');
  });

  it('breaks the path on purpose: the last literal segment gets a "no" prefix', () => {
    expect(encodeRequest(NH, target, request({ path: 'wrong-path', query: DIRECT })).url).toBe(
      'https://ns.servicebus.windows.net/myhub/nomessages/?direct&api-version=2015-04',
    );
    expect(encodeRequest(SB, target, request({ entity: 'topic', path: 'wrong-path' })).url).toBe('https://ns.servicebus.windows.net/a/b/nomessages');
    expect(encodeRequest(YMQ, yandex, request({ entity: 'standard-queue', path: 'wrong-path' })).url).toBe(
      'https://message-queue.api.cloud.yandex.net/ruleprobe-wrong-path',
    );
  });

  it('names an entity that cannot exist, the same every time', () => {
    const missing = missingEntityName('a/b');
    expect(missing).toMatch(/^ruleprobe-missing-[0-9a-f]{12}$/);
    expect(missingEntityName('a/b')).toBe(missing);
    expect(missingEntityName('myhub')).not.toBe(missing);
    expect(encodeRequest(SB, target, request({ entity: 'topic', path: 'unknown-entity' })).url).toBe(`https://ns.servicebus.windows.net/${missing}/messages`);
    // aws-query: the generator writes the missing queue into QueueUrl; the URL stays /.
    expect(encodeRequest(YMQ, yandex, request({ entity: 'standard-queue', path: 'unknown-entity' })).url).toBe('https://message-queue.api.cloud.yandex.net/');
  });

  it('escapes query names and values, spaces as %20', () => {
    const wire = encodeRequest(NH, target, request({ query: [{ name: 'a b', value: 'x&y=\u{1F600}' }, { name: 'flag', value: null }] }));
    expect(wire.url).toBe('https://ns.servicebus.windows.net/myhub/messages/?a%20b=x%26y%3D%F0%9F%98%80&flag');
  });

  it('says which entity is not configured', () => {
    expect(() => encodeRequest(SB, target, request({ entity: 'fifo-queue' }))).toThrow(/no entity "fifo-queue" \(configured: hub, topic, standard-queue\)/);
  });
});

describe('encodeRequest: headers', () => {
  it('keeps header order and adds neither Content-Length nor Content-Type', () => {
    const headers = [
      { name: 'ServiceBusNotification-Format', value: 'windows phone' },
      { name: 'Content-Type', value: 'application/xml;charset=utf-8' },
      { name: 'x-ms-version', value: '2015-04' },
    ];
    const wire = encodeRequest(NH, target, request({ headers, body: { kind: 'raw', value: '<toast/>' } }));
    expect(wire.headers).toEqual(headers.map((h) => [h.name, h.value]));
  });

  it('sends latin1 strings char for char and { raw } bytes one char each', () => {
    const wire = encodeRequest(SB, target, request({ entity: 'topic', headers: [{ name: 'Label', value: 'café' }, { name: 'Utf8', value: { raw: Buffer.from('é').toString('base64') } }] }));
    expect(wire.headers).toEqual([['Label', 'café'], ['Utf8', '\u00C3\u00A9']]);
  });

  it('refuses header values outside latin1 or with CR, LF, NUL, and bad header names', () => {
    const send = (name: string, value: string) => () => encodeRequest(SB, target, request({ entity: 'topic', headers: [{ name, value }] }));
    expect(send('Label', 'a\u{1F600}')).toThrow('header Label: value has U+D83D at index 1, outside latin1; send UTF-8 as { raw } bytes');
    expect(send('Label', 'Ā')).toThrow(/U\+0100 at index 0, outside latin1/);
    expect(send('Label', 'a\r\nX-Injected: 1')).toThrow('header Label: value has CR at index 1, which HTTP clients refuse');
    expect(send('Label', 'a\u0000')).toThrow(/NUL/);
    expect(send('Bad Name', 'x')).toThrow(/not an HTTP token/);
  });
});

describe('encodeRequest: body', () => {
  it('encodes each body kind', () => {
    const form: BodyContent = { kind: 'form', fields: [{ name: 'MessageBody', value: 'Hello world' }], style: STYLE };
    const body = (o: OperationModel, b: BodyContent, entity = 'topic'): string =>
      Buffer.from(encodeRequest(o, target, request({ entity, body: b })).body).toString('latin1');
    expect(body(YMQ, form, 'standard-queue')).toBe('MessageBody=Hello+world');
    expect(body(SB, { kind: 'atom', description: 'M1', descriptionIsXml: false })).toBe(
      '<entry xmlns="http://www.w3.org/2005/Atom"><content type="application/xml"><MessageDescription>M1</MessageDescription></content></entry>',
    );
    expect(body(NH, { kind: 'raw', value: '\uD800' }, 'hub')).toBe('\xED\xA0\x80');
    expect(body(NH, { kind: 'none' }, 'hub')).toBe('');
    expect(() => body(YMQ, { kind: 'atom', description: 'x', descriptionIsXml: false }, 'standard-queue')).toThrow(/an aws-query body is a form, not atom/);
  });
});

describe('decodeRequest', () => {
  it('reads the Yandex sample back from the wire', () => {
    const form = YMQ.examples[0]!.form!;
    const fields = [
      { name: 'Action', value: form.Action! },
      { name: 'Version', value: form.Version! },
      { name: 'QueueUrl', value: form.QueueUrl! },
      { name: 'MessageBody', value: form.MessageBody! },
    ];
    const wire = encodeRequest(YMQ, yandex, request({ entity: 'standard-queue', body: { kind: 'form', fields, style: STYLE } }));
    expect(decodeRequest(YMQ, wire)).toEqual({ method: 'POST', path: '/', query: [], headers: [], body: { kind: 'form', fields, style: STYLE } });
    expect(Buffer.from(wire.body).toString('latin1')).toBe(Buffer.from(encodeForm(fields, STYLE)).toString('latin1'));
  });

  it('reads path, bare flags and a body that is not an entry', () => {
    const wire = encodeRequest(SB, target, request({ entity: 'topic', query: [{ name: 'timeout', value: '60' }, { name: 'x', value: null }], body: { kind: 'raw', value: 'This is a message.' } }));
    expect(decodeRequest(SB, wire)).toMatchObject({ path: '/a/b/messages', query: [{ name: 'timeout', value: '60' }, { name: 'x', value: null }], body: { kind: 'raw', value: 'This is a message.' } });
  });

  const latin1 = fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 16 });
  const common = {
    query: fc.array(fc.record({ name: anyText, value: fc.option(anyText, { nil: null }) }), { maxLength: 4 }),
    headers: fc.array(fc.record({ name: fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,15}$/), value: latin1 }), { maxLength: 4 }),
  };
  const cases: Array<[string, OperationModel, string, fc.Arbitrary<BodyContent>]> = [
    ['aws-query', YMQ, 'standard-queue', fc.record({ kind: fc.constant('form' as const), fields: fc.array(fc.record({ name: anyText, value: anyText }), { maxLength: 5 }), style: formStyle.map((s) => ({ ...s, order: 'as-is' as const })) })],
    ['atom-entry', SB, 'topic', fc.record({ kind: fc.constant('atom' as const), description: xmlText, descriptionIsXml: fc.constant(false) })],
    ['native-push', NH, 'hub', fc.oneof(fc.record({ kind: fc.constant('raw' as const), value: anyText.filter((s) => s !== '') }), fc.constant({ kind: 'none' as const }))],
  ];

  for (const [name, o, entity, body] of cases) {
    it(`round-trips ${name} requests: method, query, headers and body`, () => {
      fc.assert(
        fc.property(common.query, common.headers, body, (query, headers, b) => {
          const back = decodeRequest(o, encodeRequest(o, target, request({ entity, query, headers, body: b })));
          expect(back.method).toBe(o.method);
          expect(back.query).toEqual(query);
          expect(back.headers).toEqual(headers);
          if (b.kind === 'form') {
            // The style read back may differ where the body cannot tell (no space, no hex letter), but writes the same bytes.
            expect(back.body.kind).toBe('form');
            if (back.body.kind === 'form') {
              expect(back.body.fields).toEqual(b.fields);
              expect(Buffer.from(encodeForm(back.body.fields, back.body.style)).equals(Buffer.from(encodeForm(b.fields, b.style)))).toBe(true);
            }
          } else expect(back.body).toEqual(b);
        }),
        RUNS,
      );
    });
  }
});
