/**
 * Azure Notification Hubs — Per Message Telemetry: Get Notification Message Telemetry, the
 * companion the seed's Location header row links to (NH-TEL, tongwu-msft/azure-rest-api-specs
 * docs-ref-conceptual/notificationhubs/get-notification-message-telemetry.md; facts and their
 * sources in /work/notes/telemetry-facts.md):
 *
 *   GET /{hub}/messages/{notification message id}?api-version=2016-07
 *   Authorization: SharedAccessSignature …
 *   x-ms-version: 2016-07 (Supported by 2015-01 or later)
 *
 *   → 200, Content-Type: application/xml; charset=utf-8, a NotificationDetails document;
 *     400 malformed, 401 authorization, 403 not a Standard tier hub, 404 telemetry does not exist.
 *
 * This file holds what the telemetry needs: the store of the direct sends a Standard tier hub
 * accepted, the versions served and the NotificationDetails body. The route itself lives beside
 * the direct send in reference/notification-hubs.ts, which owns the shared URI, SAS and error
 * handling.
 *
 * Where the page is silent the reference chooses, and says so here:
 *  - telemetry exists as soon as the 201 is sent (the page's "not progressed far enough" 404
 *    window is not modelled), and the last STORE_LIMIT sends per hub configuration are kept,
 *    at most STORE_BYTES of bodies (the page gives no retention);
 *  - the reference contacts no PNS, so a send is processed at once: State Completed,
 *    EnqueueTime = StartTime = EndTime = the server's clock at the send, and one Outcome
 *    `Success` with Count 1 (a direct send targets one device handle) under the element of the
 *    platform's PNS; baidu and nokiax have no element on the page, so none is written for them;
 *    no PnsErrorDetailsUri ("If no errors were reported by a PNS, this member will not be
 *    included");
 *  - TargetPlatforms spells the format as the page lists it (`windowsphone` for either MPNS
 *    spelling); nokiax, which the page does not list, is written `nokiax`;
 *  - NotificationBody is the sent body as text when it is UTF-8 that XML can carry, else omitted
 *    (the page does not say how a binary body, a WNS raw payload say, is written).
 */
import type { Platform } from './payload.js';
import type { NotificationHubsConfig } from '../types.js';
import { LIVE_VERSIONS } from './live.js';

/** NH-TEL, Response body: the example's default namespace and its `i` prefix. */
export const DETAILS_NAMESPACE = 'http://schemas.microsoft.com/netservices/2010/10/servicebus/connect';
export const XSI_NAMESPACE = 'http://www.w3.org/2001/XMLSchema-instance';

/** NH-TEL, State: the eight values the page lists. */
export const STATES = ['Abandoned', 'Canceled', 'Completed', 'Enqueued', 'NoTargetFound', 'Processing', 'Scheduled', 'Unknown'] as const;
export type State = (typeof STATES)[number];

/** The api-version the page's URI and x-ms-version row give; the older revision and the seed's Location carry 2015-04. */
export const TELEMETRY_VERSION = '2016-07';
/** Seed profile: "Supported by 2015-01 or later", up to the page's own version. */
export const TELEMETRY_VERSIONS = { min: '2015-01', max: TELEMETRY_VERSION } as const;

/** Seed profile: a `YYYY-MM` from 2015-01 to 2016-07; live profile: the versions the live service names, and 2016-07. */
export function telemetryVersionServed(v: string, live: boolean): boolean {
  if (live) return LIVE_VERSIONS.includes(v) || v === TELEMETRY_VERSION;
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(v) && v >= TELEMETRY_VERSIONS.min && v <= TELEMETRY_VERSIONS.max;
}

/** What the telemetry of one accepted direct send needs. */
export interface SentNotification {
  id: string;
  /** The hub as configured. */
  hub: string;
  /** The Host the send came to, for the Location element. */
  host: string;
  /** undefined only when a mutant skipped the format checks. */
  platform: Platform | undefined;
  body: Buffer;
  enqueuedAt: Date;
}

/** The most sends kept per hub configuration, and the most body bytes they hold; the oldest go first. */
export const STORE_LIMIT = 10_000;
export const STORE_BYTES = 16 * 1024 * 1024;

