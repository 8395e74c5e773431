/**
 * Real client requests, not written by this project: aws-sdk 2.1490.0 `SQS.sendMessage` and
 * @azure/notification-hubs 2.1.0 direct sends, captured with nock exactly as sent. Each capture
 * is (1) pinned where the SDK is deterministic, (2) judged by the spec's request rules — every
 * deviation from the seed named with its rule, and every reading the judgement used named — and
 * (3) replayed byte for byte to the embedded reference under the `live` profile (the live
 * service's behaviour, which these clients are written for), which must accept it with the
 * documented success status.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devReferenceConfig, targetsFor } from '../../reference/embedded.js';
import { startReference, type RunningReference } from '../../reference/server.js';
import { loadAllSpecs } from '../../specs/loader.js';
import { withProfile } from '../../specs/profile.js';
import { judgeRequest } from '../../src/judge/index.js';
import type { RuleSet } from '../../src/model/rule.js';
import { captureNotificationHubs, captureSqs, FIFO_QUEUE_URL, NH_CASES, NH_ORIGIN, SQS_CASES, STANDARD_QUEUE_URL, type Capture } from './clients.js';
import { replay } from './replay.js';

const SPECS = loadAllSpecs();
const specOf = (id: string): RuleSet => SPECS.find((s) => s.specId === id)!;
const text = (c: Capture): string => Buffer.from(c.request.body).toString('utf8');
const header = (c: Capture, name: string): string | undefined => c.request.headers.find(([n]) => n.toLowerCase() === name)?.[1];

let sqs: Capture[] = [];
let nh: Capture[] = [];

beforeAll(async () => {
  sqs = await captureSqs();
  nh = await captureNotificationHubs();
}, 60_000);

const enc = encodeURIComponent;
const ATTRIBUTE_FIELDS =
  'MessageAttribute.1.Name=color&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=blue' +
  '&MessageAttribute.2.Name=Weight&MessageAttribute.2.Value.DataType=Number&MessageAttribute.2.Value.StringValue=42.5' +
  '&MessageAttribute.3.Name=blob&MessageAttribute.3.Value.BinaryValue=AAEC%2Fw%3D%3D&MessageAttribute.3.Value.DataType=Binary' +
  '&MessageAttribute.4.Name=count&MessageAttribute.4.Value.DataType=Number.int&MessageAttribute.4.Value.StringValue=7';

describe('captures of aws-sdk 2.1490.0 SQS.sendMessage', () => {
  it('sends one signed form POST to / per call, parameters sorted by name, spaces as %20', () => {
    expect(sqs.map((c) => c.name)).toEqual(SQS_CASES.map((c) => `aws-sdk SQS.sendMessage: ${c.name}`));
    for (const c of sqs) {
      expect(c.request.method).toBe('POST');
      expect(c.request.url).toBe('https://message-queue.api.cloud.yandex.net/');
      expect(header(c, 'content-type')).toBe('application/x-www-form-urlencoded; charset=utf-8');
      expect(header(c, 'authorization')).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDRULEPROBEDEV\/\d{8}\/ru-central1\/sqs\/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/);
      expect(header(c, 'content-length')).toBe(String(c.request.body.length));
      expect(c.request.headers.map(([n]) => n).sort()).toEqual(['authorization', 'connection', 'content-length', 'content-type', 'host', 'user-agent', 'x-amz-content-sha256', 'x-amz-date']);
    }
    expect(sqs.map(text)).toEqual([
      `Action=SendMessage&MessageBody=Hello%20from%20aws-sdk&QueueUrl=${enc(STANDARD_QUEUE_URL)}&Version=2012-11-05`,
      `Action=SendMessage&DelaySeconds=5&${ATTRIBUTE_FIELDS}&MessageBody=Gr%C3%BC%C3%9Fe%2C%20%E4%B8%96%E7%95%8C%20%F0%9F%98%80&QueueUrl=${enc(STANDARD_QUEUE_URL)}&Version=2012-11-05`,
      `Action=SendMessage&MessageBody=Hello%20from%20aws-sdk&MessageDeduplicationId=dedup-1&MessageGroupId=group-1&QueueUrl=${enc(FIFO_QUEUE_URL)}&Version=2012-11-05`,
      `Action=SendMessage&${ATTRIBUTE_FIELDS}&MessageBody=%7B%22order%22%3A17%7D&MessageDeduplicationId=dedup-2&MessageGroupId=group-1&QueueUrl=${enc(FIFO_QUEUE_URL)}&Version=2012-11-05`,
    ]);
  });
});

describe('captures of @azure/notification-hubs 2.1.0 direct sends', () => {
  it('POST /{hub}/messages/?api-version=2020-06&direct=true with x-ms-version 2020-06 and a SAS token for the namespace root', () => {
    expect(nh.map((c) => c.name)).toEqual(NH_CASES.map((c) => `@azure/notification-hubs sendNotification (direct): ${c.name}`));
    for (const c of nh) {
      expect(c.request.method).toBe('POST');
      expect(c.request.url).toBe(`${NH_ORIGIN}/ruleprobe-hub/messages/?api-version=2020-06&direct=true`);
      expect(header(c, 'x-ms-version')).toBe('2020-06');
      expect(header(c, 'authorization')).toMatch(/^SharedAccessSignature sr=https%3A%2F%2Fruleprobe-ns\.servicebus\.windows\.net%2F&sig=[A-Za-z0-9%]+&se=\d+&skn=DefaultFullSharedAccessSignature$/);
      expect(header(c, 'content-length')).toBe(String(c.request.body.length));
    }
  });

  it('names each platform as the SDK does, with its Content-Type, X-WNS-Type and body', () => {
    expect(nh.map((c) => [header(c, 'servicebusnotification-format'), header(c, 'content-type'), header(c, 'x-wns-type') ?? null, text(c)])).toEqual([
      ['apple', 'application/json;charset=utf-8', null, '{"aps":{"alert":"Hello from the SDK"}}'],
      ['gcm', 'application/json;charset=utf-8', null, '{"data":{"message":"Hello from the SDK"}}'],
      ['fcmv1', 'application/json;charset=utf-8', null, '{"message":{"notification":{"title":"Hello","body":"from the SDK"}}}'],
      ['windows', 'application/xml', 'wns/toast', '<toast><visual><binding template="ToastText01"><text id="1">Hello from the SDK</text></binding></visual></toast>'],
      ['windows', 'application/octet-stream', 'wns/raw', 'Hello from the SDK, raw'],
      ['adm', 'application/json;charset=utf-8', null, '{"data":{"msg":"Hello from the SDK"}}'],
      ['baidu', 'application/json;charset=utf-8', null, '{"title":"Hello","description":"from the SDK"}'],
      ['xiaomi', 'application/json;charset=utf-8', null, '{"title":"Hello","description":"from the SDK"}'],
      ['browser', 'application/json;charset=utf-8', null, '{"title":"Hello","message":"from the SDK"}'],
    ]);
    expect(header(nh[8]!, 'auth')).toBe('ruleprobe-auth');
    expect(header(nh[8]!, 'p256dh')).toBe('ruleprobe-p256dh');
  });
});

/** Violated rule ids (slugs) of a judgement, and the rules met only under a named reading. */
function judged(c: Capture, profile?: string): { violated: string[]; readings: string[]; auth: string } {
  const set = profile === undefined ? specOf(c.specId) : withProfile(specOf(c.specId), profile);
  // The captures replay to the reference's default targets, whose FIFO queue has content-based deduplication off.
  const targetOptions: Record<string, string> = Object.hasOwn(set.operation.targetOptions, 'contentBasedDeduplication') ? { contentBasedDeduplication: 'off' } : {};
  const j = judgeRequest(set, c.request, { entity: c.entity, targetOptions, ...(profile !== undefined ? { profile } : {}) });
  expect(j.profile).toBe(profile);
  const slug = (id: string): string => id.slice(c.specId.length + 1);
  return {
    violated: j.rules.filter((r) => r.verdict === 'violated').map((r) => slug(r.ruleId)),
    readings: j.rules.filter((r) => r.verdict === 'met' && r.reading !== undefined).map((r) => `${slug(r.ruleId)}: ${r.reading}`),
    auth: `${j.auth.verdict}: ${j.auth.detail}`,
  };
}

