/**
 * Azure Notification Hubs — Direct send, as seed 004 writes it (PROTOCOL-FACTS §3, SAS per §4):
 *
 *   POST /{hub}/messages/?direct&api-version=2015-04
 *   Authorization: SharedAccessSignature sr=…&sig=…&se=…&skn=…
 *   ServiceBusNotification-Format: windows | apple | gcm | windows phone | adm | nokiax | baidu
 *   ServiceBusNotification-DeviceHandle: {handle}
 *   ServiceBusNotification-Tags: {single tag}            (optional)
 *   x-ms-version: 2015-04                                (2015-01 and later)
 *   Content-Type: by platform
 *   {native payload, at most 64 KB}
 *
 *   → 201, Content-Type: application/xml; charset=utf-8, Location (Standard tier), no body.
 *
 * Order of checks: the URI's shape (404), then authorization (401) — for the hub the URI names,
 * so a token made for a missing hub is checked before the hub's existence (PROTOCOL-FACTS §1.5)
 * — then the hub (404), then the request itself (400, and 413 for the size). Where the documents
 * leave a choice open, the seed's reading is taken: an unknown hub is 404 ("No message branch at
 * the URI"), an oversized body 413 (over 65,536 bytes, "64 Kb" read as binary kilobytes),
 * `windows phone` and `windowsphone` are both the MPNS format, `?direct` and `?direct=true` both
 * the flag. The body is read as its Content-Type says: a WNS send as application/json carries a
 * JSON object, as application/xml a toast, tile or badge.
 *
 * `notificationHubs.mpnsSpellings` narrows the MPNS spellings served (the later revision's
 * `windowsphone` alone, say): a variant of the service, not a mutant — a target that knows one
 * spelling conforms too.
 *
 * The companion the seed's Location row links to, Per Message Telemetry: Get Notification
 * Message Telemetry (NH-TEL; reference/notification-hubs/telemetry.ts), is served beside it:
 *
 *   GET /{hub}/messages/{notification message id}?api-version=2016-07   (x-ms-version optional)
 *   → 200, Content-Type: application/xml; charset=utf-8, a NotificationDetails document.
 *
 * Each direct send a Standard tier hub accepts records its notification id — the one its
 * Location header carries — with its hub, platform, body and the clock at the send. The GET is
 * claimed for a configured hub and a non-empty id with no slash after `messages/` (a POST to
 * `messages/?direct` never matches it). Order of checks: authorization for the hub (401, the
 * same SAS verification as the send), api-version (required, 400 outside the versions served:
 * seed 2015-01 to 2016-07, live the live list and 2016-07) and x-ms-version (optional; when
 * present the same versions), then the tier (403 on a Basic tier hub: "this feature is not
 * enabled for your SKU"), then the id (404 "Telemetry does not exist" for one never sent).
 *
 * Each mutant (named by the rule id it breaks) switches one behaviour off or gets it wrong.
 */
import { randomUUID } from 'node:crypto';
import { CONTENT_TYPES, OCTET_STREAM, PLATFORMS, SPELLINGS, decodeUtf8, fits, isJsonObject, isMpnsXml, isWnsXml, parseMediaType, platformOf, type Allowed, type Platform } from './notification-hubs/payload.js';
import { liveSasResource, liveSupportedVersion } from './notification-hubs/live.js';
import { ruleId, SPEC_ID, type Slug } from './notification-hubs/rules.js';
import { verifySas } from './notification-hubs/sas.js';
import { findSend, notificationDetails, recordSend, telemetryVersionServed } from './notification-hubs/telemetry.js';
import { refusedSpelling, spellingMutants, type DocumentedSpellings } from './spellings.js';
import { isMutant, type OperationHandler, type RefConfig, type RefRequest, type RefResponse } from './types.js';

/** The seed's size limit: "The message size cannot be over 64 Kb", counted in bytes. */
export const MAX_PAYLOAD_BYTES = 65536;

/** api-version and x-ms-version: "2015-04 (Supported by 2015-01 and later)"; the reference serves 2015-01 to 2015-04. */
export const VERSIONS = { min: '2015-01', max: '2015-04' } as const;

