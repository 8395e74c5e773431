/**
 * The judge on hand-made requests: a valid request of each shipped family's spec is valid, and
 * each request that breaks one requirement is judged violated on exactly that rule (or met under
 * the reading named), with the other rules untouched.
 */
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAllSpecs, loadSpecFile } from '../../specs/loader.js';
import { formatJudgement, judgeRequest, type Judgement } from '../../src/judge/index.js';
import type { RuleSet } from '../../src/model/rule.js';
import type { WireRequest } from '../../src/model/request.js';

const SPECS = loadAllSpecs();
const spec = (id: string): RuleSet => SPECS.find((s) => s.specId === id)!;
const YMQ = spec('yandex-message-queue/send-message');
const NH = spec('azure-notification-hubs/direct-send');
const NOTES = loadSpecFile(join(import.meta.dirname, '../fixtures/specs/valid/json-notes.yaml'));

const violated = (j: Judgement): string[] => j.rules.filter((r) => r.verdict === 'violated').map((r) => r.ruleId);
const rule = (j: Judgement, id: string) => j.rules.find((r) => r.ruleId === id)!;

// ---- Yandex (aws-query) -----------------------------------------------------------------------

const HOST = 'message-queue.api.cloud.yandex.net';
const QUEUE = `https://${HOST}/b1g/dj6/orders`;
const FIFO = `${QUEUE}.fifo`;
const SIGV4 = `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/ru-central1/sqs/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=${'ab'.repeat(32)}`;

function ymq(fields: Array<[string, string]>, headers: Array<[string, string]> = []): WireRequest {
  const body = fields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const base: Array<[string, string]> = [
    ['Host', HOST],
    ['Content-Type', 'application/x-www-form-urlencoded'],
    ['X-Amz-Date', '20260101T000000Z'],
    ['Authorization', SIGV4],
  ];
  const names = new Set(headers.map(([n]) => n.toLowerCase()));
  return { method: 'POST', url: `https://${HOST}/`, headers: [...base.filter(([n]) => !names.has(n.toLowerCase())), ...headers.filter(([, v]) => v !== '')], body: new TextEncoder().encode(body) };
}

const SEND: Array<[string, string]> = [
  ['Action', 'SendMessage'],
  ['Version', '2012-11-05'],
  ['QueueUrl', QUEUE],
  ['MessageBody', 'Hello world'],
];
const without = (name: string, fields = SEND): Array<[string, string]> => fields.filter(([k]) => k !== name);
const attr = (n: number, name: string, type: string, value: string): Array<[string, string]> => [
  [`MessageAttribute.${n}.Name`, name],
  [`MessageAttribute.${n}.Value.DataType`, type],
  [type.startsWith('Binary') ? `MessageAttribute.${n}.Value.BinaryValue` : `MessageAttribute.${n}.Value.StringValue`, value],
];
const Y = (slug: string): string => `yandex-message-queue/send-message/${slug}`;