describe('the captures judged by the shipped (seed) specs', () => {
  const SIGV4 = 'met: an AWS4-HMAC-SHA256 signature for ru-central1/sqs, signing host;x-amz-content-sha256;x-amz-date';

  it('SQS: valid, except the custom Number.int attribute type, which the seed does not list (String, Number, Binary)', () => {
    expect(sqs.map((c) => judged(c))).toEqual([
      { violated: [], readings: [], auth: SIGV4 },
      { violated: ['message-attribute-value-data-type-unlisted'], readings: [], auth: SIGV4 },
      { violated: [], readings: [], auth: SIGV4 },
      { violated: ['message-attribute-value-data-type-unlisted'], readings: [], auth: SIGV4 },
    ]);
    // Judged under the reference's contentBasedDeduplication: off, the FIFO sends' deduplication id is required, and there.
    const dedup = (c: Capture) => judgeRequest(specOf(c.specId), c.request, { entity: c.entity, targetOptions: { contentBasedDeduplication: 'off' } }).rules.find((r) => r.ruleId.endsWith('/message-deduplication-id-required'))!;
    expect(sqs.map((c) => [dedup(c).verdict, dedup(c).detail])).toEqual([
      ['not-applicable', 'the rule is for fifo-queue, the request goes to standard-queue'],
      ['not-applicable', 'the rule is for fifo-queue, the request goes to standard-queue'],
      ['met', 'MessageDeduplicationId is present'],
      ['met', 'MessageDeduplicationId is present'],
    ]);
  });

  it('Notification Hubs: direct=true met under the either-of reading valued, raw WNS as the wns-raw variation; version 2020-06 and the formats the seed does not list violate', () => {
    const SAS = 'met: a SharedAccessSignature token whose sr (https:) names the namespace root, which contains the resource, rule DefaultFullSharedAccessSignature';
    const versions = ['x-ms-version-value', 'api-version-value'];
    const direct = 'direct-flag: valued';
    expect(nh.map((c) => judged(c))).toEqual([
      { violated: versions, readings: [direct], auth: SAS },
      { violated: versions, readings: [direct], auth: SAS },
      { violated: ['format-unlisted', ...versions], readings: [direct], auth: SAS },
      { violated: versions, readings: [direct], auth: SAS },
      { violated: versions, readings: ['content-type-by-format: wns-raw', 'content-type-mismatch: wns-raw', direct], auth: SAS },
      { violated: versions, readings: [direct], auth: SAS },
      { violated: versions, readings: [direct], auth: SAS },
      { violated: ['format-unlisted', ...versions], readings: [direct], auth: SAS },
      { violated: ['format-unlisted', ...versions], readings: [direct], auth: SAS },
    ]);
  });
});

