/**
 * The seed's Authorization: `WRAP access_token="{swt}"` (PROTOCOL-FACTS §1.1, §1.4), checked the
 * way an ACS relying party checks it. Written from the documents, not from the harness's signer.
 *
 * A SWT is a form-encoded claim list whose last pair is `HMACSHA256=<base64>`; the HMAC-SHA256 is
 * keyed with the base64-DECODED issuer key and covers the token text before `&HMACSHA256=`. Claims
 * checked: ExpiresOn (epoch seconds, in the future), Audience (`http://{host}/`, the namespace the
 * request went to), Issuer (the configured issuer) and net.windows.servicebus.action (lists Send).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Which checks run; a mutant turns exactly one of them off. */
export interface WrapChecks {
  /** The scheme word must be WRAP. */
  scheme: boolean;
  /** The credentials must be exactly `access_token="{swt}"` (ASCII quotes). */
  framing: boolean;
  hmac: boolean;
  expiry: boolean;
  audience: boolean;
}

export type WrapVerdict = { ok: true; scheme: string } | { ok: false; detail: string };

const SCHEME = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+)[ \t]+([\s\S]*)$/;
/** auth-param `access_token = quoted-string` (RFC 9110 §11.2: BWS around `=`, name case-insensitive). */
const ACCESS_TOKEN = /^access_token[ \t]*=[ \t]*"([^"\\]*)"[ \t]*$/i;

const ACTION_CLAIM = 'net.windows.servicebus.action';
const HMAC_NAME = 'HMACSHA256';
const BASE64_32 = /^[A-Za-z0-9+/]{43}=$/;

/** Form decoding of one SWT name or value: `+` is a space, `%XX` a byte of UTF-8. */
function formDecode(s: string): string | null {
  if (/%(?![0-9A-Fa-f]{2})/.test(s)) return null;
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/** `name=value&…` → claims in order, or null when it is not a form-encoded list. */
function parseClaims(text: string): Map<string, string> | null {
  if (text === '') return null;
  const out = new Map<string, string>();
  for (const pair of text.split('&')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) return null;
    const name = formDecode(pair.slice(0, eq));
    const value = formDecode(pair.slice(eq + 1));
    if (name === null || value === null || name === '' || out.has(name)) return null;
    out.set(name, value);
  }
  return out;
}

/** The lenient framing a sloppy server reads: any quotes, or none, around the token; `access_token=` optional. */
function lenientToken(credentials: string): string {
  const QUOTES = /^(?:"|\u00e2\u0080[\u009c\u009d]|[\u201c\u201d])+|(?:"|\u00e2\u0080[\u009c\u009d]|[\u201c\u201d])+$/g;
  return credentials.trim().replace(/^access_token[ \t]*=[ \t]*/i, '').replace(QUOTES, '');
}

export interface WrapContext {
  /** The request's Authorization header (latin1: one char per byte), present. */
  header: string;
  /** The request's Host header: the namespace the token must be for. */
  host: string;
  issuer: string;
  /** base64; the HMAC key is its decoded bytes. */
  issuerKey: string;
  now: Date;
  checks: WrapChecks;
}

export function verifyWrap(ctx: WrapContext): WrapVerdict {
  const { checks } = ctx;
  const m = SCHEME.exec(ctx.header.trim());
  if (!m) return { ok: false, detail: 'The Authorization header is not "<scheme> <credentials>".' };
  const scheme = m[1]!;
  if (checks.scheme && scheme.toLowerCase() !== 'wrap') return { ok: false, detail: `The authorization scheme ${JSON.stringify(scheme)} is not supported; use WRAP access_token="{swt}".` };

  let swt: string;
  if (checks.framing) {
    const t = ACCESS_TOKEN.exec(m[2]!);
    if (!t) return { ok: false, detail: 'Malformed WRAP credentials; expected WRAP access_token="{swt}".' };
    swt = t[1]!;
  } else {
    swt = lenientToken(m[2]!);
  }

  // The SWT: claims, then HMACSHA256 last.
  const at = swt.lastIndexOf(`&${HMAC_NAME}=`);
  if (at < 0) return { ok: false, detail: 'The token is not a SimpleWebToken: no HMACSHA256 at its end.' };
  const signed = swt.slice(0, at);
  const macText = swt.slice(at + HMAC_NAME.length + 2);
  const claims = parseClaims(signed);
  const mac = macText.includes('&') || macText.includes('=') ? null : formDecode(macText);
  if (!claims || mac === null || claims.has(HMAC_NAME)) return { ok: false, detail: 'The token is not a SimpleWebToken: its claims are not form-encoded.' };

  if (checks.hmac) {
    if (!BASE64_32.test(mac)) return { ok: false, detail: 'The token signature is not a base64 HMAC-SHA256.' };
    const expected = createHmac('sha256', Buffer.from(ctx.issuerKey, 'base64')).update(Buffer.from(signed, 'latin1')).digest();
    if (!timingSafeEqual(expected, Buffer.from(mac, 'base64'))) return { ok: false, detail: 'The token signature does not verify.' };
  }

  const expiresOn = claims.get('ExpiresOn');
  if (expiresOn === undefined || !/^\d{1,15}$/.test(expiresOn)) return { ok: false, detail: 'The token has no valid ExpiresOn.' };
  if (checks.expiry && Number(expiresOn) * 1000 <= ctx.now.getTime()) return { ok: false, detail: 'The token has expired.' };

  const audience = claims.get('Audience');
  if (audience === undefined) return { ok: false, detail: 'The token has no Audience.' };
  if (checks.audience && (ctx.host === '' || audience.toLowerCase() !== `http://${ctx.host}/`.toLowerCase())) {
    return { ok: false, detail: 'The token audience is not this namespace.' };
  }

  if (claims.get('Issuer') !== ctx.issuer) return { ok: false, detail: 'The token issuer is not trusted.' };
  const actions = (claims.get(ACTION_CLAIM) ?? '').split(',').map((a) => a.trim());
  if (!actions.includes('Send')) return { ok: false, detail: 'The token does not grant the Send claim.' };
  return { ok: true, scheme };
}