describe('judge: yandex-message-queue/send-message', () => {
  it('the sample request, signed, is valid; its entity kind is read from QueueUrl', () => {
    const j = judgeRequest(YMQ, ymq(SEND));
    expect(violated(j)).toEqual([]);
    expect(j).toMatchObject({ valid: true, entity: 'standard-queue', auth: { scheme: 'sigv4', verdict: 'met' } });
    expect(rule(j, Y('message-body-size'))).toMatchObject({ verdict: 'met', detail: 'MessageBody has 11 bytes, within 0–262144 bytes' });
    expect(rule(j, Y('message-body-empty'))).toMatchObject({ verdict: 'not-applicable', detail: "the request is none of the rule's 2 fixed case(s)" });
    expect(rule(j, Y('message-deduplication-id-required'))).toMatchObject({ verdict: 'not-applicable', detail: 'the rule is for fifo-queue, the request goes to standard-queue' });
    expect(rule(j, Y('message-attribute-optional'))).toMatchObject({ verdict: 'met', detail: 'MessageAttribute is absent, as an optional field may be' });
    expect(rule(judgeRequest(YMQ, ymq([...SEND, ...attr(1, 'a', 'String', 'v')])), Y('message-attribute-optional')).detail).toBe('MessageAttribute is present, as an optional field may be');
  });

  it.each([
    ['no MessageBody', without('MessageBody'), 'message-body-required', 'MessageBody is absent'],
    ['an empty MessageBody', [...without('MessageBody'), ['MessageBody', '']], 'message-body-empty', 'the request is the case "MessageBody of 0 bytes (min − 1)" (MessageBody ""), which the rule rejects'],
    ['an unknown parameter', [...SEND, ['RuleprobeUnknownParameter', '1']], 'unknown-parameter', 'the request is the case "with RuleprobeUnknownParameter=1" (RuleprobeUnknownParameter added), which the rule rejects'],
    ['an attribute without its value', [...SEND, ['MessageAttribute.1.Name', 'color'], ['MessageAttribute.1.Value.DataType', 'String']], 'message-attribute-value-missing', 'the request is the case "attribute "color" String without a value" (MessageAttribute.1.Name "color", MessageAttribute.1.Value.DataType "String", MessageAttribute.1.Value.StringValue left out), which the rule rejects'],
    ['MessageBody with U+0001', [...without('MessageBody'), ['MessageBody', 'a\u0001b']], 'message-body-charset', 'MessageBody has U+0001 at character 1, outside the allowed characters'],
    ['DelaySeconds 901', [...SEND, ['DelaySeconds', '901']], 'delay-seconds-range', 'DelaySeconds 901 is outside 0–900'],
    ['DelaySeconds abc', [...SEND, ['DelaySeconds', 'abc']], 'delay-seconds-type', 'DelaySeconds "abc" is not an integer'],
    ['Action Foo', [['Action', 'Foo'], ...without('Action')], 'action-value', 'Action is "Foo", not SendMessage'],
    ['no QueueUrl', without('QueueUrl'), 'queue-url-required', 'QueueUrl is absent'],
    ['an attribute named AWS.x', [...SEND, ...attr(1, 'AWS.x', 'String', 'v')], 'message-attribute-name-pattern', 'item 1: MessageAttribute.{N}.Name "AWS.x" does not match ^(?!\\.)(?!.*\\.\\.)(?!.*\\.$)(?![Aa][Ww][Ss]\\.)(?![Aa][Mm][Aa][Zz][Oo][Nn]\\.)[A-Za-z0-9_.-]*$'],
    ['a Binary attribute that is not base64', [...SEND, ...attr(1, 'b', 'Binary', '!!')], 'message-attribute-value-binary-value-type', 'item 1: MessageAttribute.{N}.Value.BinaryValue "!!" is not base64'],
    ['a String attribute with U+FFFF', [...SEND, ...attr(1, 's', 'String', 'x\uffff')], 'message-attribute-value-string-value-charset', 'item 1: MessageAttribute.{N}.Value.StringValue has U+FFFF at character 1, outside the allowed characters'],
    ['an attribute of type Text', [...SEND, ...attr(1, 't', 'Text', 'v')], 'message-attribute-value-data-type-unlisted', 'item 1: MessageAttribute.{N}.Value.DataType "Text" is none of String, Number, Binary'],
    ['eleven attributes', [...SEND, ...Array.from({ length: 11 }, (_x, i) => attr(i + 1, `a${i}`, 'String', 'v')).flat()], 'message-attribute-count', '11 items of MessageAttribute, more than 10'],
  ] as Array<[string, Array<[string, string]>, string, string]>)('%s violates exactly %s', (_label, fields, slug, detail) => {
    const j = judgeRequest(YMQ, ymq(fields));
    expect(violated(j)).toEqual([Y(slug)]);
    expect(rule(j, Y(slug)).detail).toBe(detail);
    expect(j.valid).toBe(false);
  });

  it('a Content-Type other than the form media type violates content-type-value; charset=utf-8 is the also-listed spelling', () => {
    expect(violated(judgeRequest(YMQ, ymq(SEND, [['Content-Type', 'text/plain']])))).toEqual([Y('content-type-value')]);
    expect(violated(judgeRequest(YMQ, ymq(SEND, [['Content-Type', 'application/x-www-form-urlencoded; charset=utf-8']])))).toEqual([]);
  });

  it('a FIFO send without MessageDeduplicationId: violated under contentBasedDeduplication off (naming the reading, not accepted by default, that would allow it), met under on, neither rule applicable when no option is given', () => {
    const fields: Array<[string, string]> = [...without('QueueUrl'), ['QueueUrl', FIFO], ['MessageGroupId', 'g']];
    const off = judgeRequest(YMQ, ymq(fields), { targetOptions: { contentBasedDeduplication: 'off' } });
    expect(off.entity).toBe('fifo-queue');
    expect(violated(off)).toEqual([Y('message-deduplication-id-required')]);
    expect(rule(off, Y('message-deduplication-id-required'))).toMatchObject({ validUnder: ['seed-table'] });
    expect(rule(off, Y('message-deduplication-id-content-based'))).toMatchObject({ verdict: 'not-applicable', detail: 'the rule is for a target with contentBasedDeduplication: on, the request is judged under contentBasedDeduplication: off' });
    expect(formatJudgement(off)).toContain(
      '  VIOLATED MUST yandex-message-queue/send-message/message-deduplication-id-required: MessageDeduplicationId is absent (valid under the reading(s) seed-table, not accepted by default)',
    );
    expect(formatJudgement(off)[0]).toBe('yandex-message-queue/send-message, fifo-queue (contentBasedDeduplication: off): NOT valid');

    const on = judgeRequest(YMQ, ymq(fields), { targetOptions: { contentBasedDeduplication: 'on' } });
    expect(violated(on)).toEqual([]);
    expect(rule(on, Y('message-deduplication-id-required'))).toMatchObject({ verdict: 'not-applicable', detail: 'the rule is for a target with contentBasedDeduplication: off, the request is judged under contentBasedDeduplication: on' });
    expect(rule(on, Y('message-deduplication-id-content-based'))).toMatchObject({ verdict: 'met', detail: 'the request is the case "FIFO send without MessageDeduplicationId" (MessageDeduplicationId left out), which the rule accepts' });

    // A request does not show the queue's setting: without the option neither rule is judged, and says why.
    const unknown = judgeRequest(YMQ, ymq(fields));
    expect(violated(unknown)).toEqual([]);
    expect(rule(unknown, Y('message-deduplication-id-required'))).toMatchObject({ verdict: 'not-applicable', detail: 'the rule is for a target with contentBasedDeduplication: off, which a request does not show (none given)' });
    expect(rule(unknown, Y('message-deduplication-id-content-based'))).toMatchObject({ verdict: 'not-applicable', detail: 'the rule is for a target with contentBasedDeduplication: on, which a request does not show (none given)' });
    // With the id present the content-based rule's one case (id left out) is not this request.
    expect(rule(judgeRequest(YMQ, ymq([...fields, ['MessageDeduplicationId', 'd']]), { targetOptions: { contentBasedDeduplication: 'on' } }), Y('message-deduplication-id-content-based')).verdict).toBe('not-applicable');
  });

  it('a fixed case is the request only when it carries exactly the items the case names: a Binary attribute with its value is not the case without one', () => {
    const blob = [...SEND, ...attr(1, 'blob', 'Binary', 'AAEC')];
    expect(rule(judgeRequest(YMQ, ymq(blob)), Y('message-attribute-value-missing')).verdict).toBe('not-applicable');
    expect(violated(judgeRequest(YMQ, ymq(blob)))).toEqual([]);
    const twoItems = [...SEND, ['MessageAttribute.1.Name', 'color'], ['MessageAttribute.1.Value.DataType', 'String'], ...attr(2, 'b', 'String', 'v')] as Array<[string, string]>;
    expect(rule(judgeRequest(YMQ, ymq(twoItems)), Y('message-attribute-value-missing')).verdict).toBe('not-applicable');
  });

  it('an equivalent Content-Type spelling is met as the spelling rule that lists it; header-name-case and the form encodings name no declared field and are not judged', () => {
    const j = judgeRequest(YMQ, ymq(SEND, [['Content-Type', 'APPLICATION/X-WWW-FORM-URLENCODED']]));
    expect(violated(j)).toEqual([]);
    expect(rule(j, Y('content-type-case'))).toMatchObject({ verdict: 'met', reading: 'content-type=APPLICATION/X-WWW-FORM-URLENCODED' });
    expect(rule(j, Y('content-type-parameter-spacing')).verdict).toBe('not-applicable');
    expect(j.rules.map((r) => r.ruleId).filter((id) => [Y('header-name-case'), Y('form-space-encoding'), Y('form-hex-case'), Y('form-field-order')].includes(id))).toEqual([]);
  });

  it('DelaySeconds on a FIFO queue is not judged by the standard-queue range rule; an explicit entity kind overrides the inference', () => {
    const fields: Array<[string, string]> = [...without('QueueUrl'), ['QueueUrl', FIFO], ['MessageGroupId', 'g'], ['MessageDeduplicationId', 'd'], ['DelaySeconds', '901']];
    expect(rule(judgeRequest(YMQ, ymq(fields)), Y('delay-seconds-range')).verdict).toBe('not-applicable');
    expect(violated(judgeRequest(YMQ, ymq(fields), { entity: 'standard-queue' }))).toEqual([Y('delay-seconds-range')]);
  });

  it('a SigV4 header without a Signature, or whose X-Amz-Date is of another day, fails the auth form', () => {
    const noSig = judgeRequest(YMQ, ymq(SEND, [['Authorization', SIGV4.replace(/, Signature=.*/, '')]]));
    expect(noSig.auth).toEqual({ scheme: 'sigv4', verdict: 'violated', detail: 'Authorization is not "AWS4-HMAC-SHA256 Credential=…/aws4_request, SignedHeaders=…, Signature=<64 hex>"' });
    expect(noSig.valid).toBe(false);
    expect(violated(noSig)).toEqual([]);
    expect(judgeRequest(YMQ, ymq(SEND, [['X-Amz-Date', '20260102T000000Z']])).auth.detail).toBe("X-Amz-Date 20260102T000000Z is not of the credential's day 20260101");
    expect(judgeRequest(YMQ, ymq(SEND, [['Authorization', '']])).auth.detail).toBe('the request does not carry exactly one Authorization header');
  });
});

