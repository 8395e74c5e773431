/**
 * The auth scheme registry: one plug-in per scheme (`schemes/<name>/`), registered once in
 * `SCHEMES` under the name its catalog entry has. Everything that depends on the scheme — signing,
 * what a token is for, sample credentials, redaction — goes through here, so no other layer
 * branches on a scheme name.
 */
import type { AuthModel } from '../model/operation.js';
import type { AuthStyle, AuthVariant, WireRequest } from '../model/request.js';
import { catalogEntry, schemeNames, secretFields, type SchemeName } from './catalog.js';
import type { Credentials } from './credentials.js';
import { REDACTED, redactKnownSecretHeader, scrubberFor, scrubSecrets } from './redact.js';
import type { AuthPlugin } from './scheme.js';
import { apiKey } from './schemes/api-key/index.js';
import { bearer } from './schemes/bearer/index.js';
import { none } from './schemes/none/index.js';
import { sas } from './schemes/sas/index.js';
import { sigv4 } from './schemes/sigv4/index.js';
import { wrap } from './schemes/wrap/index.js';

/** Every plug-in under its catalog name; the type demands exactly the catalog's names. */
export const SCHEMES: { readonly [K in SchemeName]: AuthPlugin<Credentials> } = {
  wrap,
  sas,
  sigv4,
  bearer,
  'api-key': apiKey,
  none,
};

/** The plug-in of a registered scheme; an unknown name is a harness bug (specs are checked at load). */
export function pluginFor(scheme: string): AuthPlugin<Credentials> {
  if (!Object.hasOwn(SCHEMES, scheme)) throw new Error(`unknown auth scheme "${scheme}"; known: ${schemeNames().join(', ')}`);
  return SCHEMES[scheme as SchemeName];
}

export interface SignOptions {
  credentials: Credentials;
  now: Date;
  /** The configured value of the entity the request goes to (topic path, hub path, queue URL). */
  entity: string;
  style?: AuthStyle;
  pick?: number;
}

/** `wire` carrying the variant's credentials for the operation's scheme. */
export function signRequest(auth: AuthModel, wire: WireRequest, variant: AuthVariant, o: SignOptions): Promise<WireRequest> {
  const plugin = pluginFor(auth.scheme);
  return plugin.sign(wire, variant, {
    credentials: o.credentials,
    now: o.now,
    resource: plugin.resource(wire, o.entity),
    ...(auth.header !== '' ? { header: auth.header } : {}),
    ...(o.style ? { style: o.style } : {}),
    ...(o.pick !== undefined ? { pick: o.pick } : {}),
  });
}

/**
 * Whether a received request's credentials have the form of the operation's scheme, for the
 * request's entity (`entity`: the configured value, e.g. the hub path). `undefined`: the scheme's
 * plug-in does not read its header.
 */
export function inspectCredentials(auth: AuthModel, wire: WireRequest, entity: string): { ok: boolean; detail: string } | undefined {
  const plugin = pluginFor(auth.scheme);
  return plugin.inspect?.(wire, plugin.resource(wire, entity));
}

/** Where `ruleprobe sample` sends, and with what, when no target config is given. */
export function sampleFor(auth: AuthModel): { baseUrl: string; credentials: Credentials } {
  const { sample } = pluginFor(auth.scheme);
  return { baseUrl: sample.baseUrl, credentials: { ...sample.credentials } };
}

/** The configured secrets of credentials (the values of the fields the scheme reads from the environment). */
export function credentialSecrets(credentials: Credentials): string[] {
  const entry = catalogEntry(credentials.scheme);
  if (!entry) return [];
  return secretFields(entry)
    .map((f) => credentials[f])
    .filter((v): v is string => typeof v === 'string' && v !== '');
}

/**
 * Parts cut from a header shorter than this are framing or public fields (an `se`, a rule name),
 * not worth cutting from a response body; signatures, tokens and keys are longer.
 */
const MIN_ECHOED_SECRET = 8;

export interface RedactedRequest {
  url: string;
  headers: Array<[string, string]>;
  /**
   * Every secret the request carried (the parts cut from its headers) and the credentials hold,
   * for `scrubSecrets` to cut from anything else recorded with it: a response that echoes them.
   */
  secrets: string[];
}

