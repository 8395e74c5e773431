/**
 * SharedAccessSignature verification, written from PROTOCOL-FACTS §4 (SB-SAS, NH-CC), not from
 * the harness's signer:
 *
 *   Authorization: SharedAccessSignature sr=<enc URI>&sig=<enc base64>&se=<unix s>&skn=<rule>
 *
 * Fields may come in any order. sig = base64(HMAC-SHA256(key = UTF-8 of the key string as
 * given, msg = sr exactly as it appears in the header + "\n" + se)). sr percent-decodes (either
 * hex case) to the resource URI `http://{host}/{hub}`, compared case-insensitively; skn names
 * the configured rule; se lies in the future of the server's clock.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isMutant, type RefConfig } from '../types.js';
import { ruleId } from './rules.js';

export const SCHEME_WORD = 'SharedAccessSignature';

const FIELDS = ['sr', 'sig', 'se', 'skn'] as const;
type Field = (typeof FIELDS)[number];

/** The token as sent: each field's value exactly as it appears in the header, and the order. */
interface ParsedToken {
  values: Partial<Record<Field, string>>;
  order: Field[];
}

export type SasVerdict = { ok: true } | { ok: false; reason: string };

const fail = (reason: string): SasVerdict => ({ ok: false, reason });

function isField(name: string): name is Field {
  return (FIELDS as readonly string[]).includes(name);
}

/**
 * Strict framing: the scheme word (case-insensitive, RFC 9110 §11.1), one or more spaces, then
 * `name=value` pairs joined by `&` with no whitespace anywhere in the token. A known field named
 * twice is malformed; unknown fields are ignored, as the service ignores them.
 */
function parseStrict(header: string): ParsedToken | string {
  const m = /^(\S+) +(\S+)$/.exec(header);
  if (!m) return 'the Authorization value is not "<scheme> <token>"';
  if (m[1]!.toLowerCase() !== SCHEME_WORD.toLowerCase()) return `the scheme is "${m[1]}", not ${SCHEME_WORD}`;
  const token: ParsedToken = { values: {}, order: [] };
  for (const part of m[2]!.split('&')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return `token part "${part.slice(0, 40)}" is not name=value`;
    const name = part.slice(0, eq);
    if (!isField(name)) continue;
    if (token.values[name] !== undefined) return `field ${name} appears twice`;
    token.values[name] = part.slice(eq + 1);
    token.order.push(name);
  }
  return token;
}

/**
 * Mutant auth-malformed: takes `name=value` pairs wherever they are — any scheme word or none,
 * separated by `&` or by commas — so a token that does not frame as SAS is read anyway.
 */
function parseLenient(header: string): ParsedToken {
  const token: ParsedToken = { values: {}, order: [] };
  for (const part of header.trim().split(/\s*[&,]\s*|\s+/)) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq);
    if (!isField(name) || token.values[name] !== undefined) continue;
    token.values[name] = part.slice(eq + 1);
    token.order.push(name);
  }
  return token;
}

function percentDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/** `encodeURIComponent` with lower-case hex, as NH-CC's samples write sr. */
function lowerHexEncode(s: string): string {
  return encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Verifies the Authorization header of a request for `resource` (`http://{host}/{hub}`). The
 * mutants of the auth rules each switch off one step.
 */
export function verifySas(header: string | undefined, resource: string, cfg: RefConfig): SasVerdict {
  const nh = cfg.notificationHubs;
  if (header === undefined) return fail('no Authorization header');
  if (header.trim() === '') return fail('the Authorization header is empty');

  const parsed = isMutant(cfg, ruleId('auth-malformed')) ? parseLenient(header) : parseStrict(header);
  if (typeof parsed === 'string') return fail(parsed);
  const { values, order } = parsed;

  // Mutant auth-missing-field: a missing field is filled in (sr: the request's resource, se: no
  // expiry, skn: the configured rule), and without sig or se the signature goes unchecked.
  const tolerateMissing = isMutant(cfg, ruleId('auth-missing-field'));
  const missing = FIELDS.filter((f) => values[f] === undefined);
  if (missing.length && !tolerateMissing) return fail(`the token has no ${missing.join(', ')}`);

  // Mutant sas-token-forms: the token is read positionally, in SB-SAS order only.
  if (isMutant(cfg, ruleId('sas-token-forms')) && order.join('&') !== FIELDS.filter((f) => values[f] !== undefined).join('&')) {
    return fail('the token fields are not in the order sr, sig, se, skn');
  }

  const srRaw = values.sr ?? lowerHexEncode(resource.toLowerCase());
  const sr = percentDecode(srRaw);
  if (sr === undefined) return fail('sr is not percent-encoded text');
  const seRaw = values.se;
  if (seRaw !== undefined && !/^\d{1,20}$/.test(seRaw)) return fail('se is not a number of seconds');
  const skn = values.skn === undefined ? nh.keyName : percentDecode(values.skn);
  if (skn === undefined) return fail('skn is not percent-encoded text');

  if (skn !== nh.keyName) return fail(`no rule named "${skn}"`);

  if (!isMutant(cfg, ruleId('auth-wrong-resource')) && sr.toLowerCase() !== resource.toLowerCase()) {
    return fail(`the token is for ${sr}, not ${resource}`);
  }

  if (seRaw !== undefined && !isMutant(cfg, ruleId('auth-expired')) && Number(seRaw) * 1000 <= cfg.now().getTime()) {
    return fail(`the token expired at ${seRaw}`);
  }

  if (values.sig !== undefined && seRaw !== undefined && !isMutant(cfg, ruleId('auth-wrong-key'))) {
    const sig = percentDecode(values.sig);
    if (sig === undefined) return fail('sig is not percent-encoded text');
    // Mutant sas-accepted: the string-to-sign is rebuilt from the decoded resource with
    // lower-case hex instead of taken from sr as sent, so an upper-case-hex sr never verifies.
    const signed = isMutant(cfg, ruleId('sas-accepted')) ? lowerHexEncode(sr) : srRaw;
    const expected = createHmac('sha256', Buffer.from(nh.key, 'utf8')).update(`${signed}\n${seRaw}`, 'utf8').digest('base64');
    if (!sameText(sig, expected)) return fail('the signature does not match');
  }
  return { ok: true };
}
