/**
 * The embedded reference's Per Message Telemetry (Get Notification Message Telemetry), the
 * companion the direct send's Location header leads to: a send, then a GET of the id the
 * Location carries, through the in-process bridge. Requests are signed here from PROTOCOL-FACTS
 * §4 (HMAC-SHA256 over the encoded resource and expiry), not by the harness's signer.
 */
import { createHmac } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { referenceConfig } from '../../reference/embedded.js';
import { notificationHubs } from '../../reference/notification-hubs.js';
import { DETAILS_NAMESPACE, STATES, STORE_BYTES, STORE_LIMIT } from '../../reference/notification-hubs/telemetry.js';
import { answer } from '../../reference/testing.js';
import type { RefConfig, RefProfile, RefResponse } from '../../reference/types.js';
import type { WireRequest } from '../../src/model/request.js';

const SPEC_ID = 'azure-notification-hubs/direct-send';
const NOW = new Date('2031-05-17T09:30:00.123Z');
const HOST = '127.0.0.1:9';
const HUB = 'ruleprobe-hub';
const TOAST = '<toast><visual><binding template="ToastText01"><text id="1">Hello &amp; bye</text></binding></visual></toast>';

const config = (profile: RefProfile = 'seed', mutant?: string): RefConfig => referenceConfig({ now: () => NOW, profile, ...(mutant ? { mutant } : {}) });

/** A SAS token for http://{HOST}/{hub} (or `resource`), signed with `key`. */
function sas(cfg: RefConfig, resource = `http://${HOST}/${HUB}`, key = cfg.notificationHubs.key): string {
  const sr = encodeURIComponent(resource);
  const se = Math.floor(NOW.getTime() / 1000) + 3600;
  const sig = encodeURIComponent(createHmac('sha256', Buffer.from(key, 'utf8')).update(`${sr}\n${se}`).digest('base64'));
  return `SharedAccessSignature sr=${sr}&sig=${sig}&se=${se}&skn=${cfg.notificationHubs.keyName}`;
}

interface SendOptions {
  format?: string;
  contentType?: string;
  body?: string;
  apiVersion?: string;
}

function sendRequest(cfg: RefConfig, o: SendOptions = {}): WireRequest {
  const version = o.apiVersion ?? '2015-04';
  return {
    method: 'POST',
    url: `http://${HOST}/${HUB}/messages/?direct&api-version=${version}`,
    headers: [
      ['Authorization', sas(cfg)],
      ['Content-Type', o.contentType ?? 'application/xml'],
      ['ServiceBusNotification-Format', o.format ?? 'windows'],
      ['ServiceBusNotification-DeviceHandle', 'https://db3.notify.windows.com/?token=AwYAAAB'],
      ['x-ms-version', version],
    ],
    body: Buffer.from(o.body ?? TOAST, 'utf8'),
  };
}

interface GetOptions {
  authorization?: string | null;
  apiVersion?: string | null;
  xmsVersion?: string | null;
  hub?: string;
}

/** GET /{hub}/messages/{id}?api-version=2016-07 with x-ms-version 2016-07 unless told otherwise. */
function telemetryRequest(cfg: RefConfig, id: string, o: GetOptions = {}): WireRequest {
  const apiVersion = o.apiVersion === undefined ? '2016-07' : o.apiVersion;
  const xmsVersion = o.xmsVersion === undefined ? '2016-07' : o.xmsVersion;
  const authorization = o.authorization === undefined ? sas(cfg) : o.authorization;
  const headers: Array<[string, string]> = [];
  if (authorization !== null) headers.push(['Authorization', authorization]);
  if (xmsVersion !== null) headers.push(['x-ms-version', xmsVersion]);
  return { method: 'GET', url: `http://${HOST}/${o.hub ?? HUB}/messages/${id}${apiVersion === null ? '' : `?api-version=${apiVersion}`}`, headers, body: new Uint8Array() };
}

function headerOf(res: RefResponse, name: string): string | undefined {
  const key = Object.keys(res.headers ?? {}).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : res.headers![key];
}

function bodyText(res: RefResponse): string {
  return res.body === undefined ? '' : Buffer.isBuffer(res.body) ? res.body.toString('utf8') : res.body;
}