/**
 * A request as a report may show it: the scheme's secret headers (an API key header, `Authorization`)
 * redacted by its plug-in, the headers secret under every scheme redacted too, and any configured
 * secret that still occurs anywhere (a URL, another header) cut out.
 */
export function redactRequest(auth: AuthModel, credentials: Credentials | undefined, req: { url: string; headers: ReadonlyArray<readonly [string, string]> }): RedactedRequest {
  const plugin = pluginFor(auth.scheme);
  const own = new Set(plugin.secretHeaders(auth));
  const cut: string[] = [];
  const headers = req.headers.map(([name, value]): [string, string] => {
    const r = own.has(name.toLowerCase()) ? plugin.redact(name, value) : redactKnownSecretHeader(name, value);
    if (!r) return [name, value];
    cut.push(...r.cut);
    return [name, r.value];
  });
  const configured = credentials ? credentialSecrets(credentials) : [];
  const secrets = [...new Set([...configured, ...cut.filter((s) => s.length >= MIN_ECHOED_SECRET)])];
  return {
    url: scrubSecrets(req.url, configured),
    headers: headers.map(([n, v]): [string, string] => [n, v.includes(REDACTED) ? v : scrubSecrets(v, configured)]),
    secrets,
  };
}

/**
 * A response as a report may show it: every secret of its request cut from its header names,
 * header values and whole body (as latin1 text, one character a byte), and only then the body
 * cut to `previewChars`, so a secret the preview limit would split is cut whole. `bodyBytes`
 * stays the length received.
 */
export function redactResponse(res: { status: number; headers: Record<string, string>; body: Uint8Array; truncated: boolean }, secrets: readonly string[], previewChars: number): { status: number; headers: Record<string, string>; bodyBytes: number; body: string; bodyTruncated: boolean } {
  const scrub = scrubberFor(secrets);
  const bytes = Buffer.from(res.body.buffer, res.body.byteOffset, res.body.byteLength);
  // Only what can reach the preview is read: a secret ends within its own length past the cut.
  const reach = secrets.length ? previewChars + 10 * Math.max(...secrets.map((x) => x.length)) + 64 : previewChars;
  const text = scrub(bytes.subarray(0, reach).toString('latin1'));
  const named = new Map<string, string>();
  for (const [k, v] of Object.entries(res.headers)) {
    // Two names that differed only in a secret become one: both values kept.
    const name = scrub(k);
    const prev = named.get(name);
    named.set(name, prev === undefined ? scrub(v) : `${prev}, ${scrub(v)}`);
  }
  const headers = Object.fromEntries(named);
  return { status: res.status, headers, bodyBytes: bytes.length, body: text.slice(0, previewChars), bodyTruncated: text.length > previewChars || bytes.length > reach || res.truncated };
}

export { AUTH_CATALOG, authModel, catalogEntry, schemeNames, secretFields, wrongVariants, type SchemeName } from './catalog.js';
export type { Credentials } from './credentials.js';
export { InvalidCredentials, UnsupportedAuthVariant } from './errors.js';
export { MIN_EDGE, MIN_FRAGMENT, REDACTED, redactAuthorization, redactAuthorizationValue, scrubSecrets, secretScrubber } from './redact.js';
export type { AuthPlugin, Redaction, SchemeCatalogEntry, SignContext } from './scheme.js';
export { API_KEY_VARIANTS, type ApiKeyCredentials } from './schemes/api-key/index.js';
export { BEARER_MALFORMED_FORMS, BEARER_VARIANTS, type BearerCredentials } from './schemes/bearer/index.js';
export type { NoCredentials } from './schemes/none/index.js';
export { SAS_FIELDS, SAS_MALFORMED_FORMS, SAS_VARIANTS, type SasCredentials } from './schemes/sas/index.js';
export { CLOCK_SKEW_MS, SIGV4_MALFORMED_FORMS, SIGV4_VARIANTS, UNKNOWN_KEY_ID, type SigV4Credentials } from './schemes/sigv4/index.js';
export { WRAP_MALFORMED_FORMS, WRAP_VARIANTS, type WrapCredentials, type WrapIssuerCredentials, type WrapTokenCredentials } from './schemes/wrap/index.js';