// ---- Notification Hubs (native-push) ----------------------------------------------------------

const NH_HOST = 'contoso.servicebus.windows.net';
const KEY = 'abc123keyvalue=';

function sas(resource: string): string {
  const sr = encodeURIComponent(resource.toLowerCase());
  const sig = createHmac('sha256', KEY).update(`${sr}\n1700000000`).digest('base64');
  return `SharedAccessSignature sr=${sr}&sig=${encodeURIComponent(sig)}&se=1700000000&skn=DefaultFullSharedAccessSignature`;
}

function nh(edit: { query?: string; headers?: Array<[string, string]>; body?: string } = {}): WireRequest {
  const base: Array<[string, string]> = [
    ['Host', NH_HOST],
    ['Authorization', sas(`http://${NH_HOST}/myhub`)],
    ['Content-Type', 'application/json;charset=utf-8'],
    ['ServiceBusNotification-Format', 'apple'],
    ['ServiceBusNotification-DeviceHandle', 'a'.repeat(64)],
    ['x-ms-version', '2015-04'],
  ];
  const names = new Set((edit.headers ?? []).map(([n]) => n.toLowerCase()));
  return {
    method: 'POST',
    url: `https://${NH_HOST}/myhub/messages/?${edit.query ?? 'direct&api-version=2015-04'}`,
    headers: [...base.filter(([n]) => !names.has(n.toLowerCase())), ...(edit.headers ?? []).filter(([, v]) => v !== '')],
    body: new TextEncoder().encode(edit.body ?? '{"aps":{"alert":"hi"}}'),
  };
}
const N = (slug: string): string => `azure-notification-hubs/direct-send/${slug}`;