/** Sends, expects 201, and returns the id the Location header carries (path segment 3, as the SDK reads it). */
async function sendAndLocate(cfg: RefConfig, o: SendOptions = {}): Promise<{ id: string; location: string }> {
  const res = await answer(cfg, sendRequest(cfg, o));
  expect(res.status, bodyText(res)).toBe(201);
  const location = headerOf(res, 'location')!;
  expect(location).toMatch(/^http:\/\/127\.0\.0\.1:9\/ruleprobe-hub\/messages\/[0-9a-f-]{36}\?api-version=2015-04$/);
  return { id: new URL(location).pathname.split('/')[3]!, location };
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, isArray: (name) => name === 'Outcome' });

type Details = Record<string, unknown>;

function details(res: RefResponse): Details {
  const text = bodyText(res);
  expect(XMLValidator.validate(text)).toBe(true);
  return (parser.parse(text) as Record<string, Details>)['NotificationDetails']!;
}

describe('notification hubs reference: per message telemetry', () => {
  const cfg = config();

  it('answers a GET of the id the Location carried with 200 and the NotificationDetails document', async () => {
    const { id } = await sendAndLocate(cfg);
    const res = await answer(cfg, telemetryRequest(cfg, id));
    expect(res.status, bodyText(res)).toBe(200);
    expect(headerOf(res, 'content-type')).toBe('application/xml; charset=utf-8');
    const d = details(res);
    expect(d['@xmlns']).toBe(DETAILS_NAMESPACE);
    expect(d['@xmlns:i']).toBe('http://www.w3.org/2001/XMLSchema-instance');
    expect(d['NotificationId']).toBe(id);
    expect(d['Location']).toBe(`sb://${HOST}/${HUB}/messages/${id}?api-version=2015-04`);
    expect(d['State']).toBe('Completed');
    expect(STATES).toContain(d['State']);
    expect(d['EnqueueTime']).toBe('2031-05-17T09:30:00Z');
    expect(d['StartTime']).toBe('2031-05-17T09:30:00.1230000Z');
    expect(d['EndTime']).toBe('2031-05-17T09:30:00.1230000Z');
    expect(d['NotificationBody']).toBe(TOAST); // the sent text, escaped once more in the document
    expect(bodyText(res)).toContain('Hello &amp;amp; bye');
    expect(d['TargetPlatforms']).toBe('windows');
    expect(d['WnsOutcomeCounts']).toEqual({ Outcome: [{ Name: 'Success', Count: '1' }] });
    expect(d['PnsErrorDetailsUri']).toBeUndefined();
    // The elements in the page's example order.
    const order = [...bodyText(res).matchAll(/^ {2}<(\w+)>/gm)].map((m) => m[1]);
    expect(order).toEqual(['NotificationId', 'Location', 'State', 'EnqueueTime', 'StartTime', 'EndTime', 'NotificationBody', 'TargetPlatforms', 'WnsOutcomeCounts']);
  });

  it('writes each platform under its PNS element and its TargetPlatforms spelling', async () => {
    const JSON_BODY = '{"data":{"msg":"hi"}}';
    const MPNS = '<wp:Notification xmlns:wp="WPNotification"><wp:Tile><wp:Count>1</wp:Count></wp:Tile></wp:Notification>';
    const cases: Array<[SendOptions, string, string | undefined]> = [
      [{ format: 'apple', contentType: 'application/json;charset=utf-8', body: '{"aps":{"alert":"hi"}}' }, 'apple', 'ApnsOutcomeCounts'],
      [{ format: 'gcm', contentType: 'application/json;charset=utf-8', body: JSON_BODY }, 'gcm', 'GcmOutcomeCounts'],
      [{ format: 'windows phone', contentType: 'application/xml;charset=utf-8', body: MPNS }, 'windowsphone', 'MpnsOutcomeCounts'],
      [{ format: 'windowsphone', contentType: 'application/xml;charset=utf-8', body: MPNS }, 'windowsphone', 'MpnsOutcomeCounts'],
      [{ format: 'adm', contentType: 'application/json', body: JSON_BODY }, 'adm', 'AdmOutcomeCounts'],
      [{ format: 'baidu', contentType: 'application/json', body: JSON_BODY }, 'baidu', undefined],
      [{ format: 'nokiax', contentType: 'application/json', body: JSON_BODY }, 'nokiax', undefined],
    ];
    for (const [send, target, element] of cases) {
      const { id } = await sendAndLocate(cfg, send);
      const d = details(await answer(cfg, telemetryRequest(cfg, id)));
      expect(d['TargetPlatforms'], send.format).toBe(target);
      const counts = Object.keys(d).filter((k) => k.endsWith('OutcomeCounts'));
      expect(counts, send.format).toEqual(element ? [element] : []);
      expect(d['NotificationBody']).toBe(send.body);
    }
  });

  it('follows the Location URL itself (api-version 2015-04, no x-ms-version)', async () => {
    const { location } = await sendAndLocate(cfg);
    const res = await answer(cfg, { method: 'GET', url: location, headers: [['Authorization', sas(cfg)]], body: new Uint8Array() });
    expect(res.status, bodyText(res)).toBe(200);
  });

  it('answers 404 for an id never sent, and for the id of another hub configuration', async () => {
    const res = await answer(cfg, telemetryRequest(cfg, '5a0c1e06-5e51-4b5e-9b4a-2d0b7e0e1f00'));
    expect(res.status).toBe(404);
    expect(headerOf(res, 'content-type')).toBe('application/xml; charset=utf-8');
    const { id } = await sendAndLocate(cfg);
    const other = config();
    expect((await answer(other, telemetryRequest(other, id))).status).toBe(404);
    expect((await answer(cfg, telemetryRequest(cfg, id.toUpperCase()))).status).toBe(404);
  });

  it('answers 401 without a token, with a wrong key, for another hub, expired', async () => {
    const { id } = await sendAndLocate(cfg);
    expect((await answer(cfg, telemetryRequest(cfg, id, { authorization: null }))).status).toBe(401);
    expect((await answer(cfg, telemetryRequest(cfg, id, { authorization: sas(cfg, undefined, 'not-the-key') }))).status).toBe(401);
    expect((await answer(cfg, telemetryRequest(cfg, id, { authorization: sas(cfg, `http://${HOST}/other-hub`) }))).status).toBe(401);
    const late: RefConfig = { ...cfg, now: () => new Date(NOW.getTime() + 2 * 3600 * 1000) };
    expect((await answer(late, telemetryRequest(cfg, id))).status).toBe(401);
    // Authorization comes before the id: an unsigned GET of an unknown id is 401 too.
    expect((await answer(cfg, telemetryRequest(cfg, 'nope', { authorization: null }))).status).toBe(401);
  });

  it('serves api-version and x-ms-version from 2015-01 to 2016-07 (seed), requires api-version, not x-ms-version', async () => {
    const { id } = await sendAndLocate(cfg);
    for (const [v, status] of [['2015-01', 200], ['2015-04', 200], ['2015-08', 200], ['2016-07', 200], ['2014-12', 400], ['2016-08', 400], ['2020-06', 400], ['2016-07-01', 400], ['abc', 400]] as const) {
      expect((await answer(cfg, telemetryRequest(cfg, id, { apiVersion: v }))).status, `api-version ${v}`).toBe(status);
      expect((await answer(cfg, telemetryRequest(cfg, id, { xmsVersion: v }))).status, `x-ms-version ${v}`).toBe(status);
    }
    expect((await answer(cfg, telemetryRequest(cfg, id, { apiVersion: null }))).status).toBe(400);
    expect((await answer(cfg, telemetryRequest(cfg, id, { xmsVersion: null }))).status).toBe(200);
  });

  it('answers 403 on a basic tier hub, which records nothing and sends no Location', async () => {
    const basic: RefConfig = { ...config(), notificationHubs: { ...cfg.notificationHubs, tier: 'basic' } };
    const sent = await answer(basic, sendRequest(basic));
    expect(sent.status).toBe(201);
    expect(headerOf(sent, 'location')).toBeUndefined();
    const res = await answer(basic, telemetryRequest(basic, '5a0c1e06-5e51-4b5e-9b4a-2d0b7e0e1f00'));
    expect(res.status).toBe(403);
    expect(bodyText(res)).toContain('not enabled for your SKU');
    // Authorization still comes first.
    expect((await answer(basic, telemetryRequest(basic, 'x', { authorization: null }))).status).toBe(401);
  });

  it('keeps the last sends only: the oldest go once the bodies pass the byte budget', async () => {
    const small = config();
    const JSON_BODY = `{"data":{"msg":"${'x'.repeat(60_000)}"}}`;
    const first = await sendAndLocate(small, { format: 'adm', contentType: 'application/json', body: JSON_BODY });
    const count = Math.ceil(STORE_BYTES / JSON_BODY.length);
    let last = first;
    for (let i = 0; i < count; i++) last = await sendAndLocate(small, { format: 'adm', contentType: 'application/json', body: JSON_BODY });
    expect((await answer(small, telemetryRequest(small, first.id))).status).toBe(404);
    expect((await answer(small, telemetryRequest(small, last.id))).status).toBe(200);
    expect(STORE_LIMIT).toBeGreaterThanOrEqual(1000);
  });
});