interface Store {
  sends: Map<string, SentNotification>;
  bytes: number;
}

const STORES = new WeakMap<NotificationHubsConfig, Store>();

function storeOf(cfg: NotificationHubsConfig): Store {
  let store = STORES.get(cfg);
  if (!store) {
    store = { sends: new Map(), bytes: 0 };
    STORES.set(cfg, store);
  }
  return store;
}

const key = (hub: string, id: string): string => `${hub.toLowerCase()}/${id}`;

export function recordSend(cfg: NotificationHubsConfig, sent: SentNotification): void {
  const store = storeOf(cfg);
  store.sends.set(key(sent.hub, sent.id), sent);
  store.bytes += sent.body.length;
  while (store.sends.size > STORE_LIMIT || store.bytes > STORE_BYTES) {
    const [oldest, gone] = store.sends.entries().next().value!;
    store.sends.delete(oldest);
    store.bytes -= gone.body.length;
  }
}

/** The send with this id to this hub, if the store holds it (ids compared exactly). */
export function findSend(cfg: NotificationHubsConfig, hub: string, id: string): SentNotification | undefined {
  return storeOf(cfg).sends.get(key(hub, id));
}

/** TargetPlatforms as the page spells the platforms. */
const TARGET_PLATFORM: Record<Platform, string> = {
  windows: 'windows',
  apple: 'apple',
  gcm: 'gcm',
  'windows phone': 'windowsphone',
  adm: 'adm',
  baidu: 'baidu',
  nokiax: 'nokiax',
};

/** The outcome-count element of the platform's PNS; the page names none for baidu and nokiax. */
const OUTCOME_ELEMENT: Partial<Record<Platform, string>> = {
  apple: 'ApnsOutcomeCounts',
  'windows phone': 'MpnsOutcomeCounts',
  windows: 'WnsOutcomeCounts',
  gcm: 'GcmOutcomeCounts',
  adm: 'AdmOutcomeCounts',
};

function xmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Whether every character is one XML 1.0 can carry (Char production). */
function xmlCarries(s: string): boolean {
  return !/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.test(s);
}

function bodyText(body: Buffer): string | undefined {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    return xmlCarries(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

/** EnqueueTime as the example writes it: whole seconds, `Z`. */
export function enqueueTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** StartTime and EndTime as the example writes them: seven fractional digits, `Z`. */
export function preciseTime(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, (_, ms: string) => `.${ms}0000Z`);
}

/** The Location element: the example's `sb://{namespace}/{hub}/messages/{id}?api-version=2015-04`. */
export function detailsLocation(sent: SentNotification): string {
  return `sb://${sent.host}/${encodeURIComponent(sent.hub)}/messages/${encodeURIComponent(sent.id)}?api-version=2015-04`;
}

/** The NotificationDetails document, its elements in the example's order. */
export function notificationDetails(sent: SentNotification, state: string): string {
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<NotificationDetails xmlns="${DETAILS_NAMESPACE}" xmlns:i="${XSI_NAMESPACE}">`,
    `  <NotificationId>${xmlText(sent.id)}</NotificationId>`,
    `  <Location>${xmlText(detailsLocation(sent))}</Location>`,
    `  <State>${xmlText(state)}</State>`,
    `  <EnqueueTime>${enqueueTime(sent.enqueuedAt)}</EnqueueTime>`,
    `  <StartTime>${preciseTime(sent.enqueuedAt)}</StartTime>`,
    `  <EndTime>${preciseTime(sent.enqueuedAt)}</EndTime>`,
  ];
  const text = bodyText(sent.body);
  if (text !== undefined) lines.push(`  <NotificationBody>${xmlText(text)}</NotificationBody>`);
  if (sent.platform !== undefined) {
    lines.push(`  <TargetPlatforms>${TARGET_PLATFORM[sent.platform]}</TargetPlatforms>`);
    const element = OUTCOME_ELEMENT[sent.platform];
    if (element !== undefined) lines.push(`  <${element}>`, '    <Outcome>', '      <Name>Success</Name>', '      <Count>1</Count>', '    </Outcome>', `  </${element}>`);
  }
  lines.push('</NotificationDetails>');
  return lines.join('\n');
}
