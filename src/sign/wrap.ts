/**
 * WRAP v0.9.7.2 tokens holding a Simple Web Token, as the seed's Send Message asks for
 * (PROTOCOL-FACTS §1.1, §1.4 / SB-ACS). The harness mints the SWT the way ACS did.
 *
 * SWT HMAC key: the base64-DECODED `issuerKey`. SB-ACS documents only the token, not its key; SWT
 * keys are 256-bit values written as base64 and every SWT validator in circulation decodes them
 * before keying the HMAC (auth10/SimpleWebToken `Convert.FromBase64String(SharedKeyBase64)`,
 * leandrob/node-simplewebtoken `new Buffer(key, 'base64')`). That is the opposite of SAS (§4),
 * where the key string's own UTF-8 bytes are the key, hence the two are kept apart on purpose.
 * The HMAC covers the token up to (not including) `&HMACSHA256=`.
 */
import { createHmac } from 'node:crypto';
import type { AuthVariant, WireRequest } from '../model/request.js';
import type { WrapCredentials, WrapIssuerCredentials } from './credentials.js';
import { InvalidCredentials, UnsupportedAuthVariant } from './errors.js';
import type { SignContext, Signer } from './signer.js';
import { epochSeconds, pickForm, wrongKeyFor } from './_internals/derive.js';
import { percentEncode } from './_internals/encode.js';
import { withAuthorization } from './_internals/request.js';

export const WRAP_VARIANTS = [
  'valid',
  'missing',
  'empty',
  'wrong-key',
  'wrong-scheme',
  'malformed',
  'expired',
  'wrong-resource',
] as const satisfies readonly AuthVariant[];

type WrapVariant = (typeof WRAP_VARIANTS)[number];

const WHY_NOT: Record<Exclude<AuthVariant, WrapVariant>, string> = {
  'missing-field': 'SB-ACS lists no required SWT claims to leave out; a token without its parts is one of the malformed forms',
  'unknown-key-id': 'a SWT names no key; a token signed with another key is the wrong-key variant',
  'bad-signature': 'a SWT has no separate key id and secret; a token signed with another key is the wrong-key variant',
  'clock-skew': 'a SWT carries no signing time, only ExpiresOn; a token past ExpiresOn is the expired variant',
};

/**
 * The `malformed` forms (the spec's auth-malformed title lists the same five), chosen by `pick`.
 * Each breaks the `WRAP access_token="{swt}"` framing in one way only.
 */
export const WRAP_MALFORMED_FORMS = [
  /** `WRAP "{swt}"` */
  'no-access-token-name',
  /** `WRAP access_token={swt}` */
  'unquoted',
  /** `WRAP access_token=”{swt}”`, U+201D on both sides as the seed prints it (§1.1). */
  'typographic-quotes',
  /** `WRAP access_token="{swt}` */
  'unbalanced-quote',
  /** `WRAP access_token="{base64url of the swt}"`: an opaque blob, not a form-encoded claim list. */
  'opaque-swt',
] as const;
export type WrapMalformedForm = (typeof WRAP_MALFORMED_FORMS)[number];

/**
 * U+201D as its UTF-8 bytes, one character per byte. Header values are bytes on the wire and
 * Node's HTTP clients refuse characters above U+00FF, so the WireRequest carries the bytes that a
 * client pasting the seed's quote would send (E2 80 9D); a transport writes header strings as latin1.
 */
export const TYPOGRAPHIC_QUOTE_BYTES = '\u00e2\u0080\u009d';

/** The ACS claim order of the SB-ACS example token; HMACSHA256 is appended last. */
const ACTION_CLAIM = 'net.windows.servicebus.action';
const IDENTITY_PROVIDER_CLAIM = 'http://schemas.microsoft.com/accesscontrolservice/2010/07/claims/identityprovider';
const DEFAULT_ACTIONS = ['Listen', 'Manage', 'Send'];

/** One hour, as the SAS signer uses; ACS itself issued tokens for 10799 s. */
const LIFETIME_SECONDS = 3600;
const EXPIRED_SECONDS_AGO = 3600;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function hmacKey(issuerKey: string): Buffer {
  // Buffer.from(…, 'base64') silently skips junk, so a raw (non-base64) key would sign with garbage.
  if (issuerKey === '' || !BASE64.test(issuerKey)) {
    throw new InvalidCredentials('wrap', `issuerKey must be base64 (the SWT HMAC is keyed with its decoded bytes); got ${issuerKey.length} characters that are not`);
  }
  return Buffer.from(issuerKey, 'base64');
}

/**
 * A SWT as a client sends it (after the one URL-decode of wrap_access_token): claim names and
 * values percent-encoded with lower-case hex, as ACS (.NET HttpUtility.UrlEncode) wrote them.
 */
