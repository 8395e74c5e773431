/**
 * The reference's live mode (`profile: 'live'`), exact statuses per operation: what the live
 * services answer (PROTOCOL-FACTS §1.6, §2.4–2.8, §3.2, §4) and what the real SDKs send.
 * Requests are built here by hand (SAS tokens computed from §4, not by the harness's signer),
 * except SigV4, which the harness's signer computes.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EMBEDDED_ENTITIES, referenceConfig, referenceProfiles, targetsFor } from '../../reference/embedded.js';
import { route } from '../../reference/server.js';
import { wireToRef } from '../../reference/testing.js';
import type { RefConfig, RefRequest } from '../../reference/types.js';
import type { WireRequest } from '../../src/model/request.js';
import { sign } from '../../src/sign/schemes/sigv4/index.js';

const NOW = new Date('2025-03-01T12:00:00Z');
const HOST = '127.0.0.1:8080';
const SE = String(Math.floor(NOW.getTime() / 1000) + 3600);

function sasToken(resource: string, key: string, keyName: string, se = SE): string {
  const sr = encodeURIComponent(resource.toLowerCase());
  const sig = createHmac('sha256', Buffer.from(key, 'utf8')).update(`${sr}\n${se}`, 'utf8').digest('base64');
  return `SharedAccessSignature sr=${sr}&sig=${encodeURIComponent(sig)}&se=${se}&skn=${keyName}`;
}

function request(path: string, query: string, headers: Record<string, string>, body = ''): RefRequest {
  return { method: 'POST', rawPath: path, rawQuery: query, host: HOST, headers: { host: HOST, ...headers }, body: Buffer.from(body, 'utf8') };
}

describe('reference profiles', () => {
  it('referenceConfig({ profile }) sets every operation, or one per operation', () => {
    const live = referenceConfig({ profile: 'live' });
    expect([live.serviceBus.profile, live.yandex.profile, live.notificationHubs.profile]).toEqual(['live', 'live', 'live']);
    const seed = referenceConfig();
    expect([seed.serviceBus.profile, seed.yandex.profile, seed.notificationHubs.profile]).toEqual(['seed', 'seed', 'seed']);
    const mixed = referenceConfig({ profile: { yandex: 'live' } });
    expect([mixed.serviceBus.profile, mixed.yandex.profile, mixed.notificationHubs.profile]).toEqual(['seed', 'live', 'seed']);
  });

  it('maps a run\'s profile per spec to the operations (other names serve seed)', () => {
    expect(referenceProfiles({ 'azure-service-bus/send-message': 'live', 'yandex-message-queue/send-message': 'mine' })).toEqual({ serviceBus: 'live', yandex: 'seed', notificationHubs: 'seed' });
  });

  it('hands out SAS credentials and a queue for live Service Bus, WRAP for seed', () => {
    const live = targetsFor('http://127.0.0.1:1', referenceConfig({ profile: 'live' }))['azure-service-bus/send-message']!;
    expect(live.credentials).toMatchObject({ scheme: 'sas', keyName: 'RootManageSharedAccessKey' });
    expect(live.target.entities).toEqual({ topic: EMBEDDED_ENTITIES.topic, queue: EMBEDDED_ENTITIES.queue });
    const seed = targetsFor('http://127.0.0.1:1', referenceConfig())['azure-service-bus/send-message']!;
    expect(seed.credentials).toMatchObject({ scheme: 'wrap' });
  });
});

describe('live Service Bus (PROTOCOL-FACTS §1.2, §1.6, §4)', () => {
  const cfg: RefConfig = { ...referenceConfig({ profile: 'live' }), now: () => NOW };
  const { keyName, key } = cfg.serviceBus.sas;
  const namespaceToken = sasToken(`http://${HOST}/`, key, keyName);
  const send = (path: string, headers: Record<string, string>, body = 'This is a message.') => route(request(path, '', headers, body), cfg);

  it('answers a raw SAS-signed send 201 with no body, to a queue and to a topic', async () => {
    for (const entity of [EMBEDDED_ENTITIES.queue, EMBEDDED_ENTITIES.topic]) {
      const res = await send(`/${entity}/messages`, { authorization: sasToken(`http://${HOST}/${entity}`, key, keyName), 'content-type': 'text/plain' });
      expect([res.status, res.body]).toEqual([201, undefined]);
      expect(res.headers?.['content-type']).toBe('application/xml; charset=utf-8');
    }
  });

  it('takes any content type and a BrokerProperties object', async () => {
    const res = await send(`/${EMBEDDED_ENTITIES.queue}/messages`, { authorization: namespaceToken, 'content-type': 'application/json', brokerproperties: '{"Label":"M1","TimeToLive":10}' }, '{"a":1}');
    expect(res.status).toBe(201);
    const bad = await send(`/${EMBEDDED_ENTITIES.queue}/messages`, { authorization: namespaceToken, 'content-type': 'text/plain', brokerproperties: 'Label=M1' });
    expect(bad.status).toBe(400);
  });

  it('answers 410 for a missing entity when the token covers it, 401 when it does not', async () => {
    expect((await send('/no-such-queue/messages', { authorization: namespaceToken, 'content-type': 'text/plain' })).status).toBe(410);
    const otherEntityToken = sasToken(`http://${HOST}/${EMBEDDED_ENTITIES.queue}`, key, keyName);
    expect((await send('/no-such-queue/messages', { authorization: otherEntityToken, 'content-type': 'text/plain' })).status).toBe(401);
  });

  it('refuses WRAP, a wrong key, an expired token and another entity\'s token with 401', async () => {
    const path = `/${EMBEDDED_ENTITIES.topic}/messages`;
    const resource = `http://${HOST}/${EMBEDDED_ENTITIES.topic}`;
    for (const authorization of [
      'WRAP access_token="net.windows.servicebus.action=Send&HMACSHA256=abc"',
      sasToken(resource, `${key}x`, keyName),
      sasToken(resource, key, keyName, String(Math.floor(NOW.getTime() / 1000) - 60)),
      sasToken(`http://${HOST}/${EMBEDDED_ENTITIES.queue}`, key, keyName),
      sasToken(resource, key, 'OtherRule'),
    ]) {
      expect((await send(path, { authorization, 'content-type': 'text/plain' })).status).toBe(401);
    }
    expect((await send(path, { 'content-type': 'text/plain' })).status).toBe(401);
  });

  it('answers 403 for a message over 256 KB and never 409', async () => {
    const res = await send(`/${EMBEDDED_ENTITIES.topic}/messages`, { authorization: namespaceToken, 'content-type': 'application/octet-stream' }, 'x'.repeat(256 * 1024 + 1));
    expect(res.status).toBe(403);
  });

  it('leaves the seed profile as it was: a SAS token gets 401 there', async () => {
    const seed: RefConfig = { ...referenceConfig(), now: () => NOW };
    const res = await route(request(`/${EMBEDDED_ENTITIES.topic}/messages`, '', { authorization: sasToken(`http://${HOST}/`, seed.serviceBus.sas.key, seed.serviceBus.sas.keyName), 'content-type': 'text/plain' }), seed);
    expect(res.status).toBe(401);
  });
});

describe('live Notification Hubs (PROTOCOL-FACTS §3.2, §4; @azure/notification-hubs 2.1.0)', () => {
  const cfg: RefConfig = { ...referenceConfig({ profile: 'live' }), now: () => NOW };
  const { keyName, key } = cfg.notificationHubs;
  const hub = EMBEDDED_ENTITIES.hub;
  const toast = '<toast><visual><binding template="ToastText01"><text id="1">Hi</text></binding></visual></toast>';
  const sdkRequest = (authorization: string, version = '2020-06', query = `api-version=${version}&direct=true`): RefRequest =>
    request(`/${hub}/messages/`, query, {
      authorization,
      'content-type': 'application/xml',
      'servicebusnotification-format': 'windows',
      'servicebusnotification-devicehandle': 'https://db5.notify.windows.com/?token=AwYAAAD',
      'x-wns-type': 'wns/toast',
      'x-ms-version': version,
    }, toast);

  it('accepts the SDK\'s request: direct=true, 2020-06 and a namespace-root SAS token (201)', async () => {
    const res = await route(sdkRequest(sasToken(`http://${HOST}/`, key, keyName)), cfg);
    expect(res.status).toBe(201);
  });

  it('accepts a token for the hub itself and the seed\'s bare ?direct with 2015-04', async () => {
    const res = await route(sdkRequest(sasToken(`http://${HOST}/${hub}`, key, keyName), '2015-04', 'direct&api-version=2015-04'), cfg);
    expect(res.status).toBe(201);
  });

  it('refuses a token for another hub (401), and a version no document names (400)', async () => {
    expect((await route(sdkRequest(sasToken(`http://${HOST}/other-hub`, key, keyName)), cfg)).status).toBe(401);
    expect((await route(sdkRequest(sasToken(`http://${HOST}/`, key, keyName), '2015-08'), cfg)).status).toBe(201);
    expect((await route(sdkRequest(sasToken(`http://${HOST}/`, key, keyName), '2019-06'), cfg)).status).toBe(400);
    expect((await route(sdkRequest(sasToken(`http://${HOST}/`, key, keyName), '2021-01'), cfg)).status).toBe(400);
    expect((await route(sdkRequest(sasToken(`http://${HOST}/`, key, keyName), '2014-09'), cfg)).status).toBe(400);
  });

  it('the seed profile refuses 2020-06 (400)', async () => {
    const seed: RefConfig = { ...referenceConfig(), now: () => NOW };
    const res = await route(sdkRequest(sasToken(`http://${HOST}/${hub}`, seed.notificationHubs.key, seed.notificationHubs.keyName)), seed);
    expect(res.status).toBe(400);
  });
});

describe('live Yandex Message Queue (PROTOCOL-FACTS §2.4–2.8)', () => {
  const cfg: RefConfig = { ...referenceConfig({ profile: 'live' }), now: () => NOW };
  const url = 'http://127.0.0.1:8080';
  const spec = targetsFor(url, cfg)['yandex-message-queue/send-message']!;
  const queue = `${url}${EMBEDDED_ENTITIES.standardQueuePath}`;
  async function call(form: string, variant: 'valid' | 'bad-signature' = 'valid') {
    const wire: WireRequest = { method: 'POST', url: `${url}/`, headers: [['Host', '127.0.0.1:8080'], ['Content-Type', 'application/x-www-form-urlencoded; charset=utf-8']], body: Buffer.from(form, 'utf8') };
    return route(wireToRef(await sign(wire, variant, { credentials: spec.credentials, now: NOW, resource: '' })), cfg);
  }
  const base = `Action=SendMessage&Version=2012-11-05&QueueUrl=${encodeURIComponent(queue)}`;

  it('answers a send 200 with an XML declaration', async () => {
    const res = await call(`${base}&MessageBody=Hello+world`);
    expect(res.status).toBe(200);
    expect(String(res.body)).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<SendMessageResponse><SendMessageResult><MD5OfMessageBody>3e25960a79dbc69b674cd4ec67a72c62<\/MD5OfMessageBody>/);
  });

  it('answers a forbidden character 400 InvalidParameterValue, in an error without <Type>', async () => {
    const res = await call(`${base}&MessageBody=a%01b`);
    expect(res.status).toBe(400);
    expect(String(res.body)).toMatch(/^<\?xml[^>]*\?>\n<ErrorResponse><Error><Message>Message body validation failed: [^<]*<\/Message><Code>InvalidParameterValue<\/Code><\/Error><RequestId>[^<]+<\/RequestId><\/ErrorResponse>$/);
  });

  it('answers a signature mismatch 403 InvalidClientTokenId', async () => {
    const res = await call(`${base}&MessageBody=x`, 'bad-signature');
    expect(res.status).toBe(403);
    expect(String(res.body)).toContain('<Code>InvalidClientTokenId</Code>');
  });

  it('counts body and attributes together toward 262144 bytes (as the seed profile does, after YC-MAV)', async () => {
    const body = 'a'.repeat(262_144 - 10);
    const attr = '&MessageAttribute.1.Name=n&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=0123456789';
    const res = await call(`${base}&MessageBody=${body}${attr}`);
    expect(res.status).toBe(400);
    expect(String(res.body)).toContain('<Code>InvalidParameterValue</Code>');
    expect(String(res.body)).toContain('Message must be shorter than 262144 bytes.');
    const under = await call(`${base}&MessageBody=${'a'.repeat(262_144 - 40)}${attr}`);
    expect(under.status).toBe(200);
  });

  it('answers a FIFO send without MessageGroupId 400 MissingParameter', async () => {
    const fifo = `${url}${EMBEDDED_ENTITIES.fifoQueuePath}`;
    const res = await call(`Action=SendMessage&Version=2012-11-05&QueueUrl=${encodeURIComponent(fifo)}&MessageBody=x&MessageDeduplicationId=d1`);
    expect(res.status).toBe(400);
    expect(String(res.body)).toContain('<Code>MissingParameter</Code>');
  });
});