describe('judge: azure-notification-hubs/direct-send', () => {
  it("the seed's request is valid; the SAS token's sr is the hub itself", () => {
    const j = judgeRequest(NH, nh());
    expect(violated(j)).toEqual([]);
    expect(j.auth).toEqual({ scheme: 'sas', verdict: 'met', detail: 'a SharedAccessSignature token whose sr (http:) names the resource itself, rule DefaultFullSharedAccessSignature' });
    expect(rule(j, N('direct-flag'))).toMatchObject({ verdict: 'met', reading: 'bare' });
    expect(rule(j, N('format-apple')).verdict).toBe('met');
    expect(rule(j, N('format-gcm'))).toMatchObject({ verdict: 'not-applicable', detail: 'ServiceBusNotification-Format is "apple", not "gcm"' });
  });

  it('windowsphone is met under the later-revision reading of format-windows-phone', () => {
    const j = judgeRequest(NH, nh({ headers: [['ServiceBusNotification-Format', 'windowsphone'], ['Content-Type', 'application/xml;charset=utf-8']], body: '<wp:Notification xmlns:wp="WPNotification"/>' }));
    expect(violated(j)).toEqual([]);
    expect(rule(j, N('format-windows-phone'))).toMatchObject({ verdict: 'met', reading: 'later-revision' });
    expect(rule(j, N('content-type-by-format'))).toMatchObject({ verdict: 'met', detail: 'Content-Type is "application/xml;charset=utf-8", documented for windows phone' });
  });

  it('apple with application/xml violates both dependency rules of Content-Type', () => {
    const j = judgeRequest(NH, nh({ headers: [['Content-Type', 'application/xml']] }));
    expect(violated(j)).toEqual([N('content-type-by-format'), N('content-type-mismatch')]);
    expect(rule(j, N('content-type-by-format')).detail).toBe('Content-Type is "application/xml"; for apple the document gives application/json;charset=utf-8');
  });

  it('windows with application/octet-stream is met only as the wns-raw variation (X-WNS-Type: wns/raw)', () => {
    const raw = (headers: Array<[string, string]>): Judgement =>
      judgeRequest(NH, nh({ headers: [['ServiceBusNotification-Format', 'windows'], ['Content-Type', 'application/octet-stream'], ...headers], body: 'raw bytes' }));
    expect(violated(raw([]))).toEqual([N('content-type-by-format'), N('content-type-mismatch')]);
    const j = raw([['X-WNS-Type', 'wns/raw']]);
    expect(violated(j)).toEqual([]);
    expect(rule(j, N('content-type-by-format'))).toMatchObject({ verdict: 'met', reading: 'wns-raw' });
  });

  it('adm has no documented Content-Type, so the dependency rules do not apply', () => {
    const j = judgeRequest(NH, nh({ headers: [['ServiceBusNotification-Format', 'adm'], ['Content-Type', 'application/json']] }));
    expect(violated(j)).toEqual([]);
    expect(rule(j, N('content-type-by-format'))).toMatchObject({ verdict: 'not-applicable', detail: 'the document gives no Content-Type for ServiceBusNotification-Format "adm"' });
  });

  it.each([
    ['no device handle', { headers: [['ServiceBusNotification-DeviceHandle', '']] }, ['device-handle-required']],
    ['no format', { headers: [['ServiceBusNotification-Format', '']] }, ['format-required']],
    ['format template', { headers: [['ServiceBusNotification-Format', 'template']] }, ['format-unlisted']],
    ['x-ms-version 2014-09', { headers: [['x-ms-version', '2014-09']] }, ['x-ms-version-value']],
    ['api-version 2020-06', { query: 'direct&api-version=2020-06' }, ['api-version-value']],
    ['a 65537-byte body', { body: `{"aps":{"alert":"${'x'.repeat(65537 - 20)}"}}` }, ['body-size']],
  ] as Array<[string, Parameters<typeof nh>[0], string[]]>)('%s violates exactly %j', (_label, edit, slugs) => {
    expect(violated(judgeRequest(NH, nh(edit)))).toEqual(slugs.map(N));
  });

  it('without x-ms-version the request violates the SHOULD rule, naming the recorded reading that would accept it; without ?direct nothing requires the flag', () => {
    const j = judgeRequest(NH, nh({ query: 'api-version=2015-04', headers: [['x-ms-version', '']] }));
    expect(violated(j)).toEqual([N('x-ms-version-required')]);
    expect(rule(j, N('x-ms-version-required'))).toMatchObject({ level: 'SHOULD', validUnder: ['defaulted'] });
    expect(rule(j, N('direct-flag'))).toMatchObject({ verdict: 'not-applicable', detail: 'direct is absent' });
  });

  it('a format in another case is the listed value only where the document says case does not matter (caseSensitive: false)', () => {
    const withCase = (caseSensitive: boolean): RuleSet => ({
      ...NH,
      operation: { ...NH.operation, headers: NH.operation.headers.map((f) => (f.name === 'ServiceBusNotification-Format' ? { ...f, caseSensitive } : f)) },
    });
    const upper = nh({ headers: [['ServiceBusNotification-Format', 'Apple']] });
    const insensitive = judgeRequest(withCase(false), upper);
    expect(violated(insensitive)).toEqual([]);
    expect(rule(insensitive, N('format-unlisted'))).toMatchObject({ verdict: 'met', detail: 'ServiceBusNotification-Format "Apple" is a spelling of "apple"', reading: 'spelling "Apple"' });
    expect(rule(insensitive, N('format-apple'))).toMatchObject({ verdict: 'met', detail: 'ServiceBusNotification-Format is "Apple", a spelling of "apple"' });
    for (const set of [withCase(true), NH]) {
      const j = judgeRequest(set, upper);
      expect(violated(j)).toEqual([N('format-unlisted')]);
      expect(rule(j, N('format-apple')).verdict).toBe('not-applicable');
    }
  });

  it('the body limit is read two ways (send: each): 64,000 bytes or less meets both, one in between meets binary-kb alone and names it, over 65,536 meets neither', () => {
    const body = (bytes: number): string => `{"aps":{"alert":"${'x'.repeat(bytes - 20)}"}}`;
    expect(rule(judgeRequest(NH, nh({ body: body(64000) })), N('body-size'))).toMatchObject({
      verdict: 'met',
      detail: 'body has 64000 bytes, within the limit of every reading: "binary-kb" (65536 bytes), "decimal-kb" (64000 bytes)',
    });
    expect(rule(judgeRequest(NH, nh({ body: body(64000) })), N('body-size')).reading).toBeUndefined();
    const between = judgeRequest(NH, nh({ body: body(65000) }));
    expect(violated(between)).toEqual([]);
    expect(rule(between, N('body-size'))).toMatchObject({ verdict: 'met', reading: 'binary-kb', detail: 'body has 65000 bytes, within the limit of the reading(s) "binary-kb" (65536 bytes), over that of "decimal-kb" (64000 bytes)' });
    expect(rule(judgeRequest(NH, nh({ body: body(65537) })), N('body-size'))).toMatchObject({ verdict: 'violated', detail: 'body has 65537 bytes, over the limit of every accepted reading: "binary-kb" (65536 bytes), "decimal-kb" (64000 bytes)' });
  });

  it('direct-flag is met under the either-of reading whose spelling the request uses: bare (?direct) or valued (?direct=true)', () => {
    expect(rule(judgeRequest(NH, nh({ query: 'direct=true&api-version=2015-04' })), N('direct-flag'))).toMatchObject({ verdict: 'met', reading: 'valued', detail: 'direct is written "true", one of the spellings the rule accepts' });
    expect(rule(judgeRequest(NH, nh({ query: 'direct=false&api-version=2015-04' })), N('direct-flag'))).toMatchObject({ verdict: 'not-applicable', detail: 'direct is written "false", none of the spellings bare, true the rule is about' });
  });

  it('a SAS token for another hub, or without se, fails the auth form; one for the namespace root contains the hub', () => {
    expect(judgeRequest(NH, nh({ headers: [['Authorization', sas(`http://${NH_HOST}/otherhub`)]] })).auth).toEqual({
      scheme: 'sas',
      verdict: 'violated',
      detail: `sr names http://${NH_HOST}/otherhub, which neither is nor contains http://${NH_HOST}/myhub`,
    });
    expect(judgeRequest(NH, nh({ headers: [['Authorization', sas(`http://${NH_HOST}/myhub`).replace('&se=1700000000', '')]] })).auth.detail).toBe('the token lacks se');
    const root = judgeRequest(NH, nh({ headers: [['Authorization', sas(`https://${NH_HOST}/`)]] }));
    expect(root.auth).toMatchObject({ verdict: 'met', detail: 'a SharedAccessSignature token whose sr (https:) names the namespace root, which contains the resource, rule DefaultFullSharedAccessSignature' });
    expect(root.valid).toBe(true);
  });
});