export const RESPONSE_CONTENT_TYPE = 'application/xml; charset=utf-8';

const DESCRIPTIONS: Record<Slug, string> = {
  'authorization-required': 'a request without an Authorization header is served as if authorized',
  'content-type-required': 'a request without Content-Type is accepted (its Content-Type is not checked)',
  'content-type-by-format': 'windows refuses application/xml, one of the two Content-Types the seed gives for WNS',
  'content-type-mismatch': "any Content-Type documented for some platform is accepted, whatever the request's platform, and the body is read as that type says",
  'device-handle-required': 'a direct send without ServiceBusNotification-DeviceHandle is accepted',
  'device-handle-empty': 'an empty ServiceBusNotification-DeviceHandle is accepted',
  'tags-optional': 'ServiceBusNotification-Tags is required: a send without it gets 400',
  'format-required': 'a request without ServiceBusNotification-Format is accepted, with no platform checks on Content-Type or body',
  'format-windows': 'the format "windows" is refused as unknown',
  'format-apple': 'the format "apple" is refused as unknown',
  'format-gcm': 'the format "gcm" is refused as unknown',
  'format-windows-phone': 'the MPNS format is refused in both spellings, "windows phone" and "windowsphone"',
  'format-adm': 'the format "adm" is refused as unknown',
  'format-nokiax': 'the format "nokiax" is refused as unknown',
  'format-baidu': 'the format "baidu" is refused as unknown',
  'format-unlisted': 'an unlisted ServiceBusNotification-Format is accepted, with no platform checks',
  'x-ms-version-required': 'a request without x-ms-version is accepted',
  'x-ms-version-value': 'any x-ms-version value is accepted (2014-04, abc, ...)',
  'api-version-required': 'a request without api-version is accepted',
  'api-version-value': 'any api-version value is accepted (2014-04, abc, ...)',
  'body-size': 'the 64 KB limit is counted in characters, not bytes, so a 65,537-byte body of multi-byte text passes',
  'response-header-content-type': 'the 201 response has Content-Type application/json; charset=utf-8',
  'response-header-location': 'the 201 response of a Standard tier hub has no Location header',
  'response-body': 'the 201 response has a plain-text body that is not XML',
  'sas-accepted': 'the string-to-sign is rebuilt from the decoded resource with lower-case hex, so a valid token whose sr uses upper-case hex is refused',
  'sas-token-forms': 'the SAS token is read positionally, so a token whose fields are not in the order sr, sig, se, skn is refused',
  'auth-expired': 'an expired SAS token is accepted (se is not compared with the clock)',
  'auth-wrong-key': 'the SAS signature is not verified, so a token signed with the wrong key is accepted',
  'auth-wrong-resource': "sr is not compared with the request's resource, so a token for another hub is accepted",
  'auth-malformed': 'the token is read leniently: fields are taken with any scheme word or none, separated by & or commas',
  'auth-missing-field': 'a SAS token missing sr, sig, se or skn is accepted (missing values defaulted, checks they need skipped)',
  'direct-flag': 'the direct flag is taken only as direct=1: neither ?direct nor ?direct=true is a direct send (400)',
  'no-message-branch': 'any path under a configured hub is served as its message branch',
  'unknown-hub': 'a request to a hub that does not exist is delivered to the configured hub',
  'content-type-wns-raw': 'X-WNS-Type is ignored: a wns/raw send with application/octet-stream gets 400',
  'content-type-wns-raw-mismatch': 'with X-WNS-Type wns/raw the Content-Type is not checked',
  'tags-single-tag': 'a send carrying ServiceBusNotification-Tags is refused with 400',
  'body-native-payload': 'windows phone payloads are checked as WNS XML, so an MPNS <wp:Notification> body is refused',
  'body-bad-format': 'the payload is passed through unparsed, so a malformed body is accepted',
  'success-201': 'a successful send is answered 200 instead of 201',
  'status-documented': 'a successful send is answered 202, a status the seed does not list',
  'location-telemetry': 'the Location header carries a fresh id (still in the documented format) other than the one the telemetry is stored under, so the telemetry GET of that id is 404',
  'telemetry-response-body': 'the telemetry body has State "Done", a value the telemetry page does not list; everything else is right',
};