describe('notification hubs reference: per message telemetry, live profile', () => {
  const cfg = config('live');

  it('serves the SDK version 2020-06 and the page version 2016-07, and a namespace-root token', async () => {
    const { id } = await sendAndLocate(cfg, { apiVersion: '2020-06' });
    for (const [v, status] of [['2020-06', 200], ['2016-07', 200], ['2015-04', 200], ['2015-01', 200], ['2015-08', 200], ['2015-03', 400], ['2016-06', 400]] as const) {
      expect((await answer(cfg, telemetryRequest(cfg, id, { apiVersion: v, xmsVersion: v }))).status, v).toBe(status);
    }
    const root = await answer(cfg, telemetryRequest(cfg, id, { authorization: sas(cfg, `https://${HOST}/`) }));
    expect(root.status, bodyText(root)).toBe(200);
    expect(details(root)['NotificationId']).toBe(id);
    expect((await answer(cfg, telemetryRequest(cfg, id, { authorization: sas(cfg, `http://${HOST}/other-hub`) }))).status).toBe(401);
  });
});

describe('notification hubs reference: which telemetry requests it claims', () => {
  const cfg = config();
  const wire = (method: string, path: string): WireRequest => ({ method, url: `http://${HOST}${path}`, headers: [], body: new Uint8Array() });
  const ref = (w: WireRequest) => {
    const url = new URL(w.url);
    return { method: w.method, rawPath: url.pathname, rawQuery: url.search.slice(1), host: url.host, headers: {}, body: Buffer.alloc(0) };
  };

  it('claims GET /{hub}/messages/{id} for a configured hub only, and never the direct-send POST', () => {
    expect(notificationHubs.matches(ref(wire('GET', `/${HUB}/messages/abc?api-version=2016-07`)), cfg)).toBe(true);
    expect(notificationHubs.matches(ref(wire('GET', `/${HUB}/messages/`)), cfg)).toBe(false);
    expect(notificationHubs.matches(ref(wire('GET', `/${HUB}/messages/a/b`)), cfg)).toBe(false);
    expect(notificationHubs.matches(ref(wire('GET', '/orders/messages/abc')), cfg)).toBe(false);
    expect(notificationHubs.matches(ref(wire('DELETE', `/${HUB}/messages/abc`)), cfg)).toBe(false);
  });

  it('still serves the direct send at POST /{hub}/messages/?direct', async () => {
    expect((await answer(cfg, sendRequest(cfg))).status).toBe(201);
  });
});

