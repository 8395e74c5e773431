/**
 * The Yandex reference's companion operations (CreateQueue, GetQueueUrl, DeleteQueue, PurgeQueue,
 * GetQueueAttributes, ReceiveMessage, DeleteMessage) and what they let one observe of SendMessage:
 * delays, deduplication, FIFO order, bodies and attributes as received. Requests are signed as the
 * harness signs them and answered in-process, on a fixed clock the tests step (long polling waits
 * in real time, or on a virtual clock given to the reference). Each companion-observed mutant is
 * shown to break its behaviour.
 */
import { createHash } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { referenceConfig, startEmbeddedThread, targetsFor } from '../../reference/embedded.js';
import { answer } from '../../reference/testing.js';
import type { RefConfig, RefResponse } from '../../reference/types.js';
import { yandex } from '../../reference/yandex.js';
import { md5OfMessageAttributes } from '../../src/checks/digest.js';
import { VirtualClock } from '../../src/model/clock.js';
import type { WireRequest } from '../../src/model/request.js';
import { sign } from '../../src/sign/schemes/sigv4/index.js';

const SPEC = 'yandex-message-queue/send-message';
const BASE = 'http://127.0.0.1:9';
const FOLDER = '/b1gruleprobe/dj6ruleprobe';
const T0 = new Date('2025-03-01T12:00:00Z').getTime();
const mutant = (slug: string): string => `${SPEC}/${slug}`;

const xml = new XMLParser({
  parseTagValue: false,
  trimValues: false,
  ignoreAttributes: true,
  processEntities: true,
  htmlEntities: true,
  isArray: (name) => ['Message', 'Attribute', 'MessageAttribute'].includes(name),
});

type Tree = Record<string, unknown>;
type Fields = Array<[string, string]>;

interface Answer {
  status: number;
  code: string | undefined;
  text: string;
  tree: Tree;
  res: RefResponse;
}

interface Ref {
  cfg: RefConfig;
  standard: string;
  fifo: string;
  /** Steps the reference's clock. */
  advance(seconds: number): void;
  call(action: string, fields: Fields, variant?: 'valid' | 'missing'): Promise<Answer>;
}

/** `virtual`: the reference reads and long-polls on that clock instead (and `advance` does nothing). */
function reference(options: { mutant?: string; profile?: 'seed' | 'live'; virtual?: VirtualClock } = {}): Ref {
  let clock = T0;
  const time = options.virtual ? { clock: options.virtual } : { now: () => new Date(clock) };
  const cfg = referenceConfig({ ...time, ...(options.mutant ? { mutant: options.mutant } : {}), ...(options.profile ? { profile: options.profile } : {}) });
  const target = targetsFor(BASE, cfg)[SPEC]!;
  return {
    cfg,
    standard: target.target.entities['standard-queue']!,
    fifo: target.target.entities['fifo-queue']!,
    advance: (seconds) => void (clock += seconds * 1000),
    async call(action, fields, variant = 'valid') {
      const form = [['Action', action], ['Version', '2012-11-05'], ...fields].map(([k, v]) => `${encodeURIComponent(k!)}=${encodeURIComponent(v!)}`).join('&');
      const wire: WireRequest = { method: 'POST', url: `${BASE}/`, headers: [['Content-Type', 'application/x-www-form-urlencoded']], body: new TextEncoder().encode(form) };
      const signed = await sign(wire, variant, { credentials: target.credentials, now: cfg.now(), resource: '' });
      const res = await answer(cfg, signed);
      const text = res.body === undefined ? '' : Buffer.isBuffer(res.body) ? res.body.toString('utf8') : res.body;
      const tree = xml.parse(text) as Tree;
      const code = res.status >= 400 ? (get(tree, 'ErrorResponse/Error/Code') as string | undefined) : undefined;
      return { status: res.status, code, text, tree, res };
    },
  };
}

function get(tree: unknown, path: string): unknown {
  let node = tree;
  for (const part of path.split('/')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = Array.isArray(node) ? (node as unknown[])[Number(part)] : (node as Tree)[part];
  }
  return node;
}

interface Received {
  MessageId: string;
  ReceiptHandle: string;
  MD5OfBody: string;
  Body: string;
  MD5OfMessageAttributes?: string;
  attributes: Record<string, string>;
  messageAttributes: Array<{ Name: string; Value: { DataType: string; StringValue?: string; BinaryValue?: string } }>;
}

function messages(a: Answer): Received[] {
  expect([a.status, a.code]).toEqual([200, undefined]);
  const list = (get(a.tree, 'ReceiveMessageResponse/ReceiveMessageResult/Message') ?? []) as Array<Tree>;
  return list.map((m) => ({
    ...(m as unknown as Received),
    attributes: Object.fromEntries(((m.Attribute ?? []) as Array<{ Name: string; Value: string }>).map((x) => [x.Name, x.Value])),
    messageAttributes: (m.MessageAttribute ?? []) as Received['messageAttributes'],
  }));
}

const bodies = (a: Answer): string[] => messages(a).map((m) => m.Body);
const md5 = (s: string | Buffer): string => createHash('md5').update(s).digest('hex');

async function send(r: Ref, queue: string, body: string, extra: Fields = []): Promise<Answer> {
  const a = await r.call('SendMessage', [['QueueUrl', queue], ['MessageBody', body], ...extra]);
  expect([a.status, a.code], a.text).toEqual([200, undefined]);
  return a;
}

