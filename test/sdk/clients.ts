/**
 * The real SDKs driven as their users drive them, configured with the embedded reference's dev
 * credentials and entities (reference/embedded.ts), so every captured request can be replayed to
 * the reference as it is: aws-sdk 2.1490.0 `SQS.sendMessage` (the last v2, query protocol) and
 * @azure/notification-hubs 2.1.0 `sendNotification` with a device handle (a direct send).
 */
import './quiet-aws-sdk.js';
import AWS from 'aws-sdk';
import { createClientContext, sendNotification } from '@azure/notification-hubs/api';
import {
  createAdmNotification,
  createAppleNotification,
  createBaiduNotification,
  createBrowserNotification,
  createFcmLegacyNotification,
  createFcmV1Notification,
  createWindowsRawNotification,
  createWindowsToastNotification,
  createXiaomiNotification,
  type Notification,
} from '@azure/notification-hubs/models';
import { DEV_CREDENTIALS, EMBEDDED_ENTITIES } from '../../reference/embedded.js';
import type { WireRequest } from '../../src/model/request.js';
import { capture } from './capture.js';

/** Where the clients believe they send: the live services' hosts (nock answers; the replay keeps the Host header). */
export const SQS_ORIGIN = 'https://message-queue.api.cloud.yandex.net';
export const NH_ORIGIN = 'https://ruleprobe-ns.servicebus.windows.net';

export const STANDARD_QUEUE_URL = `${SQS_ORIGIN}${EMBEDDED_ENTITIES.standardQueuePath}`;
export const FIFO_QUEUE_URL = `${SQS_ORIGIN}${EMBEDDED_ENTITIES.fifoQueuePath}`;

export interface Capture {
  /** What the client was asked to do, for test names. */
  name: string;
  /** The spec the request belongs to and the entity kind it goes to. */
  specId: string;
  entity: string;
  request: WireRequest;
}

// ---- SQS (aws-sdk v2) --------------------------------------------------------------------------

/** One attribute of each type the SQS API takes, a custom `Number.int` type among them (PROTOCOL-FACTS §2.6). */
export const ATTRIBUTES: AWS.SQS.MessageBodyAttributeMap = {
  color: { DataType: 'String', StringValue: 'blue' },
  Weight: { DataType: 'Number', StringValue: '42.5' },
  blob: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 2, 0xff]) },
  count: { DataType: 'Number.int', StringValue: '7' },
};

interface SqsCase {
  name: string;
  entity: 'standard-queue' | 'fifo-queue';
  params: AWS.SQS.SendMessageRequest;
}

export const SQS_CASES: SqsCase[] = [
  { name: 'standard queue, no attributes', entity: 'standard-queue', params: { QueueUrl: STANDARD_QUEUE_URL, MessageBody: 'Hello from aws-sdk' } },
  {
    name: 'standard queue, String, Number, Binary and Number.int attributes, DelaySeconds',
    entity: 'standard-queue',
    params: { QueueUrl: STANDARD_QUEUE_URL, MessageBody: 'Grüße, 世界 😀', DelaySeconds: 5, MessageAttributes: ATTRIBUTES },
  },
  {
    name: 'FIFO queue, no attributes',
    entity: 'fifo-queue',
    params: { QueueUrl: FIFO_QUEUE_URL, MessageBody: 'Hello from aws-sdk', MessageGroupId: 'group-1', MessageDeduplicationId: 'dedup-1' },
  },
  {
    name: 'FIFO queue, String, Number, Binary and Number.int attributes',
    entity: 'fifo-queue',
    params: { QueueUrl: FIFO_QUEUE_URL, MessageBody: '{"order":17}', MessageGroupId: 'group-1', MessageDeduplicationId: 'dedup-2', MessageAttributes: ATTRIBUTES },
  },
];

const SQS_ANSWER =
  '<SendMessageResponse><SendMessageResult><MD5OfMessageBody>00000000000000000000000000000000</MD5OfMessageBody><MessageId>captured</MessageId></SendMessageResult><ResponseMetadata><RequestId>captured</RequestId></ResponseMetadata></SendMessageResponse>';

