/**
 * Azure Service Bus — Send Message as the live service answers it (the `live` profile), written
 * from PROTOCOL-FACTS §1.2, §1.3, §1.5, §1.6 and §4, not from the seed:
 *
 *   POST /{queue path | topic path}/messages[?timeout=60]
 *   Authorization: SharedAccessSignature sr=…&sig=…&se=…&skn=…    (WRAP/ACS is retired: 401)
 *   Content-Type: any (the payload's own; kept for the receiver)
 *   BrokerProperties: {JSON object}                               (optional)
 *   x-ms-retrypolicy: NoRetry                                     (optional; unknown values ignored)
 *   {the raw payload}
 *
 *   → 201 Created, Content-Type application/xml; charset=utf-8 (as the doc's example), no body.
 *
 * Order of checks: authorization first, then the entity (§1.5: a token is checked before the
 * entity, so a token that does not cover a missing entity gets 401; a namespace token for a
 * missing entity gets 410 Gone), then Content-Type (required: the table lists it), BrokerProperties
 * and the size (§1.3: 256 KB on Standard, 403 when larger). No 409: a send conflicts with nothing.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { RefConfig, RefRequest, RefResponse } from '../types.js';
import { escapeText } from './xml.js';

/** §1.3 (SB-QUOTA): properties plus payload, Standard tier. */
export const LIVE_MAX_MESSAGE_BYTES = 256 * 1024;

export const LIVE_RESPONSE_CONTENT_TYPE = 'application/xml; charset=utf-8';

const PATH = /^\/(.+)\/messages$/;

export function matchesLive(req: RefRequest): boolean {
  return req.method === 'POST' && PATH.test(req.rawPath);
}

function error(req: RefRequest, cfg: RefConfig, status: number, detail: string): RefResponse {
  const tracking = `TrackingId:${randomUUID()}_G0, SystemTracker:${req.host}${req.rawPath}, Timestamp:${cfg.now().toISOString()}`;
  return {
    status,
    headers: { 'content-type': LIVE_RESPONSE_CONTENT_TYPE },
    body: `<Error><Code>${status}</Code><Detail>${escapeText(`${detail} ${tracking}`)}</Detail></Error>`,
  };
}

function percentDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** `http://{host}/{path}` with no trailing slash, lower-cased: how resources are compared. */
function normalise(resource: string): string {
  return resource.replace(/\/+$/, '').toLowerCase();
}

/**
 * Whether a token for `sr` covers the entity `http://{host}/{entity}`: §4 "a token is valid for
 * the resource and everything under it", so the entity itself, the namespace root, or any
 * parent path of the entity.
 */
export function covers(sr: string, host: string, entity: string): boolean {
  const granted = normalise(sr);
  const wanted = normalise(`http://${host}/${entity}`);
  return wanted === granted || wanted.startsWith(`${granted}/`);
}

/**
 * Verifies `SharedAccessSignature sr=…&sig=…&se=…&skn=…` (fields in any order, §4) for `entity`:
 * the rule is the namespace's, sig = base64(HMAC-SHA256(UTF-8 key, sr as sent + "\n" + se)),
 * se is in the future, and sr covers the entity. Returns the problem, or null.
 */
export function verifyLiveSas(header: string | undefined, host: string, entity: string, cfg: RefConfig): string | null {
  if (header === undefined) return 'The request has no Authorization header.';
  if (header.trim() === '') return 'The Authorization header is empty.';
  const m = /^(\S+) +(\S+)$/.exec(header);
  if (!m) return 'The Authorization header is not "<scheme> <token>".';
  if (m[1]!.toLowerCase() !== 'sharedaccesssignature') return `The scheme ${JSON.stringify(m[1])} is not accepted; use SharedAccessSignature (WRAP/ACS is retired).`;
  const values: Record<string, string> = {};
  for (const part of m[2]!.split('&')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return 'The token is not a list of name=value fields.';
    const name = part.slice(0, eq);
    if (!['sr', 'sig', 'se', 'skn'].includes(name)) continue;
    if (values[name] !== undefined) return `The token names ${name} twice.`;
    values[name] = part.slice(eq + 1);
  }
  const missing = ['sr', 'sig', 'se', 'skn'].filter((f) => values[f] === undefined);
  if (missing.length) return `The token has no ${missing.join(', ')}.`;
  const sr = percentDecode(values['sr']!);
  const sig = percentDecode(values['sig']!);
  const skn = percentDecode(values['skn']!);
  if (sr === undefined || sig === undefined || skn === undefined) return 'A token field is not percent-encoded text.';
  if (!/^\d{1,20}$/.test(values['se']!)) return 'se is not a number of seconds.';
  if (skn !== cfg.serviceBus.sas.keyName) return `No rule named ${JSON.stringify(skn)}.`;
  const expected = createHmac('sha256', Buffer.from(cfg.serviceBus.sas.key, 'utf8')).update(`${values['sr']}\n${values['se']}`, 'utf8').digest('base64');
  if (!sameText(sig, expected)) return 'The signature does not match.';
  if (Number(values['se']) * 1000 <= cfg.now().getTime()) return `The token expired at ${values['se']}.`;
  if (!covers(sr, host, entity)) return `The token is for ${sr}, which does not cover ${entity}.`;
  return null;
}

/** §1.3: one JSON object; a malformed value gets "an appropriate HTTP status" (400). */
function brokerPropertiesProblem(value: string | undefined): string | null {
  if (value === undefined) return null;
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return 'BrokerProperties is not a JSON object.';
  } catch {
    return 'BrokerProperties is not JSON.';
  }
  return null;
}

export function handleLive(req: RefRequest, cfg: RefConfig): RefResponse {
  let entity: string;
  try {
    entity = decodeURIComponent(PATH.exec(req.rawPath)![1]!);
  } catch {
    return error(req, cfg, 400, 'The entity path is not percent-encoded UTF-8.');
  }
  const authProblem = verifyLiveSas(req.headers['authorization'], req.host, entity, cfg);
  if (authProblem !== null) return error(req, cfg, 401, `Unauthorized. ${authProblem}`);

  // Entity names are case-insensitive; queues and topics both take sends.
  const known = [...cfg.serviceBus.queues, ...cfg.serviceBus.topics].some((e) => e.toLowerCase() === entity.toLowerCase());
  if (!known) return error(req, cfg, 410, `Gone. The queue or topic ${JSON.stringify(entity)} does not exist.`);

  if (req.headers['content-type'] === undefined) return error(req, cfg, 400, 'The request has no Content-Type; send the content type of the payload.');
  const problem = brokerPropertiesProblem(req.headers['brokerproperties']);
  if (problem !== null) return error(req, cfg, 400, problem);
  if (req.body.length > LIVE_MAX_MESSAGE_BYTES) return error(req, cfg, 403, `The message is larger than ${LIVE_MAX_MESSAGE_BYTES} bytes.`);

  return { status: 201, headers: { 'content-type': LIVE_RESPONSE_CONTENT_TYPE } };
}