describe('the captures judged by the specs under the live profile', () => {
  const SIGV4 = 'met: an AWS4-HMAC-SHA256 signature for ru-central1/sqs, signing host;x-amz-content-sha256;x-amz-date';
  const SAS = 'met: a SharedAccessSignature token whose sr (https:) names the namespace root, which contains the resource, rule DefaultFullSharedAccessSignature';

  it('SQS: the custom Number.int type still violates data-type-unlisted (SHOULD); the live profile lists String, Number, Binary too', () => {
    expect(sqs.map((c) => judged(c, 'live').violated)).toEqual([[], ['message-attribute-value-data-type-unlisted'], [], ['message-attribute-value-data-type-unlisted']]);
    expect(sqs.map((c) => judged(c, 'live').auth)).toEqual(sqs.map(() => SIGV4));
  });

  it('Notification Hubs: every send of a documented platform is valid (2020-06 is a live version); fcmv1, xiaomi and browser still violate format-unlisted', () => {
    const direct = 'direct-flag: valued';
    const unlisted = { violated: ['format-unlisted'], readings: [direct], auth: SAS };
    const valid = { violated: [], readings: [direct], auth: SAS };
    expect(nh.map((c) => judged(c, 'live'))).toEqual([
      valid,
      valid,
      unlisted,
      valid,
      { violated: [], readings: ['content-type-by-format: wns-raw', 'content-type-mismatch: wns-raw', direct], auth: SAS },
      valid,
      valid,
      unlisted,
      unlisted,
    ]);
  });
});

describe('the captures replayed to the embedded reference', () => {
  let seed: RunningReference;
  let live: RunningReference;

  beforeAll(async () => {
    const seedCfg = devReferenceConfig();
    seed = await startReference(seedCfg);
    targetsFor(seed.url, seedCfg);
    const liveCfg = devReferenceConfig({ profile: 'live' });
    live = await startReference(liveCfg);
    targetsFor(live.url, liveCfg);
  });
  afterAll(async () => {
    await seed.close();
    await live.close();
  });

  it('seed profile: SQS sends get 200; every Notification Hubs send gets 401, its token being for the namespace root over https', async () => {
    const answers = await Promise.all([...sqs, ...nh].map((c) => replay(c.request, seed.url)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, ...nh.map(() => 401)]);
    expect(answers[4]!.body).toBe(
      '<Error><Code>401</Code><Detail>Authorization failure: the token is for https://ruleprobe-ns.servicebus.windows.net/, not http://ruleprobe-ns.servicebus.windows.net/ruleprobe-hub.</Detail></Error>',
    );
  });

  it('live profile: every SQS send gets 200, every Notification Hubs send of a documented platform 201; fcmv1, xiaomi and browser, which no document lists, 400', async () => {
    const all = [...sqs, ...nh];
    const answers = await Promise.all(all.map((c) => replay(c.request, live.url)));
    const unknown = (format: string): string =>
      `<Error><Code>400</Code><Detail>The ServiceBusNotification-Format &quot;${format}&quot; is not a platform (windows, apple, gcm, windows phone, adm, nokiax, baidu, windowsphone).</Detail></Error>`;
    expect(answers.map((a, i) => [all[i]!.name, a.status, a.status >= 300 ? a.body : ''])).toEqual([
      ...sqs.map((c) => [c.name, 200, '']),
      ...nh.map((c) => {
        const format = header(c, 'servicebusnotification-format')!;
        return ['fcmv1', 'xiaomi', 'browser'].includes(format) ? [c.name, 400, unknown(format)] : [c.name, 201, ''];
      }),
    ]);
    expect(answers.filter((a) => a.status === 201).map((a) => a.headers['location'])).toEqual(
      nh.filter((c) => !['fcmv1', 'xiaomi', 'browser'].includes(header(c, 'servicebusnotification-format')!)).map(() => expect.stringMatching(/^http:\/\/ruleprobe-ns\.servicebus\.windows\.net\/ruleprobe-hub\/messages\/[0-9a-f-]{36}\?api-version=20\d\d-\d\d$/)),
    );
  });
});