const receive = (r: Ref, queue: string, extra: Fields = []): Promise<Answer> => r.call('ReceiveMessage', [['QueueUrl', queue], ['MaxNumberOfMessages', '10'], ...extra]);

async function createQueue(r: Ref, name: string, attributes: Record<string, string> = {}): Promise<string> {
  const a = await r.call('CreateQueue', [['QueueName', name], ...Object.entries(attributes).flatMap(([k, v], i): Fields => [[`Attribute.${i + 1}.Name`, k], [`Attribute.${i + 1}.Value`, v]])]);
  expect([a.status, a.code], a.text).toEqual([200, undefined]);
  return get(a.tree, 'CreateQueueResponse/CreateQueueResult/QueueUrl') as string;
}

async function queueAttributes(r: Ref, queue: string, names = ['All']): Promise<Record<string, string>> {
  const a = await r.call('GetQueueAttributes', [['QueueUrl', queue], ...names.map((n, i): [string, string] => [`AttributeName.${i + 1}`, n])]);
  expect([a.status, a.code], a.text).toEqual([200, undefined]);
  const list = (get(a.tree, 'GetQueueAttributesResponse/GetQueueAttributesResult/Attribute') ?? []) as Array<{ Name: string; Value: string }>;
  return Object.fromEntries(list.map((x) => [x.Name, x.Value]));
}

const fifoFields = (group: string, dedup: string): Fields => [['MessageGroupId', group], ['MessageDeduplicationId', dedup]];