// ---- A user's JSON operation ------------------------------------------------------------------

function note(body: string, contentType = 'application/json'): WireRequest {
  return { method: 'POST', url: 'https://notes.example/notes', headers: [['Content-Type', contentType]], body: new TextEncoder().encode(body) };
}
const J = (slug: string): string => `json-fixture/create-note/${slug}`;

describe('judge: a json-family spec (test fixture)', () => {
  it('a note within the limits is valid; its credentials (sigv4, none sent) fail the auth form', () => {
    const j = judgeRequest(NOTES, note('{"title":"Shopping","priority":3,"tags":["a","b"]}'));
    expect(violated(j)).toEqual([]);
    expect(j.auth.verdict).toBe('violated');
  });

  it.each([
    ['a 65-character title', `{"title":"${'t'.repeat(65)}"}`, 'title-length'],
    ['priority 9', '{"title":"x","priority":9}', 'priority-range'],
    ['no title', '{"priority":1}', 'title-required'],
    ['four tags', '{"title":"x","tags":["a","b","c","d"]}', 'tags-count'],
  ])('%s violates exactly %s', (_label, body, slug) => {
    expect(violated(judgeRequest(NOTES, note(body)))).toEqual([J(slug)]);
  });

  it('text/plain violates content-type-value', () => {
    expect(violated(judgeRequest(NOTES, note('{"title":"x"}', 'text/plain')))).toEqual([J('content-type-value')]);
  });
});
