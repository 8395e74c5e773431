/**
 * AWS Signature Version 4 for Yandex Message Queue (PROTOCOL-FACTS §2.2, §2.3), computed by
 * @smithy/signature-v4 over the exact body bytes, with the Host header signed and x-amz-date taken
 * from the signing clock.
 */
import { createHash } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AuthVariant, WireRequest } from '../../../model/request.js';
import type { Credentials } from '../../credentials.js';
import { InvalidCredentials } from '../../errors.js';
import { redactAuthorizationParts, redactWhole } from '../../redact.js';
import type { AuthPlugin, SignContext } from '../../scheme.js';
import { pickForm, wrongKeyFor } from '../../_internals/derive.js';
import { replaceHeaders } from '../../_internals/request.js';
import { isVariantOf, notAVariant, stringField } from '../../_internals/variants.js';
import { SIGV4_CLOCK_SKEW_FORMS, SIGV4_MALFORMED_FORMS, sigv4Catalog, type SigV4MalformedForm, type SigV4Variant } from './catalog.js';

export { SIGV4_MALFORMED_FORMS, SIGV4_VARIANTS, sigv4Catalog } from './catalog.js';

/** An AWS-style static key pair, as Yandex service accounts issue them (PROTOCOL-FACTS §2.2). */
export type SigV4Credentials = {
  scheme: 'sigv4';
  accessKeyId: string;
  secretAccessKey: string;
  /** `ru-central1` for Yandex Message Queue. */
  region: string;
  /** `sqs` for Yandex Message Queue. */
  service: string;
};

/** §2.3: RequestExpired beyond 15 minutes either way; one more minute leaves no doubt. */
export const CLOCK_SKEW_MS = 16 * 60 * 1000;

/** The `signing-time` style: how far from the clock a valid request is signed. */
const SIGNING_OFFSET_MS: Record<string, number> = { now: 0, 'minus-14-minutes': -14 * 60 * 1000, 'plus-14-minutes': 14 * 60 * 1000 };

function signingOffset(ctx: SignContext): number {
  return SIGNING_OFFSET_MS[ctx.style?.choices?.['signing-time'] ?? 'now'] ?? 0;
}

/** Letters and digits only, so a strict key-id parser still reaches the lookup and answers InvalidClientTokenId. */
export const UNKNOWN_KEY_ID = 'RULEPROBEUNKNOWNKEYID';