describe('Yandex companions: queues', () => {
  it('CreateQueue answers a URL in the configured queues\' folder; again with the same attributes the same URL, with others QueueAlreadyExists', async () => {
    const r = reference();
    const a = await r.call('CreateQueue', [['QueueName', 'made-here']]);
    expect(a.status).toBe(200);
    expect(a.text).toMatch(/^<CreateQueueResponse><CreateQueueResult><QueueUrl>[^<]+<\/QueueUrl><\/CreateQueueResult><ResponseMetadata><RequestId>[^<]+<\/RequestId><\/ResponseMetadata><\/CreateQueueResponse>$/);
    const url = get(a.tree, 'CreateQueueResponse/CreateQueueResult/QueueUrl');
    expect(url).toBe(`${BASE}${FOLDER}/made-here`);
    expect(await createQueue(r, 'made-here')).toBe(url);
    expect(await createQueue(r, 'made-here', { VisibilityTimeout: '30' })).toBe(url);
    const other = await r.call('CreateQueue', [['QueueName', 'made-here'], ['Attribute.1.Name', 'DelaySeconds'], ['Attribute.1.Value', '5']]);
    expect([other.status, other.code]).toEqual([400, 'QueueAlreadyExists']);
    const byName = await r.call('GetQueueUrl', [['QueueName', 'made-here']]);
    expect(get(byName.tree, 'GetQueueUrlResponse/GetQueueUrlResult/QueueUrl')).toBe(url);
    const none = await r.call('GetQueueUrl', [['QueueName', 'never-made']]);
    expect([none.status, none.code]).toEqual([400, 'AWS.SimpleQueueService.NonExistentQueue']);
    // Attributes left out are not compared.
    const slow = await createQueue(r, 'slow-one', { DelaySeconds: '5' });
    expect(await createQueue(r, 'slow-one')).toBe(slow);
    expect(await createQueue(r, 'slow-one', { DelaySeconds: '5', VisibilityTimeout: '30' })).toBe(slow);
    // The configured queues exist from the start.
    expect(await createQueue(r, 'ruleprobe-queue')).toBe(r.standard);
    expect(await createQueue(r, 'ruleprobe-queue.fifo', { FifoQueue: 'true' })).toBe(r.fifo);
  });

  it('CreateQueue checks the name and the attributes', async () => {
    const r = reference();
    const outcome = async (fields: Fields): Promise<[number, string | undefined]> => {
      const a = await r.call('CreateQueue', fields);
      return [a.status, a.code];
    };
    expect(await outcome([])).toEqual([400, 'MissingParameter']);
    expect(await outcome([['QueueName', 'a'.repeat(81)]])).toEqual([400, 'InvalidParameterValue']);
    expect(await outcome([['QueueName', 'a'.repeat(80)]])).toEqual([200, undefined]);
    expect(await outcome([['QueueName', 'has space']])).toEqual([400, 'InvalidParameterValue']);
    expect(await outcome([['QueueName', 'no-flag.fifo']])).toEqual([400, 'InvalidParameterValue']);
    expect(await outcome([['QueueName', 'flag'], ['Attribute.1.Name', 'FifoQueue'], ['Attribute.1.Value', 'true']])).toEqual([400, 'InvalidParameterValue']);
    expect(await outcome([['QueueName', 'ok.fifo'], ['Attribute.1.Name', 'FifoQueue'], ['Attribute.1.Value', 'true']])).toEqual([200, undefined]);
    expect(await outcome([['QueueName', 'delay'], ['Attribute.1.Name', 'DelaySeconds'], ['Attribute.1.Value', '901']])).toEqual([400, 'InvalidAttributeValue']);
    expect(await outcome([['QueueName', 'vis'], ['Attribute.1.Name', 'VisibilityTimeout'], ['Attribute.1.Value', '43201']])).toEqual([400, 'InvalidAttributeValue']);
    expect(await outcome([['QueueName', 'wait'], ['Attribute.1.Name', 'ReceiveMessageWaitTimeSeconds'], ['Attribute.1.Value', '21']])).toEqual([400, 'InvalidAttributeValue']);
    expect(await outcome([['QueueName', 'kms'], ['Attribute.1.Name', 'KmsMasterKeyId'], ['Attribute.1.Value', 'x']])).toEqual([400, 'InvalidAttributeName']);
    expect(await outcome([['QueueName', 'proto'], ['Attribute.1.Name', 'toString'], ['Attribute.1.Value', '1']])).toEqual([400, 'InvalidAttributeName']);
    expect(await outcome([['QueueName', 'q'], ['MessageBody', 'x']])).toEqual([400, 'InvalidQueryParameter']);
  });

  it('GetQueueAttributes reports the settings and the message counts', async () => {
    const r = reference();
    const url = await createQueue(r, 'counted', { DelaySeconds: '0', VisibilityTimeout: '60' });
    await send(r, url, 'one');
    await send(r, url, 'two');
    await send(r, url, 'later', [['DelaySeconds', '100']]);
    await r.call('ReceiveMessage', [['QueueUrl', url]]);
    const all = await queueAttributes(r, url);
    expect(all).toMatchObject({
      ApproximateNumberOfMessages: '1',
      ApproximateNumberOfMessagesNotVisible: '1',
      ApproximateNumberOfMessagesDelayed: '1',
      DelaySeconds: '0',
      VisibilityTimeout: '60',
      MaximumMessageSize: '262144',
      MessageRetentionPeriod: '345600',
      ReceiveMessageWaitTimeSeconds: '0',
      CreatedTimestamp: String(T0 / 1000),
      QueueArn: 'yrn:yc:ymq:ru-central1:b1gruleprobe:counted',
    });
    expect(all).not.toHaveProperty('FifoQueue');
    expect(await queueAttributes(r, url, ['DelaySeconds'])).toEqual({ DelaySeconds: '0' });
    expect(await queueAttributes(r, r.fifo, ['FifoQueue', 'ContentBasedDeduplication'])).toEqual({ FifoQueue: 'true', ContentBasedDeduplication: 'false' });
    const bad = await r.call('GetQueueAttributes', [['QueueUrl', url], ['AttributeName.1', 'Colour']]);
    expect([bad.status, bad.code]).toEqual([400, 'InvalidAttributeName']);
  });

  it('DeleteQueue removes the queue: a send to it is 400 NonExistentQueue, the name is taken again only after 60 s', async () => {
    const r = reference();
    const url = await createQueue(r, 'short-lived');
    await send(r, url, 'hello');
    const del = await r.call('DeleteQueue', [['QueueUrl', url]]);
    expect([del.status, del.text]).toEqual([200, expect.stringMatching(/^<DeleteQueueResponse><ResponseMetadata><RequestId>[^<]+<\/RequestId><\/ResponseMetadata><\/DeleteQueueResponse>$/)]);
    const after = await r.call('SendMessage', [['QueueUrl', url], ['MessageBody', 'x']]);
    expect([after.status, after.code]).toEqual([400, 'AWS.SimpleQueueService.NonExistentQueue']);
    const rec = await r.call('ReceiveMessage', [['QueueUrl', url]]);
    expect([rec.status, rec.code]).toEqual([400, 'AWS.SimpleQueueService.NonExistentQueue']);
    expect((await r.call('DeleteQueue', [['QueueUrl', url]])).status).toBe(200);
    const soon = await r.call('CreateQueue', [['QueueName', 'short-lived']]);
    expect([soon.status, soon.code]).toEqual([400, 'QueueDeletedRecently']);
    r.advance(60);
    expect(await createQueue(r, 'short-lived')).toBe(url);
    expect(bodies(await receive(r, url))).toEqual([]);
    // A configured queue can be deleted too.
    expect((await r.call('DeleteQueue', [['QueueUrl', r.standard]])).status).toBe(200);
    expect((await r.call('SendMessage', [['QueueUrl', r.standard], ['MessageBody', 'x']])).code).toBe('AWS.SimpleQueueService.NonExistentQueue');
  });

  it('PurgeQueue empties the queue; another purge within 60 s is 403 PurgeQueueInProgress', async () => {
    const r = reference();
    await send(r, r.standard, 'a');
    await send(r, r.standard, 'b');
    const purge = await r.call('PurgeQueue', [['QueueUrl', r.standard]]);
    expect([purge.status, purge.text]).toEqual([200, expect.stringMatching(/^<PurgeQueueResponse><ResponseMetadata><RequestId>[^<]+<\/RequestId><\/ResponseMetadata><\/PurgeQueueResponse>$/)]);
    expect(await queueAttributes(r, r.standard, ['ApproximateNumberOfMessages'])).toEqual({ ApproximateNumberOfMessages: '0' });
    expect(bodies(await receive(r, r.standard))).toEqual([]);
    const again = await r.call('PurgeQueue', [['QueueUrl', r.standard]]);
    expect([again.status, again.code]).toEqual([403, 'PurgeQueueInProgress']);
    r.advance(60);
    expect((await r.call('PurgeQueue', [['QueueUrl', r.standard]])).status).toBe(200);
    const gone = await r.call('PurgeQueue', [['QueueUrl', `${BASE}${FOLDER}/nowhere`]]);
    expect([gone.status, gone.code]).toEqual([400, 'AWS.SimpleQueueService.NonExistentQueue']);
  });
});

