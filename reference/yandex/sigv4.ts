/**
 * AWS Signature Version 4 verification (PROTOCOL-FACTS §2.2, §2.3), written from the SigV4
 * algorithm with node:crypto rather than with the signer the harness uses:
 *   canonical request = method, canonical URI, canonical query, canonical headers (the signed
 *   ones, lower-case, values trimmed with inner whitespace collapsed), signed header list,
 *   SHA-256 of the payload;
 *   string to sign = AWS4-HMAC-SHA256, X-Amz-Date, scope (date/region/service/aws4_request),
 *   SHA-256 of the canonical request;
 *   signing key = HMAC chain over "AWS4"+secret, date, region, service, "aws4_request".
 * Order of the answers: no Authorization → 403 MissingAuthenticationToken; not a complete SigV4
 * header → 400 IncompleteSignature; unknown key id → 403 InvalidClientTokenId; X-Amz-Date more
 * than 15 minutes from the clock → 400 RequestExpired; anything else that does not verify → 403
 * SignatureDoesNotMatch (the SQS reading; the rule also accepts the ydb reading InvalidClientTokenId).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { isMutant, type RefConfig, type RefRequest } from '../types.js';
import { YmqError } from './errors.js';
import { M } from './mutants.js';

const ALGORITHM = 'AWS4-HMAC-SHA256';
const MAX_SKEW_MS = 15 * 60 * 1000;

interface ParsedAuthorization {
  accessKeyId: string;
  scope: string[];
  signedHeaders: string[];
  signature: string;
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** The header's components, or why it is not a complete SigV4 header. */
export function parseAuthorization(value: string): ParsedAuthorization | string {
  const m = /^(\S+)\s+([\s\S]*)$/.exec(value.trim());
  if (!m || m[1] !== ALGORITHM) return `Authorization must start with ${ALGORITHM}.`;
  const parts = new Map<string, string>();
  for (const raw of m[2]!.split(',')) {
    const part = raw.trim();
    const eq = part.indexOf('=');
    if (eq <= 0) return `Authorization component "${part}" is not key=value.`;
    parts.set(part.slice(0, eq), part.slice(eq + 1));
  }
  for (const name of ['Credential', 'SignedHeaders', 'Signature']) {
    if (!parts.get(name)) return `Authorization header requires '${name}' parameter.`;
  }
  const credential = parts.get('Credential')!.split('/');
  if (credential.length !== 5 || credential.some((c) => c === '')) return 'Credential must be <key id>/<date>/<region>/<service>/aws4_request.';
  return {
    accessKeyId: credential[0]!,
    scope: credential.slice(1),
    signedHeaders: parts.get('SignedHeaders')!.split(';').map((h) => h.toLowerCase()),
    signature: parts.get('Signature')!,
  };
}

/** `YYYYMMDDTHHMMSSZ` → Date. */
export function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** RFC 3986 escaping as SigV4 wants it: everything but A-Za-z0-9-._~. */
function escapeUri(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The path as sent, with `.`/`..` segments resolved, escaped once more (non-S3 services double-encode). */
function canonicalUri(rawPath: string): string {
  const segments: string[] = [];
  for (const seg of rawPath.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') segments.pop();
    else segments.push(seg);
  }
  const path = `/${segments.join('/')}${segments.length > 0 && rawPath.endsWith('/') ? '/' : ''}`;
  return escapeUri(path).replace(/%2F/g, '/');
}

/** Query pairs decoded, re-escaped, sorted by name then value. */
function canonicalQuery(rawQuery: string): string {
  const byName = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(rawQuery)) {
    if (name.toLowerCase() === 'x-amz-signature') continue;
    const key = escapeUri(name);
    byName.set(key, [...(byName.get(key) ?? []), `${key}=${escapeUri(value)}`]);
  }
  return [...byName.keys()]
    .sort()
    .map((k) => byName.get(k)!.sort().join('&'))
    .join('&');
}