/** The request headers as the seed writes them, for the mutant that refuses every other spelling. */
const DOCUMENTED: DocumentedSpellings = {
  specId: SPEC_ID,
  headerNames: ['Content-Type', 'ServiceBusNotification-Format', 'ServiceBusNotification-DeviceHandle', 'ServiceBusNotification-Tags', 'x-ms-version'],
  contentTypes: [],
};

const MUTANTS: Record<string, string> = {
  ...Object.fromEntries(Object.entries(DESCRIPTIONS).map(([slug, d]) => [ruleId(slug as Slug), d])),
  ...spellingMutants(DOCUMENTED, ['header-name-case']),
};

const mutant = (cfg: RefConfig, slug: Slug): boolean => isMutant(cfg, ruleId(slug));

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Errors in the Service Bus error shape: `<Error><Code>…</Code><Detail>…</Detail></Error>`. */
function error(status: number, detail: string): RefResponse {
  return {
    status,
    headers: { 'content-type': RESPONSE_CONTENT_TYPE },
    body: `<Error><Code>${status}</Code><Detail>${xmlEscape(detail)}</Detail></Error>`,
  };
}

function percentDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/** Query pairs in order, names and values percent-decoded; a bare flag has value null. */
function queryPairs(rawQuery: string): Array<{ name: string; value: string | null }> {
  const out: Array<{ name: string; value: string | null }> = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = percentDecode(eq < 0 ? part : part.slice(0, eq)) ?? part;
    const value = eq < 0 ? null : (percentDecode(part.slice(eq + 1)) ?? part.slice(eq + 1));
    out.push({ name, value });
  }
  return out;
}

/** `/{hub}/{rest}`: the first path segment and everything after its slash. */
function splitPath(rawPath: string): { hubSegment: string; rest: string } | undefined {
  const m = /^\/([^/]+)\/(.*)$/.exec(rawPath);
  return m ? { hubSegment: m[1]!, rest: m[2]! } : undefined;
}

function configuredHub(segment: string, cfg: RefConfig): string | undefined {
  const name = percentDecode(segment);
  if (name === undefined) return undefined;
  // Hub paths are case-insensitive, as the SAS resource URI is.
  return cfg.notificationHubs.hubs.find((h) => h.toLowerCase() === name.toLowerCase());
}

/** `YYYY-MM` between 2015-01 and 2015-04. */
function supportedVersion(v: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(v) && v >= VERSIONS.min && v <= VERSIONS.max;
}

/** A header value with its surrounding optional white space removed (RFC 9110 §5.5). */
function header(req: RefRequest, name: string): string | undefined {
  const v = req.headers[name];
  return v === undefined ? undefined : v.replace(/^[ \t]+|[ \t]+$/g, '');
}

function readFormat(value: string, cfg: RefConfig): Platform | undefined {
  const platform = platformOf(value);
  if (platform === undefined) return undefined;
  const refused: Record<Platform, Slug> = {
    windows: 'format-windows',
    apple: 'format-apple',
    gcm: 'format-gcm',
    'windows phone': 'format-windows-phone',
    adm: 'format-adm',
    nokiax: 'format-nokiax',
    baidu: 'format-baidu',
  };
  return mutant(cfg, refused[platform]) ? undefined : platform;
}

/** The Content-Types a platform takes; for windows with X-WNS-Type wns/raw, application/octet-stream alone. */
function contentTypesFor(platform: Platform, wnsRaw: boolean, cfg: RefConfig): readonly Allowed[] {
  if (wnsRaw) return [OCTET_STREAM];
  if (mutant(cfg, 'content-type-mismatch')) return PLATFORMS.flatMap((p) => CONTENT_TYPES[p]);
  if (platform === 'windows' && mutant(cfg, 'content-type-by-format')) return CONTENT_TYPES.windows.filter((t) => t.essence !== 'application/xml');
  return CONTENT_TYPES[platform];
}

/**
 * Whether the body parses as the platform's native payload (PROTOCOL-FACTS §3.3), read as its
 * Content-Type says: JSON as a JSON object, XML as the platform's XML (MPNS <wp:Notification>,
 * else a WNS toast, tile or badge).
 */