describe('Yandex companions: receive and delete', () => {
  it('create → send → receive → delete, field by field', async () => {
    const r = reference();
    const url = await createQueue(r, 'round-trip');
    const attrs: Fields = [['MessageAttribute.1.Name', 'colour'], ['MessageAttribute.1.Value.DataType', 'String'], ['MessageAttribute.1.Value.StringValue', 'blue']];
    const sent = await send(r, url, 'Hello world', attrs);
    const messageId = get(sent.tree, 'SendMessageResponse/SendMessageResult/MessageId');
    const sentAttrsMd5 = get(sent.tree, 'SendMessageResponse/SendMessageResult/MD5OfMessageAttributes');
    r.advance(2);
    const a = await r.call('ReceiveMessage', [['QueueUrl', url], ['AttributeName.1', 'All'], ['MessageAttributeName.1', 'All']]);
    expect(a.text).toMatch(
      /^<ReceiveMessageResponse><ReceiveMessageResult><Message><MessageId>[^<]+<\/MessageId><ReceiptHandle>[^<]+<\/ReceiptHandle><MD5OfBody>[0-9a-f]{32}<\/MD5OfBody><Body>Hello world<\/Body>(?:<Attribute><Name>\w+<\/Name><Value>[^<]+<\/Value><\/Attribute>)+<MD5OfMessageAttributes>[0-9a-f]{32}<\/MD5OfMessageAttributes><MessageAttribute><Name>colour<\/Name><Value><DataType>String<\/DataType><StringValue>blue<\/StringValue><\/Value><\/MessageAttribute><\/Message><\/ReceiveMessageResult><ResponseMetadata><RequestId>[^<]+<\/RequestId><\/ResponseMetadata><\/ReceiveMessageResponse>$/,
    );
    const [m] = messages(a);
    expect(m).toMatchObject({ MessageId: messageId, MD5OfBody: '3e25960a79dbc69b674cd4ec67a72c62', Body: 'Hello world', MD5OfMessageAttributes: sentAttrsMd5 });
    expect(m!.attributes).toEqual({ SenderId: r.cfg.yandex.accessKeyId, SentTimestamp: String(T0), ApproximateReceiveCount: '1', ApproximateFirstReceiveTimestamp: String(T0 + 2000) });

    // In flight: not received again, counted as not visible.
    expect(bodies(await receive(r, url))).toEqual([]);
    expect(await queueAttributes(r, url, ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'])).toEqual({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '1' });

    const del = await r.call('DeleteMessage', [['QueueUrl', url], ['ReceiptHandle', m!.ReceiptHandle]]);
    expect([del.status, del.text]).toEqual([200, expect.stringMatching(/^<DeleteMessageResponse><ResponseMetadata><RequestId>[^<]+<\/RequestId><\/ResponseMetadata><\/DeleteMessageResponse>$/)]);
    r.advance(31);
    expect(bodies(await receive(r, url))).toEqual([]);
    expect(await queueAttributes(r, url, ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'])).toEqual({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' });
    // Deleting again succeeds; a handle the queue never gave is 400 ReceiptHandleIsInvalid.
    expect((await r.call('DeleteMessage', [['QueueUrl', url], ['ReceiptHandle', m!.ReceiptHandle]])).status).toBe(200);
    const bogus = await r.call('DeleteMessage', [['QueueUrl', url], ['ReceiptHandle', 'not-a-handle']]);
    expect([bogus.status, bogus.code]).toEqual([400, 'ReceiptHandleIsInvalid']);
    const missing = await r.call('DeleteMessage', [['QueueUrl', url]]);
    expect([missing.status, missing.code]).toEqual([400, 'MissingParameter']);
  });

  it('a message not deleted reappears after the visibility timeout with a new ReceiptHandle; the old one no longer deletes it', async () => {
    const r = reference();
    await send(r, r.standard, 'again');
    const [first] = messages(await receive(r, r.standard, [['AttributeName.1', 'ApproximateReceiveCount']]));
    expect(first!.attributes).toEqual({ ApproximateReceiveCount: '1' });
    r.advance(29);
    expect(bodies(await receive(r, r.standard))).toEqual([]);
    r.advance(1);
    const [second] = messages(await receive(r, r.standard, [['AttributeName.1', 'ApproximateReceiveCount'], ['VisibilityTimeout', '5']]));
    expect(second!.attributes).toEqual({ ApproximateReceiveCount: '2' });
    expect(second!.ReceiptHandle).not.toBe(first!.ReceiptHandle);
    expect((await r.call('DeleteMessage', [['QueueUrl', r.standard], ['ReceiptHandle', first!.ReceiptHandle]])).status).toBe(200);
    r.advance(5);
    expect(bodies(await receive(r, r.standard))).toEqual(['again']);
  });

  it('MaxNumberOfMessages (1–10, default 1), VisibilityTimeout, WaitTimeSeconds and the attribute names are checked', async () => {
    const r = reference();
    for (let i = 0; i < 12; i++) await send(r, r.standard, `m${i}`);
    expect(bodies(await r.call('ReceiveMessage', [['QueueUrl', r.standard]]))).toEqual(['m0']);
    expect(bodies(await r.call('ReceiveMessage', [['QueueUrl', r.standard], ['MaxNumberOfMessages', '3']]))).toEqual(['m1', 'm2', 'm3']);
    expect(bodies(await receive(r, r.standard))).toHaveLength(8);
    const outcome = async (fields: Fields): Promise<[number, string | undefined]> => {
      const a = await r.call('ReceiveMessage', [['QueueUrl', r.standard], ...fields]);
      return [a.status, a.code];
    };
    expect(await outcome([['MaxNumberOfMessages', '11']])).toEqual([400, 'InvalidParameterValue']);
    expect(await outcome([['MaxNumberOfMessages', '0']])).toEqual([400, 'InvalidParameterValue']);
    expect(await outcome([['MaxNumberOfMessages', 'ten']])).toEqual([400, 'InvalidParameterValue']);
    expect(await outcome([['VisibilityTimeout', '43201']])).toEqual([400, 'InvalidParameterValue']);
    expect(await outcome([['WaitTimeSeconds', '21']])).toEqual([400, 'InvalidParameterValue']);
    expect(await outcome([['AttributeName.1', 'Colour']])).toEqual([400, 'InvalidAttributeName']);
    expect(await outcome([['MessageBody', 'x']])).toEqual([400, 'InvalidQueryParameter']);
    const noQueue = await r.call('ReceiveMessage', []);
    expect([noQueue.status, noQueue.code]).toEqual([400, 'MissingParameter']);
    const unsigned = await r.call('ReceiveMessage', [['QueueUrl', r.standard]], 'missing');
    expect([unsigned.status, unsigned.code]).toEqual([403, 'MissingAuthenticationToken']);
    const unknown = await r.call('ChangeMessageVisibility', [['QueueUrl', r.standard]]);
    expect([unknown.status, unknown.code]).toEqual([400, 'InvalidAction']);
    const inherited = await r.call('toString', [['QueueUrl', r.standard]]);
    expect([inherited.status, inherited.code]).toEqual([400, 'InvalidAction']);
  });

  it('long polling waits (real time) for a message and answers as soon as one is sent', async () => {
    const r = reference();
    const started = Date.now();
    const pending = receive(r, r.standard, [['WaitTimeSeconds', '5']]);
    setTimeout(() => void send(r, r.standard, 'late'), 200);
    expect(bodies(await pending)).toEqual(['late']);
    expect(Date.now() - started).toBeLessThan(3000);
    const emptyStart = Date.now();
    expect(bodies(await receive(r, r.standard, [['WaitTimeSeconds', '1']]))).toEqual([]);
    expect(Date.now() - emptyStart).toBeGreaterThanOrEqual(950);
  });

  it('long polling on a virtual clock waits virtual time: a send during the wait is received, an empty wait ends at WaitTimeSeconds', async () => {
    const clock = new VirtualClock(T0);
    const r = reference({ virtual: clock });
    // The receiver and the sender are participants: time stands still while the send is signed and stored.
    const receiver = clock.enter();
    const pending = receive(r, r.standard, [['WaitTimeSeconds', '5']]).finally(receiver);
    const sender = clock.enter();
    const late = clock
      .sleep(250)
      .then(() => send(r, r.standard, 'late'))
      .finally(sender);
    const got = await pending;
    await late;
    expect(bodies(got)).toEqual(['late']);
    // Seen at the first look after the send (the waits are 100 ms slices).
    expect(clock.now() - T0).toBe(300);
    const emptyStart = clock.now();
    expect(bodies(await receive(r, r.standard, [['WaitTimeSeconds', '1']]))).toEqual([]);
    expect(clock.now() - emptyStart).toBe(1000);
    // A message that becomes visible during the wait ends it: sent with a delay of 2 s, polled for 20.
    await send(r, r.standard, 'delayed', [['DelaySeconds', '2']]);
    const delayedStart = clock.now();
    expect(bodies(await receive(r, r.standard, [['WaitTimeSeconds', '20']]))).toEqual(['delayed']);
    expect(clock.now() - delayedStart).toBe(2000);
  });

  it('a FIFO ReceiveRequestAttemptId repeated gets the same messages and handles', async () => {
    const r = reference();
    await send(r, r.fifo, 'x', fifoFields('g', 'd1'));
    const first = messages(await receive(r, r.fifo, [['ReceiveRequestAttemptId', 'attempt-1']]));
    const again = messages(await receive(r, r.fifo, [['ReceiveRequestAttemptId', 'attempt-1']]));
    expect(again.map((m) => m.ReceiptHandle)).toEqual(first.map((m) => m.ReceiptHandle));
    expect(bodies(await receive(r, r.fifo, [['ReceiveRequestAttemptId', 'attempt-2']]))).toEqual([]);
  });

  it('the live profile writes the XML declaration before a companion\'s document', async () => {
    const r = reference({ profile: 'live' });
    await send(r, r.standard, 'live');
    const a = await receive(r, r.standard);
    expect(a.text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<ReceiveMessageResponse>')).toBe(true);
    expect(bodies(a)).toEqual(['live']);
  });
});

describe('Yandex companions: what SendMessage did, observed', () => {
  it('standard queue: the message\'s DelaySeconds delays it (mutant delay-seconds-honoured: visible at once)', async () => {
    for (const m of [undefined, mutant('delay-seconds-honoured')]) {
      const r = reference({ ...(m ? { mutant: m } : {}) });
      await send(r, r.standard, 'delayed', [['DelaySeconds', '5']]);
      const early = bodies(await receive(r, r.standard));
      r.advance(5);
      const late = bodies(await receive(r, r.standard));
      if (m) expect(early).toEqual(['delayed']);
      else expect([early, late]).toEqual([[], ['delayed']]);
    }
  });

  it('standard queue: without DelaySeconds the queue\'s delay applies, the message\'s overrides it (mutant delay-seconds-default: visible at once)', async () => {
    for (const m of [undefined, mutant('delay-seconds-default')]) {
      const r = reference({ ...(m ? { mutant: m } : {}) });
      const url = await createQueue(r, 'slow', { DelaySeconds: '10' });
      await send(r, url, 'queue-delay');
      await send(r, url, 'no-delay', [['DelaySeconds', '0']]);
      const early = bodies(await receive(r, url));
      if (m) {
        expect(early).toEqual(['queue-delay', 'no-delay']);
        continue;
      }
      expect(early).toEqual(['no-delay']);
      r.advance(9);
      expect(bodies(await receive(r, url))).toEqual([]);
      r.advance(1);
      expect(bodies(await receive(r, url))).toEqual(['queue-delay']);
    }
  });

  it('FIFO queue: the message\'s DelaySeconds does not apply, the queue\'s does (mutant delay-seconds-fifo: the message\'s applies)', async () => {
    for (const m of [undefined, mutant('delay-seconds-fifo')]) {
      const r = reference({ ...(m ? { mutant: m } : {}) });
      await send(r, r.fifo, 'asked-30', [...fifoFields('g', 'd1'), ['DelaySeconds', '30']]);
      const configured = bodies(await receive(r, r.fifo));
      const url = await createQueue(r, 'slow.fifo', { FifoQueue: 'true', DelaySeconds: '10' });
      await send(r, url, 'asked-0', [...fifoFields('g', 'd1'), ['DelaySeconds', '0']]);
      const created = bodies(await receive(r, url));
      if (m) expect([configured, created]).toEqual([[], ['asked-0']]);
      else {
        expect([configured, created]).toEqual([['asked-30'], []]);
        r.advance(10);
        expect(bodies(await receive(r, url))).toEqual(['asked-0']);
      }
    }
  });

  it('live profile: a FIFO message\'s DelaySeconds applies (ydb), and the mutant ignores it', async () => {
    for (const m of [undefined, mutant('delay-seconds-fifo')]) {
      const r = reference({ profile: 'live', ...(m ? { mutant: m } : {}) });
      await send(r, r.fifo, 'asked-30', [...fifoFields('g', 'd1'), ['DelaySeconds', '30']]);
      expect(bodies(await receive(r, r.fifo))).toEqual(m ? ['asked-30'] : []);
    }
  });

  it('FIFO: a repeated MessageDeduplicationId within 5 minutes is answered alike but not delivered (mutant: delivered twice)', async () => {
    for (const m of [undefined, mutant('message-deduplication-id-not-delivered')]) {
      const r = reference({ ...(m ? { mutant: m } : {}) });
      const first = await send(r, r.fifo, 'once', fifoFields('g', 'same'));
      const second = await send(r, r.fifo, 'once', fifoFields('g', 'same'));
      const id = (a: Answer): unknown => get(a.tree, 'SendMessageResponse/SendMessageResult/MessageId');
      const seq = (a: Answer): unknown => get(a.tree, 'SendMessageResponse/SendMessageResult/SequenceNumber');
      expect([id(second), seq(second)]).toEqual([id(first), seq(first)]);
      expect(await queueAttributes(r, r.fifo, ['ApproximateNumberOfMessages'])).toEqual({ ApproximateNumberOfMessages: m ? '2' : '1' });
      const [got] = messages(await receive(r, r.fifo, [['AttributeName.1', 'All']]));
      expect(got!.attributes).toMatchObject({ MessageGroupId: 'g', MessageDeduplicationId: 'same', SequenceNumber: seq(first) });
      await r.call('DeleteMessage', [['QueueUrl', r.fifo], ['ReceiptHandle', got!.ReceiptHandle]]);
      const more = bodies(await receive(r, r.fifo));
      expect(more).toEqual(m ? ['once'] : []);
    }
  });

  it('FIFO: each group in send order, one message per group per receive, none while an earlier one of the group is in flight (mutant fifo-order: newest first)', async () => {
    for (const m of [undefined, mutant('fifo-order')]) {
      const r = reference({ ...(m ? { mutant: m } : {}) });
      let n = 0;
      for (const [group, body] of [['A', 'A1'], ['A', 'A2'], ['B', 'B1'], ['A', 'A3'], ['B', 'B2']] as const) await send(r, r.fifo, body, fifoFields(group, `d${n++}`));
      const first = messages(await receive(r, r.fifo));
      if (m) {
        expect(first.map((x) => x.Body)).toEqual(['A3', 'B2']);
        continue;
      }
      expect(first.map((x) => x.Body)).toEqual(['A1', 'B1']);
      // Both groups in flight: nothing.
      expect(bodies(await receive(r, r.fifo))).toEqual([]);
      await r.call('DeleteMessage', [['QueueUrl', r.fifo], ['ReceiptHandle', first[0]!.ReceiptHandle]]);
      const second = messages(await receive(r, r.fifo));
      expect(second.map((x) => x.Body)).toEqual(['A2']);
      // B1's visibility ends undeleted: B1 comes again before B2.
      r.advance(30);
      expect(bodies(await receive(r, r.fifo))).toEqual(['A2', 'B1']);
    }
    // One group alone: the mutant keeps send order.
    const r = reference({ mutant: mutant('fifo-order') });
    await send(r, r.fifo, 'only-1', fifoFields('solo', 'x1'));
    await send(r, r.fifo, 'only-2', fifoFields('solo', 'x2'));
    expect(bodies(await receive(r, r.fifo))).toEqual(['only-1']);
  });

  it('a body with CR, markup and supplementary-plane characters is received byte-exact (mutant message-body-received-intact: U+FFFD for each)', async () => {
    const body = 'line\r\nnext\rend\t& <tag attr="v"> ]]> 😀 𝄞 \u{10FFFF} ä';
    for (const m of [undefined, mutant('message-body-received-intact')]) {
      const r = reference({ ...(m ? { mutant: m } : {}) });
      await send(r, r.standard, body);
      const a = await receive(r, r.standard);
      const [got] = messages(a);
      expect(got!.MD5OfBody).toBe(md5(Buffer.from(body, 'utf8')));
      const raw = Buffer.isBuffer(a.res.body) ? a.res.body : Buffer.from(a.res.body ?? '', 'utf8');
      const encoded = Buffer.from('😀', 'utf8');
      if (m) {
        expect(got!.Body).not.toBe(body);
        expect(raw.includes(encoded)).toBe(false);
        expect(got!.Body).toBe(body.replace(/[\u{10000}-\u{10FFFF}]/gu, '\uFFFD'));
      } else {
        expect(got!.Body).toBe(body);
        expect(raw.includes(encoded)).toBe(true);
        expect(a.text).toContain('line&#xD;\nnext&#xD;end');
        expect(a.text).not.toContain('\r');
      }
    }
  });

  it('attributes are received as sent — custom DataType, binary as base64, the digest over those returned (mutant message-attributes-received-intact: suffix dropped)', async () => {
    const fields: Fields = [
      ['MessageAttribute.1.Name', 'count'],
      ['MessageAttribute.1.Value.DataType', 'Number.int'],
      ['MessageAttribute.1.Value.StringValue', '42'],
      ['MessageAttribute.2.Name', 'blob'],
      ['MessageAttribute.2.Value.DataType', 'Binary'],
      ['MessageAttribute.2.Value.BinaryValue', Buffer.from([0, 1, 2, 255]).toString('base64')],
      ['MessageAttribute.3.Name', 'note.text'],
      ['MessageAttribute.3.Value.DataType', 'String'],
      ['MessageAttribute.3.Value.StringValue', 'a\r&b 😀'],
    ];
    for (const m of [undefined, mutant('message-attributes-received-intact')]) {
      const r = reference({ ...(m ? { mutant: m } : {}) });
      const sent = await send(r, r.standard, 'with attributes', fields);
      const [got] = messages(await receive(r, r.standard, [['MessageAttributeName.1', 'All'], ['VisibilityTimeout', '0']]));
      expect(got!.MD5OfMessageAttributes).toBe(get(sent.tree, 'SendMessageResponse/SendMessageResult/MD5OfMessageAttributes'));
      const byName = Object.fromEntries(got!.messageAttributes.map((a) => [a.Name, a.Value]));
      expect(byName).toEqual({
        count: { DataType: m ? 'Number' : 'Number.int', StringValue: '42' },
        blob: { DataType: 'Binary', BinaryValue: 'AAEC/w==' },
        'note.text': { DataType: 'String', StringValue: 'a\r&b 😀' },
      });
      // The digest a client computes from what it received matches only without the mutant.
      const fromReceived = md5OfMessageAttributes(got!.messageAttributes.map((a) => ({ name: a.Name, dataType: a.Value.DataType, value: a.Value.BinaryValue !== undefined ? new Uint8Array(Buffer.from(a.Value.BinaryValue, 'base64')) : a.Value.StringValue! })));
      expect(fromReceived === got!.MD5OfMessageAttributes).toBe(!m);
      // Filters: a name, a prefix; none asked, none returned.
      const [one] = messages(await receive(r, r.standard, [['MessageAttributeName.1', 'count'], ['VisibilityTimeout', '0']]));
      expect(one!.messageAttributes.map((a) => a.Name)).toEqual(['count']);
      expect(one!.MD5OfMessageAttributes).toBe(md5OfMessageAttributes([{ name: 'count', dataType: 'Number.int', value: '42' }]));
      const [prefixed] = messages(await receive(r, r.standard, [['MessageAttributeName.1', 'note.*'], ['VisibilityTimeout', '0']]));
      expect(prefixed!.messageAttributes.map((a) => a.Name)).toEqual(['note.text']);
      const [bare] = messages(await receive(r, r.standard));
      expect([bare!.messageAttributes, bare!.MD5OfMessageAttributes]).toEqual([[], undefined]);
    }
  });

  it('a list-valued attribute is 400 UnsupportedOperation (mutant unsupported-operation: accepted, the list ignored)', async () => {
    for (const list of ['StringListValue', 'BinaryListValue']) {
      const fields: Fields = [
        ['QueueUrl', ''],
        ['MessageBody', 'listed'],
        ['MessageAttribute.1.Name', 'tags'],
        ['MessageAttribute.1.Value.DataType', 'String'],
        ['MessageAttribute.1.Value.StringValue', 'plain'],
        [`MessageAttribute.1.Value.${list}.1`, list === 'StringListValue' ? 'one' : 'AAE='],
      ];
      const r = reference();
      fields[0]![1] = r.standard;
      const refused = await r.call('SendMessage', fields);
      expect([refused.status, refused.code]).toEqual([400, 'UnsupportedOperation']);
      const mr = reference({ mutant: mutant('unsupported-operation') });
      fields[0]![1] = mr.standard;
      const accepted = await mr.call('SendMessage', fields);
      expect([accepted.status, accepted.code]).toEqual([200, undefined]);
      const [got] = messages(await receive(mr, mr.standard, [['MessageAttributeName.1', 'All']]));
      expect(got!.messageAttributes).toEqual([{ Name: 'tags', Value: { DataType: 'String', StringValue: 'plain' } }]);
    }
  });

  it('a created FIFO queue deduplicates by content when asked, and numbers each group\'s messages increasing', async () => {
    const r = reference();
    const url = await createQueue(r, 'content.fifo', { FifoQueue: 'true', ContentBasedDeduplication: 'true' });
    const a = await send(r, url, 'same body', [['MessageGroupId', 'g']]);
    const b = await send(r, url, 'same body', [['MessageGroupId', 'g']]);
    const c = await send(r, url, 'other body', [['MessageGroupId', 'g']]);
    const seq = (x: Answer): bigint => BigInt(get(x.tree, 'SendMessageResponse/SendMessageResult/SequenceNumber') as string);
    expect(seq(b)).toBe(seq(a));
    expect(seq(c) > seq(a)).toBe(true);
    const [got] = messages(await receive(r, url, [['AttributeName.1', 'MessageDeduplicationId']]));
    expect(got!.attributes).toEqual({ MessageDeduplicationId: createHash('sha256').update('same body').digest('hex') });
    const noGroup = await r.call('SendMessage', [['QueueUrl', url], ['MessageBody', 'x']]);
    expect([noGroup.status, noGroup.code]).toEqual([400, 'MissingParameter']);
  });

  it('a created queue\'s MaximumMessageSize limits body and attributes together', async () => {
    const r = reference();
    const url = await createQueue(r, 'small', { MaximumMessageSize: '1024' });
    expect((await r.call('SendMessage', [['QueueUrl', url], ['MessageBody', 'x'.repeat(1024)]])).status).toBe(200);
    const over = await r.call('SendMessage', [['QueueUrl', url], ['MessageBody', 'x'.repeat(1020)], ['MessageAttribute.1.Name', 'a'], ['MessageAttribute.1.Value.DataType', 'String'], ['MessageAttribute.1.Value.StringValue', 'b']]);
    expect([over.status, over.code]).toEqual([400, 'InvalidParameterValue']);
  });

  it('every companion-observed mutant is one of the handler\'s', () => {
    for (const slug of ['delay-seconds-honoured', 'delay-seconds-default', 'delay-seconds-fifo', 'message-deduplication-id-not-delivered', 'fifo-order', 'message-body-received-intact', 'message-attributes-received-intact', 'unsupported-operation']) {
      expect(yandex.mutants[mutant(slug)], slug).toMatch(/\S/);
    }
  });
});

describe('Yandex companions over HTTP', () => {
  it('the reference in its worker thread serves create → send → receive with its configured folder', async () => {
    const { ref, targets } = await startEmbeddedThread();
    try {
      const target = targets[SPEC]!;
      const call = async (fields: Fields): Promise<{ status: number; text: string }> => {
        const form = fields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
        const wire: WireRequest = { method: 'POST', url: `${ref.url}/`, headers: [['Content-Type', 'application/x-www-form-urlencoded']], body: new TextEncoder().encode(form) };
        const signed = await sign(wire, 'valid', { credentials: target.credentials, now: new Date(), resource: '' });
        const res = await fetch(signed.url, { method: 'POST', headers: signed.headers, body: Buffer.from(signed.body) });
        return { status: res.status, text: await res.text() };
      };
      const created = await call([['Action', 'CreateQueue'], ['Version', '2012-11-05'], ['QueueName', 'over-http']]);
      expect(created.status).toBe(200);
      const url = `${ref.url}${FOLDER}/over-http`;
      expect(created.text).toContain(`<QueueUrl>${url}</QueueUrl>`);
      expect((await call([['Action', 'SendMessage'], ['Version', '2012-11-05'], ['QueueUrl', url], ['MessageBody', 'över 😀']])).status).toBe(200);
      const received = await call([['Action', 'ReceiveMessage'], ['Version', '2012-11-05'], ['QueueUrl', url]]);
      expect(received.text).toContain('<Body>över 😀</Body>');
      expect((await call([['Action', 'ReceiveMessage'], ['Version', '2012-11-05'], ['QueueUrl', target.target.entities['standard-queue']!]])).status).toBe(200);
    } finally {
      await ref.close();
    }
  }, 30_000);
});