describe('notification hubs reference: the telemetry mutants', () => {
  it('names both mutants by rule ids of the direct-send spec, each described', () => {
    for (const slug of ['location-telemetry', 'telemetry-response-body']) {
      expect(notificationHubs.mutants[`${SPEC_ID}/${slug}`], slug).toMatch(/\w/);
    }
  });

  it('location-telemetry: the Location keeps its documented format, but its id has no telemetry (404)', async () => {
    const cfg = config('seed', `${SPEC_ID}/location-telemetry`);
    const { id } = await sendAndLocate(cfg);
    expect((await answer(cfg, telemetryRequest(cfg, id))).status).toBe(404);
  });

  it('telemetry-response-body: State is "Done", a value the page does not list; the rest is right', async () => {
    const cfg = config('seed', `${SPEC_ID}/telemetry-response-body`);
    const { id } = await sendAndLocate(cfg);
    const res = await answer(cfg, telemetryRequest(cfg, id));
    expect(res.status).toBe(200);
    expect(headerOf(res, 'content-type')).toBe('application/xml; charset=utf-8');
    const d = details(res);
    expect(d['State']).toBe('Done');
    expect(STATES).not.toContain(d['State']);
    expect(d['NotificationId']).toBe(id);
    expect(d['@xmlns']).toBe(DETAILS_NAMESPACE);
  });

  it('neither mutant changes the direct send itself', async () => {
    for (const slug of ['location-telemetry', 'telemetry-response-body']) {
      const cfg = config('seed', `${SPEC_ID}/${slug}`);
      const res = await answer(cfg, sendRequest(cfg));
      expect(res.status, slug).toBe(201);
      expect(headerOf(res, 'content-type')).toBe('application/xml; charset=utf-8');
      expect(bodyText(res)).toBe('');
    }
  });
});