export async function captureSqs(): Promise<Capture[]> {
  const sqs = new AWS.SQS({
    endpoint: SQS_ORIGIN,
    region: 'ru-central1',
    accessKeyId: DEV_CREDENTIALS.RULEPROBE_DEV_YMQ_ACCESS_KEY_ID,
    secretAccessKey: DEV_CREDENTIALS.RULEPROBE_DEV_YMQ_SECRET_ACCESS_KEY,
    // Only the answer's digests are checked with this on (nock's answer has none to match); the request is the same.
    computeChecksums: false,
    maxRetries: 0,
  });
  const out: Capture[] = [];
  for (const c of SQS_CASES) {
    const { requests } = await capture(SQS_ORIGIN, () => ({ status: 200, body: SQS_ANSWER, headers: { 'content-type': 'text/xml' } }), () => sqs.sendMessage(c.params).promise());
    if (requests.length !== 1) throw new Error(`${c.name}: ${requests.length} requests captured`);
    out.push({ name: `aws-sdk SQS.sendMessage: ${c.name}`, specId: 'yandex-message-queue/send-message', entity: c.entity, request: requests[0]! });
  }
  return out;
}

// ---- Notification Hubs ------------------------------------------------------------------------

/** A device handle per SDK platform, of the reference's handles' shapes. */
export const DEVICE_HANDLES = {
  apple: 'a'.repeat(64),
  gcm: 'ruleprobe-gcm-registration-id',
  fcmv1: 'ruleprobe-fcmv1-registration-token',
  windows: 'https://db5.notify.windows.com/?token=AwYAAADRuleprobe',
  adm: 'amzn1.adm-registration.v3.ruleprobe',
  baidu: 'ruleprobe-baidu-user-id-channel-id',
  xiaomi: 'ruleprobe-xiaomi-registration-id',
  browser: 'https://fcm.googleapis.com/fcm/send/ruleprobe',
} as const;

interface NhCase {
  name: string;
  notification: Notification;
  deviceHandle: string | { endpoint: string; auth: string; p256dh: string };
}

export const NH_CASES: NhCase[] = [
  { name: 'apple', notification: createAppleNotification({ body: '{"aps":{"alert":"Hello from the SDK"}}' }), deviceHandle: DEVICE_HANDLES.apple },
  { name: 'gcm (FCM legacy)', notification: createFcmLegacyNotification({ body: '{"data":{"message":"Hello from the SDK"}}' }), deviceHandle: DEVICE_HANDLES.gcm },
  { name: 'fcmv1', notification: createFcmV1Notification({ body: '{"message":{"notification":{"title":"Hello","body":"from the SDK"}}}' }), deviceHandle: DEVICE_HANDLES.fcmv1 },
  {
    name: 'windows, XML toast',
    notification: createWindowsToastNotification({ body: '<toast><visual><binding template="ToastText01"><text id="1">Hello from the SDK</text></binding></visual></toast>' }),
    deviceHandle: DEVICE_HANDLES.windows,
  },
  { name: 'windows, raw', notification: createWindowsRawNotification({ body: 'Hello from the SDK, raw' }), deviceHandle: DEVICE_HANDLES.windows },
  { name: 'adm', notification: createAdmNotification({ body: '{"data":{"msg":"Hello from the SDK"}}' }), deviceHandle: DEVICE_HANDLES.adm },
  { name: 'baidu', notification: createBaiduNotification({ body: '{"title":"Hello","description":"from the SDK"}' }), deviceHandle: DEVICE_HANDLES.baidu },
  { name: 'xiaomi', notification: createXiaomiNotification({ body: '{"title":"Hello","description":"from the SDK"}' }), deviceHandle: DEVICE_HANDLES.xiaomi },
  {
    name: 'browser',
    notification: createBrowserNotification({ body: '{"title":"Hello","message":"from the SDK"}' }),
    deviceHandle: { endpoint: DEVICE_HANDLES.browser, auth: 'ruleprobe-auth', p256dh: 'ruleprobe-p256dh' },
  },
];

export const NH_CONNECTION_STRING = `Endpoint=sb://${new URL(NH_ORIGIN).host}/;SharedAccessKeyName=DefaultFullSharedAccessSignature;SharedAccessKey=${DEV_CREDENTIALS.RULEPROBE_DEV_NH_SAS_KEY}`;

export async function captureNotificationHubs(): Promise<Capture[]> {
  const context = createClientContext(NH_CONNECTION_STRING, EMBEDDED_ENTITIES.hub);
  const out: Capture[] = [];
  for (const c of NH_CASES) {
    const location = `${NH_ORIGIN}/${EMBEDDED_ENTITIES.hub}/messages/captured?api-version=2020-06`;
    const { requests } = await capture(NH_ORIGIN, () => ({ status: 201, headers: { location } }), () =>
      sendNotification(context, c.notification, { deviceHandle: c.deviceHandle } as Parameters<typeof sendNotification>[2]),
    );
    if (requests.length !== 1) throw new Error(`${c.name}: ${requests.length} requests captured`);
    out.push({ name: `@azure/notification-hubs sendNotification (direct): ${c.name}`, specId: 'azure-notification-hubs/direct-send', entity: 'hub', request: requests[0]! });
  }
  return out;
}