function payloadParses(platform: Platform, essence: string | undefined, wnsRaw: boolean, body: Buffer, cfg: RefConfig): boolean {
  if (wnsRaw) return true; // NH-WNS: a raw notification is any payload.
  const text = decodeUtf8(body);
  if (text === undefined) return false;
  const type = essence ?? (CONTENT_TYPES[platform][0]!.essence);
  if (type === 'application/json') return isJsonObject(text);
  if (type !== 'application/xml') return false;
  if (platform === 'windows phone') return mutant(cfg, 'body-native-payload') ? isWnsXml(text) : isMpnsXml(text);
  return isWnsXml(text);
}

function handle(req: RefRequest, cfg: RefConfig): RefResponse {
  // The URI: /{hub}/messages/ under a configured hub.
  const path = splitPath(req.rawPath);
  if (!path) return error(404, 'No message branch at the URI.');
  const named = percentDecode(path.hubSegment);
  if (named === undefined) return error(404, 'No message branch at the URI.');
  let hub = configuredHub(path.hubSegment, cfg);
  if (hub !== undefined && path.rest !== 'messages/' && !mutant(cfg, 'no-message-branch')) return error(404, 'No message branch at the URI.');

  // Authorization: a SAS token for http://{host}/{hub}, the hub the URI names.
  const authorization = req.headers['authorization'];
  if (!(authorization === undefined && mutant(cfg, 'authorization-required'))) {
    const entity = hub ?? named;
    const resource = cfg.notificationHubs.profile === 'live' ? liveSasResource(authorization, req.host, entity) : `http://${req.host}/${entity}`;
    const verdict = verifySas(authorization, resource, cfg);
    if (!verdict.ok) return error(401, `Authorization failure: ${verdict.reason}.`);
  }
  if (hub === undefined) {
    if (!mutant(cfg, 'unknown-hub')) return error(404, 'No message branch at the URI: the notification hub does not exist.');
    hub = cfg.notificationHubs.hubs[0]!;
  }
  if (path.rest !== 'messages/' && !mutant(cfg, 'no-message-branch')) return error(404, 'No message branch at the URI.');

  const versionOk = cfg.notificationHubs.profile === 'live' ? liveSupportedVersion : supportedVersion;
  const spelling = refusedSpelling(req, cfg, DOCUMENTED);
  if (spelling) return error(400, spelling);

  // The query: ?direct&api-version=2015-04.
  const query = queryPairs(req.rawQuery);
  const direct = query.find((q) => q.name === 'direct');
  if (direct === undefined) {
    // The seed says nothing of a request without the flag; the reference serves direct sends only.
    return error(400, 'The direct flag is missing: this URI takes direct sends only (?direct).');
  } else if (mutant(cfg, 'direct-flag') ? direct.value !== '1' : !(direct.value === null || direct.value.toLowerCase() === 'true')) {
    return error(400, `The direct flag has the value "${direct.value ?? '(none)'}".`);
  }
  const apiVersion = query.find((q) => q.name === 'api-version');
  if (apiVersion === undefined) {
    if (!mutant(cfg, 'api-version-required')) return error(400, 'The api-version query parameter is missing.');
  } else if (!versionOk(apiVersion.value ?? '') && !mutant(cfg, 'api-version-value')) {
    return error(400, `The api-version "${apiVersion.value ?? ''}" is not supported.`);
  }

  // Headers.
  const xmsVersion = header(req, 'x-ms-version');
  if (xmsVersion === undefined) {
    if (!mutant(cfg, 'x-ms-version-required')) return error(400, 'The x-ms-version header is missing.');
  } else if (!versionOk(xmsVersion) && !mutant(cfg, 'x-ms-version-value')) {
    return error(400, `The x-ms-version "${xmsVersion}" is not supported.`);
  }

  const formatValue = header(req, 'servicebusnotification-format');
  // undefined: no platform checks (only ever reached through a mutant).
  let platform: Platform | undefined;
  if (formatValue === undefined) {
    if (!mutant(cfg, 'format-required')) return error(400, 'The ServiceBusNotification-Format header is missing.');
  } else {
    const spellings = cfg.notificationHubs.mpnsSpellings;
    // A variant that knows only some MPNS spellings refuses the others as unknown formats.
    const served = !(spellings && platformOf(formatValue) === 'windows phone' && !spellings.includes(formatValue));
    platform = served ? readFormat(formatValue, cfg) : undefined;
    const listed = served && platformOf(formatValue) !== undefined;
    if (platform === undefined && (listed || !mutant(cfg, 'format-unlisted'))) {
      return error(400, `The ServiceBusNotification-Format "${formatValue}" is not a platform (${[...PLATFORMS, ...Object.keys(SPELLINGS)].join(', ')}).`);
    }
  }

  const handle = header(req, 'servicebusnotification-devicehandle');
  if (handle === undefined) {
    if (!mutant(cfg, 'device-handle-required')) return error(400, 'The ServiceBusNotification-DeviceHandle header is missing.');
  } else if (handle === '' && !mutant(cfg, 'device-handle-empty')) {
    return error(400, 'The ServiceBusNotification-DeviceHandle header is empty.');
  }

  const tags = header(req, 'servicebusnotification-tags');
  if (tags === undefined) {
    if (mutant(cfg, 'tags-optional')) return error(400, 'The ServiceBusNotification-Tags header is missing.');
  } else {
    if (mutant(cfg, 'tags-single-tag')) return error(400, 'A direct send takes no ServiceBusNotification-Tags.');
    // "{single tag identifier}": one non-empty tag, not a list.
    if (!/^[^\s,]+$/.test(tags)) return error(400, `ServiceBusNotification-Tags "${tags}" is not a single tag.`);
  }

  // WNS raw notifications: X-WNS-Type wns/raw, application/octet-stream, any payload.
  const wnsRaw = platform === 'windows' && header(req, 'x-wns-type')?.toLowerCase() === 'wns/raw' && !mutant(cfg, 'content-type-wns-raw');

  const contentType = header(req, 'content-type');
  const essence = contentType === undefined ? undefined : parseMediaType(contentType)?.essence;
  if (contentType === undefined) {
    if (!mutant(cfg, 'content-type-required')) return error(400, 'The Content-Type header is missing.');
  } else if (platform !== undefined && !(wnsRaw && mutant(cfg, 'content-type-wns-raw-mismatch'))) {
    const mt = parseMediaType(contentType);
    if (!mt || !fits(mt, contentTypesFor(platform, wnsRaw, cfg))) {
      return error(400, `Content-Type "${contentType}" is not valid for ${platform}${wnsRaw ? ' wns/raw' : ''} notifications.`);
    }
  }

  // The body: at most 64 KB, in the platform's native format.
  const size = mutant(cfg, 'body-size') ? [...req.body.toString('utf8')].length : req.body.length;
  if (size > MAX_PAYLOAD_BYTES) return error(413, `Requested entity too large. The message size cannot be over 64 Kb (${size} bytes).`);
  if (platform !== undefined && !mutant(cfg, 'body-bad-format') && !payloadParses(platform, essence, wnsRaw, req.body, cfg)) {
    return error(400, `The body is not a well-formed ${platform}${wnsRaw ? ' raw' : ''} notification payload.`);
  }

  // Sent. A Standard tier hub keeps the send's telemetry under the id its Location carries.
  const notificationId = randomUUID();
  if (cfg.notificationHubs.tier === 'standard') {
    recordSend(cfg.notificationHubs, { id: notificationId, hub, host: req.host, platform, body: req.body, enqueuedAt: cfg.now() });
  }
  const locationId = mutant(cfg, 'location-telemetry') ? randomUUID() : notificationId;
  const status = mutant(cfg, 'success-201') ? 200 : mutant(cfg, 'status-documented') ? 202 : 201;
  const headers: Record<string, string> = {
    'content-type': mutant(cfg, 'response-header-content-type') ? 'application/json; charset=utf-8' : RESPONSE_CONTENT_TYPE,
  };
  if (cfg.notificationHubs.tier === 'standard' && !mutant(cfg, 'response-header-location')) {
    headers['location'] = `http://${req.host}/${encodeURIComponent(hub)}/messages/${locationId}?api-version=2015-04`;
  }
  return mutant(cfg, 'response-body') ? { status, headers, body: 'Message successfully sent.' } : { status, headers };
}