/** Headers the signer writes; any the encoder set are dropped so a request never carries two signatures. */
const SIGNER_HEADERS = ['authorization', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256'];

interface Key {
  accessKeyId: string;
  secretAccessKey: string;
}

/** The request to sign: signer headers removed and Host added when absent, so its signed value is the one sent. */
function prepare(req: WireRequest): WireRequest {
  const base = replaceHeaders(req, SIGNER_HEADERS, []);
  if (base.headers.some(([name]) => name.toLowerCase() === 'host')) return base;
  return { ...base, headers: [['Host', new URL(req.url).host], ...base.headers] };
}

const CONTENT_SHA256 = 'x-amz-content-sha256';
const UNSIGNABLE = new Set([CONTENT_SHA256]);

/**
 * The SHA-256 (hex) of each body signed, by the body's bytes object: wire bodies are never
 * written to, so a body sent again (a cached case, a re-signed replay) is hashed once. Weak, so
 * a hash lives as long as its body.
 */
const PAYLOAD_HASHES = new WeakMap<Uint8Array, string>();

export function payloadHash(body: Uint8Array): string {
  let hash = PAYLOAD_HASHES.get(body);
  if (hash === undefined) {
    hash = createHash('sha256').update(body).digest('hex');
    PAYLOAD_HASHES.set(body, hash);
  }
  return hash;
}

/**
 * One signer per key pair, region and service, kept for the process (a handful at most: the
 * configured key and its deliberately wrong variants). The signer derives each day's signing
 * key once (@smithy/signature-v4 caches derived keys per date, region and service).
 */
const SIGNERS = new Map<string, SignatureV4>();

function signerFor(key: Key, creds: SigV4Credentials): SignatureV4 {
  const id = JSON.stringify([key.accessKeyId, key.secretAccessKey, creds.region, creds.service]);
  let signer = SIGNERS.get(id);
  if (!signer) {
    if (SIGNERS.size >= 32) SIGNERS.clear();
    signer = new SignatureV4({ credentials: key, region: creds.region, service: creds.service, sha256: Hash.bind(null, 'sha256'), applyChecksum: false });
    SIGNERS.set(id, signer);
  }
  return signer;
}

/** The Authorization and x-amz-date values for `req` signed with `key` at `date`. */
async function authorize(req: WireRequest, key: Key, creds: SigV4Credentials, date: Date): Promise<{ authorization: string; amzDate: string }> {
  const url = new URL(req.url);
  const headers: Record<string, string> = {};
  for (const [name, value] of req.headers) {
    const lower = name.toLowerCase();
    // Repeated headers are one comma-joined canonical header in SigV4.
    headers[lower] = lower in headers ? `${headers[lower]},${value}` : value;
  }
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of url.searchParams) {
    const seen = query[name];
    query[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  const request = new HttpRequest({
    method: req.method,
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: url.pathname,
    query,
    headers,
    body: req.body,
  });
  // The payload hash goes in as x-amz-content-sha256, which the signer takes instead of hashing
  // the body again; the header is unsignable, so it is neither signed nor sent (no
  // x-amz-content-sha256: SQS-style services do not need it, and without it the output matches
  // AWS's published test suite byte for byte).
  request.headers[CONTENT_SHA256] = payloadHash(req.body);
  const signed = await signerFor(key, creds).sign(request, { signingDate: date, unsignableHeaders: UNSIGNABLE });
  const authorization = signed.headers['authorization'];
  const amzDate = signed.headers['x-amz-date'];
  if (authorization === undefined || amzDate === undefined) throw new Error('@smithy/signature-v4 returned no Authorization or x-amz-date');
  return { authorization, amzDate };
}

function malformed(authorization: string, form: SigV4MalformedForm): string {
  const m = /^(\S+) Credential=([^,]*), SignedHeaders=([^,]*), Signature=(.*)$/.exec(authorization);
  if (!m) throw new Error(`unexpected SigV4 Authorization layout: ${authorization.replace(/Signature=.*/, 'Signature=…')}`);
  const [, algorithm, credential, signedHeaders, signature] = m;
  switch (form) {
    case 'no-signature':
      return `${algorithm} Credential=${credential}, SignedHeaders=${signedHeaders}`;
    case 'no-signed-headers':
      return `${algorithm} Credential=${credential}, Signature=${signature}`;
    case 'no-credential':
      return `${algorithm} SignedHeaders=${signedHeaders}, Signature=${signature}`;
  }
}

function sigv4Credentials(c: Credentials): SigV4Credentials {
  if (c.scheme !== 'sigv4') throw new InvalidCredentials('sigv4', `got ${c.scheme} credentials for a SigV4-signed operation`);
  const [accessKeyId, secretAccessKey, region, service] = ['accessKeyId', 'secretAccessKey', 'region', 'service'].map((f) => stringField(c, f));
  if (accessKeyId === undefined || secretAccessKey === undefined || region === undefined || service === undefined) {
    throw new InvalidCredentials('sigv4', 'needs accessKeyId, secretAccessKey, region and service');
  }
  return { scheme: 'sigv4', accessKeyId, secretAccessKey, region, service };
}

export async function sign(req: WireRequest, variant: AuthVariant, ctx: SignContext): Promise<WireRequest> {
  const creds = sigv4Credentials(ctx.credentials);
  if (!isVariantOf<SigV4Variant>(sigv4Catalog, variant)) throw notAVariant(sigv4Catalog, variant);
  // "missing" means unsigned: no Authorization and none of the x-amz-* signing headers.
  if (variant === 'missing') return replaceHeaders(req, SIGNER_HEADERS, []);

  const base = prepare(req);
  const right: Key = { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey };
  const key: Key =
    variant === 'bad-signature'
      ? { ...right, secretAccessKey: wrongKeyFor(creds.secretAccessKey) }
      : variant === 'unknown-key-id'
        ? { ...right, accessKeyId: creds.accessKeyId === UNKNOWN_KEY_ID ? `${UNKNOWN_KEY_ID}0` : UNKNOWN_KEY_ID }
        : right;
  const date = new Date(ctx.now.getTime() + (variant === 'clock-skew' ? (pickForm(SIGV4_CLOCK_SKEW_FORMS, ctx.pick) === 'future' ? CLOCK_SKEW_MS : -CLOCK_SKEW_MS) : signingOffset(ctx)));
  const { authorization, amzDate } = await authorize(base, key, creds, date);

  const value =
    variant === 'empty' ? '' : variant === 'malformed' ? malformed(authorization, pickForm(SIGV4_MALFORMED_FORMS, ctx.pick)) : authorization;
  return replaceHeaders(base, [], [
    ['X-Amz-Date', amzDate],
    ['Authorization', value],
  ]);
}

/**
 * The form of a SigV4 Authorization: `AWS4-HMAC-SHA256 Credential=<key id>/<yyyymmdd>/<region>/
 * <service>/aws4_request, SignedHeaders=<names;…>, Signature=<64 hex>`, host among the signed
 * headers, every signed header present, and an X-Amz-Date whose day is the credential's.
 */
function inspect(wire: WireRequest): { ok: boolean; detail: string } {
  const header = (name: string): string[] => wire.headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
  const values = header('authorization');
  if (values.length !== 1) return { ok: false, detail: 'the request does not carry exactly one Authorization header' };
  const m = /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request, ?SignedHeaders=([a-z0-9-]+(?:;[a-z0-9-]+)*), ?Signature=([0-9a-f]{64})$/.exec(values[0]!);
  if (!m) return { ok: false, detail: 'Authorization is not "AWS4-HMAC-SHA256 Credential=…/aws4_request, SignedHeaders=…, Signature=<64 hex>"' };
  const [, , day, region, service, signed] = m;
  const names = signed!.split(';');
  if (!names.includes('host')) return { ok: false, detail: 'host is not among the signed headers' };
  const unsent = names.filter((n) => n !== 'host' && header(n).length === 0);
  if (unsent.length) return { ok: false, detail: `signed header(s) ${unsent.join(', ')} not sent` };
  const date = header('x-amz-date')[0];
  if (date === undefined || !/^\d{8}T\d{6}Z$/.test(date)) return { ok: false, detail: 'no X-Amz-Date in the basic ISO 8601 form yyyymmddThhmmssZ' };
  if (date.slice(0, 8) !== day) return { ok: false, detail: `X-Amz-Date ${date} is not of the credential's day ${day}` };
  return { ok: true, detail: `an AWS4-HMAC-SHA256 signature for ${region}/${service}, signing ${names.join(';')}` };
}

export const sigv4: AuthPlugin<SigV4Credentials> = {
  inspect,
  catalog: sigv4Catalog,
  sign,
  // SigV4 signs the request URL itself.
  resource: (wire) => wire.url,
  sample: {
    baseUrl: 'https://message-queue.example.net',
    credentials: { scheme: 'sigv4', accessKeyId: 'AKIDSAMPLE', secretAccessKey: 'sample-secret-not-a-secret', region: 'ru-central1', service: 'sqs' },
  },
  secretHeaders: () => ['authorization', 'x-amz-security-token'],
  redact: (header, value) => (header.toLowerCase() === 'x-amz-security-token' ? redactWhole(value) : redactAuthorizationParts(value)),
};
