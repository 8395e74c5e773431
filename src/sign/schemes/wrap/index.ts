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
import type { AuthVariant, WireRequest } from '../../../model/request.js';
import type { Credentials } from '../../credentials.js';
import { InvalidCredentials, UnsupportedAuthVariant } from '../../errors.js';
import { redactAuthorizationParts } from '../../redact.js';
import type { AuthPlugin, SignContext } from '../../scheme.js';
import { epochSeconds, pickForm, wrongKeyFor, wrongTokenFor } from '../../_internals/derive.js';
import { percentEncode } from '../../_internals/encode.js';
import { withAuthorization } from '../../_internals/request.js';
import { isVariantOf, notAVariant, stringField } from '../../_internals/variants.js';
import { WRAP_MALFORMED_FORMS, wrapCatalog, type WrapMalformedForm, type WrapVariant } from './catalog.js';

export { WRAP_MALFORMED_FORMS, WRAP_VARIANTS, wrapCatalog } from './catalog.js';

/**
 * WRAP with SWTs the harness mints itself, as ACS did (PROTOCOL-FACTS §1.4). ACS is retired, so
 * the only way to hold a valid token today is to be the issuer the target trusts; minting also
 * lets the harness make the expired, wrong-audience and wrongly signed tokens.
 */
export type WrapIssuerCredentials = {
  scheme: 'wrap';
  /** The SWT `Issuer` claim the target expects; ACS wrote `https://{ns}-sb.accesscontrol.windows.net/`. */
  issuer: string;
  /** The 256-bit token-signing key, written as base64; the HMAC is keyed with the decoded bytes. */
  issuerKey: string;
  /** `net.windows.servicebus.action` rights; default `Listen,Manage,Send`, as in the SB-ACS example token. */
  actions?: string[];
  /** The ACS `identityprovider` claim; default `issuer`, as in the SB-ACS example token. */
  identityProvider?: string;
};

/**
 * WRAP with a token obtained elsewhere (the SWT after the one URL-decode clients do). The harness
 * can only send it or spoil its framing, so expired/wrong-key/wrong-resource are unsupported.
 */
export type WrapTokenCredentials = { scheme: 'wrap'; token: string };

export type WrapCredentials = WrapIssuerCredentials | WrapTokenCredentials;

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
    case 'unbalanced-quote':
      return `WRAP access_token="${swt}`;
    case 'opaque-swt':
      return `WRAP access_token="${Buffer.from(swt, 'utf8').toString('base64url')}"`;
  }
}

function wrapCredentials(c: Credentials): WrapCredentials {
  if (c.scheme !== 'wrap') throw new InvalidCredentials('wrap', `got ${c.scheme} credentials for a WRAP-signed operation`);
  const token = stringField(c, 'token');
  if (token !== undefined) return { scheme: 'wrap', token };
  const issuer = stringField(c, 'issuer');
  const issuerKey = stringField(c, 'issuerKey');
  if (issuer === undefined || issuerKey === undefined) throw new InvalidCredentials('wrap', 'needs issuer and issuerKey, or a token');
  const actions = c['actions'];
  if (actions !== undefined && !(Array.isArray(actions) && actions.every((a) => typeof a === 'string'))) throw new InvalidCredentials('wrap', 'actions must be a list of strings');
  const identityProvider = stringField(c, 'identityProvider');
  return { scheme: 'wrap', issuer, issuerKey, ...(actions ? { actions: actions as string[] } : {}), ...(identityProvider !== undefined ? { identityProvider } : {}) };
}

/** What a variant changes in the SWT itself; the framing variants reuse the valid SWT. */
type SwtFault = 'none' | 'wrong-key' | 'expired' | 'wrong-resource';

function swtMaker(creds: WrapCredentials, ctx: SignContext): (fault: SwtFault) => string {
  if ('token' in creds) {
    return (fault) => {
      if (fault === 'none') return creds.token;
      // The configured claims with a signature that is certainly not the issuer's: what a token
      // signed with another key looks like to the target.
      if (fault === 'wrong-key') return resignedWrongly(creds.token);
      throw new UnsupportedAuthVariant(
        'wrap',
        fault,
        'the configured token is static: changing its expiry or audience would also break its signature, so the request could not tell that rule apart from a wrong key; configure issuer and issuerKey so the harness mints SWTs',
      );
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

/** The SWT with every letter and digit of its HMACSHA256 value shifted (a token without one gets a signature that is wrong). */
function resignedWrongly(swt: string): string {
  const at = swt.lastIndexOf('HMACSHA256=');
  if (at < 0) return `${swt}&HMACSHA256=${wrongTokenFor('ruleprobe')}`;
  const start = at + 'HMACSHA256='.length;
  const end = swt.indexOf('&', start) < 0 ? swt.length : swt.indexOf('&', start);
  // Shifted as the base64 it is (its escapes decoded first), so it stays a well-formed signature.
  const value = swt.slice(start, end);
  let decoded = value;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    // Not percent-encoded after all: shift it as written.
  }
  const shifted = wrongTokenFor(decoded);
  return `${swt.slice(0, start)}${decoded === value ? shifted : encodeURIComponent(shifted)}${swt.slice(end)}`;
}

function header(swt: string): string {
  return `WRAP access_token="${swt}"`;
}

export async function sign(req: WireRequest, variant: AuthVariant, ctx: SignContext): Promise<WireRequest> {
  const creds = wrapCredentials(ctx.credentials);
  if (!isVariantOf<WrapVariant>(wrapCatalog, variant)) throw notAVariant(wrapCatalog, variant);
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

/** The SWT audience is the namespace: `http://{host}/`, http even for https calls (SB-ACS). */
function resource(wire: WireRequest): string {
  return `http://${new URL(wire.url).host}/`;
}

export const wrap: AuthPlugin<WrapIssuerCredentials> = {
  catalog: wrapCatalog,
  sign,
  resource,
  sample: {
    baseUrl: 'https://ruleprobe-sample.servicebus.windows.net',
    credentials: { scheme: 'wrap', issuer: 'owner', issuerKey: Buffer.from('sample-issuer-key-not-a-secret').toString('base64') },
  },
  secretHeaders: () => ['authorization'],
  redact: (_header, value) => redactAuthorizationParts(value),
};