/** `messages/{id}`: the notification id of a telemetry GET, still percent-encoded (non-empty, no slash). */
function telemetryId(rest: string): string | undefined {
  return /^messages\/([^/]+)$/.exec(rest)?.[1];
}

/** Per Message Telemetry: GET /{hub}/messages/{id} (NH-TEL). `matches` has checked the hub and the shape. */
function handleTelemetry(req: RefRequest, cfg: RefConfig): RefResponse {
  const path = splitPath(req.rawPath)!;
  const hub = configuredHub(path.hubSegment, cfg)!;
  const rawId = telemetryId(path.rest)!;
  const live = cfg.notificationHubs.profile === 'live';

  // Authorization as for the send: a token for http://{host}/{hub} (live: or a parent of it).
  const authorization = req.headers['authorization'];
  const resource = live ? liveSasResource(authorization, req.host, hub) : `http://${req.host}/${hub}`;
  const verdict = verifySas(authorization, resource, cfg);
  if (!verdict.ok) return error(401, `Authorization failure: ${verdict.reason}.`);

  // 400: "the request was malformed". The URI carries api-version; the page does not mark x-ms-version required.
  const apiVersion = queryPairs(req.rawQuery).find((q) => q.name === 'api-version');
  if (apiVersion === undefined) return error(400, 'Message telemetry could not be retrieved: the api-version query parameter is missing.');
  if (!telemetryVersionServed(apiVersion.value ?? '', live)) return error(400, `Message telemetry could not be retrieved: the api-version "${apiVersion.value ?? ''}" is not supported.`);
  const xmsVersion = header(req, 'x-ms-version');
  if (xmsVersion !== undefined && !telemetryVersionServed(xmsVersion, live)) return error(400, `Message telemetry could not be retrieved: the x-ms-version "${xmsVersion}" is not supported.`);

  if (cfg.notificationHubs.tier !== 'standard') return error(403, 'Request rejected because this feature is not enabled for your SKU. Upgrade to Standard.');

  const id = percentDecode(rawId);
  const sent = id === undefined ? undefined : findSend(cfg.notificationHubs, hub, id);
  if (sent === undefined) return error(404, 'Telemetry does not exist: no notification with this id was sent to this hub.');

  const state = mutant(cfg, 'telemetry-response-body') ? 'Done' : 'Completed';
  return { status: 200, headers: { 'content-type': RESPONSE_CONTENT_TYPE }, body: notificationDetails(sent, state) };
}