/** The signature the request should carry, or undefined when a signed header is absent. */
function expectedSignature(req: RefRequest, cfg: RefConfig, auth: ParsedAuthorization, amzDate: string): string | undefined {
  const names = [...auth.signedHeaders].sort();
  const lines: string[] = [];
  for (const name of names) {
    const value = req.headers[name];
    if (value === undefined) return undefined;
    lines.push(`${name}:${value.trim().replace(/\s+/g, ' ')}`);
  }
  const payloadHash = sha256Hex(req.body);
  const declared = req.headers['x-amz-content-sha256'];
  // The `sigv4-accepted` mutant takes the payload hash from X-Amz-Content-Sha256 only (as S3
  // does), so a validly signed query request, which carries no such header, never verifies.
  if (declared === undefined && isMutant(cfg, M.sigv4Accepted)) return undefined;
  if (declared !== undefined && declared !== payloadHash && declared !== 'UNSIGNED-PAYLOAD') return undefined;
  const canonicalRequest = [req.method, canonicalUri(req.rawPath), canonicalQuery(req.rawQuery), `${lines.join('\n')}\n`, names.join(';'), declared ?? payloadHash].join('\n');
  const scope = auth.scope.join('/');
  const stringToSign = [ALGORITHM, amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const [date, region, service, terminal] = auth.scope as [string, string, string, string];
  const key = hmac(hmac(hmac(hmac(`AWS4${cfg.yandex.secretAccessKey}`, date), region), service), terminal);
  return createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Undefined when the request is signed with the configured key; otherwise the error to answer. */
export function verifySigV4(req: RefRequest, cfg: RefConfig): YmqError | undefined {
  const y = cfg.yandex;
  const header = req.headers['authorization'];
  if (header === undefined || header.trim() === '') {
    if (isMutant(cfg, M.authMissing)) return undefined;
    return new YmqError('MissingAuthenticationToken', 'The request must contain a valid (registered) AWS access key id.');
  }

  const auth = parseAuthorization(header);
  const amzDateHeader = req.headers['x-amz-date'];
  const date = amzDateHeader === undefined ? undefined : parseAmzDate(amzDateHeader.trim());
  if (typeof auth === 'string' || date === undefined) {
    const why = typeof auth === 'string' ? auth : "Authorization header requires existence of a valid 'X-Amz-Date' header.";
    if (isMutant(cfg, M.authMalformed)) return new YmqError('SignatureDoesNotMatch', why);
    return new YmqError('IncompleteSignature', why);
  }

  // The `auth-unknown-key-id` mutant verifies any key id with the configured secret.
  if (auth.accessKeyId !== y.accessKeyId && !isMutant(cfg, M.authUnknownKeyId)) {
    return new YmqError('InvalidClientTokenId', 'The security token included in the request is invalid.');
  }

  // The `auth-clock-skew` mutant checks only a signing time in the past; `auth-clock-skew-within` allows 10 minutes.
  const skew = cfg.now().getTime() - date.getTime();
  const window = isMutant(cfg, M.authClockSkewWithin) ? 10 * 60 * 1000 : MAX_SKEW_MS;
  if (isMutant(cfg, M.authClockSkew) ? skew > window : Math.abs(skew) > window) {
    return new YmqError('RequestExpired', 'Signature expired: the request time is more than 15 minutes from the server time.');
  }

  const amzDate = amzDateHeader!.trim();
  const [scopeDate, region, service, terminal] = auth.scope;
  const mismatch = new YmqError('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
  if (scopeDate !== amzDate.slice(0, 8) || region !== y.region || service !== y.service || terminal !== 'aws4_request') return mismatch;
  if (!auth.signedHeaders.includes('host')) return mismatch;
  const expected = expectedSignature(req, cfg, auth, amzDate);
  if (isMutant(cfg, M.authBadSignature)) return undefined;
  if (expected === undefined || !sameHex(expected, auth.signature.toLowerCase())) return mismatch;
  return undefined;
}