export function mintSwt(creds: WrapIssuerCredentials, audience: string, expiresOn: number, signingKey: string): string {
  const claims: Array<[string, string]> = [
    [ACTION_CLAIM, (creds.actions ?? DEFAULT_ACTIONS).join(',')],
    [IDENTITY_PROVIDER_CLAIM, creds.identityProvider ?? creds.issuer],
    ['Audience', audience],
    ['ExpiresOn', String(expiresOn)],
    ['Issuer', creds.issuer],
  ];
  const unsigned = claims.map(([name, value]) => `${percentEncode(name, 'lower')}=${percentEncode(value, 'lower')}`).join('&');
  const mac = createHmac('sha256', hmacKey(signingKey)).update(unsigned, 'utf8').digest('base64');
  // Lower-case hex here too: the reference validator compares HttpUtility.UrlEncode(mac) as a string.
  return `${unsigned}&HMACSHA256=${percentEncode(mac, 'lower')}`;
}

/** The same host with its first label changed: another namespace's audience. */
/**
 * An audience for another namespace. Built as text, not through URL's hostname setter, which
 * silently ignores a change that would turn an IPv4 host into a name (`127.0.0.1`).
 */
export function otherNamespace(audience: string): string {
  const url = new URL(audience);
  const other = `ruleprobe-other-${url.hostname.replace(/[^A-Za-z0-9-]/g, '-')}.invalid`;
  return `${url.protocol}//${other}${url.port ? `:${url.port}` : ''}${url.pathname}`;
}

function malformed(swt: string, form: WrapMalformedForm): string {
  switch (form) {
    case 'no-access-token-name':
      return `WRAP "${swt}"`;
    case 'unquoted':
      return `WRAP access_token=${swt}`;
    case 'typographic-quotes':
      return `WRAP access_token=${TYPOGRAPHIC_QUOTE_BYTES}${swt}${TYPOGRAPHIC_QUOTE_BYTES}`;
    case 'unbalanced-quote':
      return `WRAP access_token="${swt}`;
    case 'opaque-swt':
      return `WRAP access_token="${Buffer.from(swt, 'utf8').toString('base64url')}"`;
  }
}

function wrapCredentials(ctx: SignContext): WrapCredentials {
  const c = ctx.credentials;
  if (c.scheme !== 'wrap') throw new InvalidCredentials('wrap', `got ${c.scheme} credentials for a WRAP-signed operation`);
  return c;
}

function isWrapVariant(variant: AuthVariant): variant is WrapVariant {
  return (WRAP_VARIANTS as readonly AuthVariant[]).includes(variant);
}

/** What a variant changes in the SWT itself; the framing variants reuse the valid SWT. */
type SwtFault = 'none' | 'wrong-key' | 'expired' | 'wrong-resource';

function swtMaker(creds: WrapCredentials, ctx: SignContext): (fault: SwtFault) => string {
  if ('token' in creds) {
    return (fault) => {
      if (fault === 'none') return creds.token;
      throw new UnsupportedAuthVariant('wrap', fault, 'the configured token is static and cannot be re-signed, re-dated or re-addressed; configure issuer and issuerKey so the harness mints SWTs');
    };
  }
  const now = epochSeconds(ctx.now);
  return (fault) =>
    mintSwt(
      creds,
      fault === 'wrong-resource' ? otherNamespace(ctx.resource) : ctx.resource,
      fault === 'expired' ? now - EXPIRED_SECONDS_AGO : now + LIFETIME_SECONDS,
      fault === 'wrong-key' ? wrongKeyFor(creds.issuerKey) : creds.issuerKey,
    );
}

function header(swt: string): string {
  return `WRAP access_token="${swt}"`;
}

export async function sign(req: WireRequest, variant: AuthVariant, ctx: SignContext): Promise<WireRequest> {
  const creds = wrapCredentials(ctx);
  if (!isWrapVariant(variant)) throw new UnsupportedAuthVariant('wrap', variant, WHY_NOT[variant]);
  const swt = swtMaker(creds, ctx);

  switch (variant) {
    case 'valid':
      return withAuthorization(req, header(swt('none')));
    case 'missing':
      return withAuthorization(req, null);
    case 'empty':
      return withAuthorization(req, '');
    case 'wrong-scheme':
      // The valid token under the real service's other scheme word: only the scheme is wrong.
      return withAuthorization(req, `Bearer access_token="${swt('none')}"`);
    case 'malformed':
      return withAuthorization(req, malformed(swt('none'), pickForm(WRAP_MALFORMED_FORMS, ctx.pick)));
    case 'wrong-key':
    case 'expired':
    case 'wrong-resource':
      // Each correctly formed and differing from the valid token in that one respect.
      return withAuthorization(req, header(swt(variant)));
  }
}

export const wrapSigner: Signer = { scheme: 'wrap', variants: WRAP_VARIANTS, sign };