/** Whether a query string carries the `direct` flag (bare or with a value). */
function hasDirectFlag(rawQuery: string): boolean {
  return queryPairs(rawQuery).some((q) => q.name === 'direct');
}

export const notificationHubs: OperationHandler = {
  name: 'notification-hubs',
  /**
   * POST to `/{segment}/{anything}/` or `/{segment}/messages/…`, where the segment is a
   * configured hub or the query carries `direct`. A Service Bus send (`/{topic}/messages`, no
   * trailing slash, no direct) and a Yandex send (`POST /`) never match. The telemetry GET:
   * `/{hub}/messages/{id}` for a configured hub, the id non-empty and without a slash.
   */
  matches(req, cfg) {
    const path = splitPath(req.rawPath);
    if (!path) return false;
    if (req.method === 'GET') return configuredHub(path.hubSegment, cfg) !== undefined && telemetryId(path.rest) !== undefined;
    if (req.method !== 'POST') return false;
    const shaped = (path.rest !== '' && path.rest.endsWith('/')) || path.rest.startsWith('messages/');
    if (!shaped) return false;
    return configuredHub(path.hubSegment, cfg) !== undefined || hasDirectFlag(req.rawQuery);
  },
  handle: (req, cfg) => (req.method === 'GET' ? handleTelemetry(req, cfg) : handle(req, cfg)),
  mutants: MUTANTS,
};
