/**
 * SharedAccessSignature tokens for Service Bus and Notification Hubs, exactly as PROTOCOL-FACTS §4
 * (SB-SAS, NH-CC) describes them, including its worked example.
 */
import { createHmac } from 'node:crypto';
import type { AuthVariant, WireRequest } from '../../../model/request.js';
import type { Credentials } from '../../credentials.js';
import { InvalidCredentials } from '../../errors.js';
import { redactAuthorizationParts } from '../../redact.js';
import type { AuthPlugin, SignContext } from '../../scheme.js';
import { epochSeconds, pickForm, wrongKeyFor } from '../../_internals/derive.js';
import { percentEncode } from '../../_internals/encode.js';
import { withAuthorization } from '../../_internals/request.js';
import { isVariantOf, notAVariant, stringField } from '../../_internals/variants.js';
import { SAS_FIELDS, SAS_MALFORMED_FORMS, sasCatalog, type SasField, type SasMalformedForm, type SasVariant } from './catalog.js';

export { SAS_FIELDS, SAS_MALFORMED_FORMS, SAS_VARIANTS, sasCatalog } from './catalog.js';

/** A Service Bus / Notification Hubs shared access rule (PROTOCOL-FACTS §4). */
export type SasCredentials = {
  scheme: 'sas';
  /** The rule name, sent as `skn` (`DefaultFullSharedAccessSignature`). */
  keyName: string;
  /** The key string as shown in the portal; its UTF-8 bytes are the HMAC key (not base64-decoded). */
  key: string;
};

/** One hour, as the SB-SAS samples default to. */
const LIFETIME_SECONDS = 3600;
/** Far enough in the past that no clock-skew allowance can make the token valid again. */
const EXPIRED_SECONDS_AGO = 3600;

/** The four fields exactly as they appear in the header (already percent-encoded). */
type SasFields = Record<SasField, string>;

function sasFields(resource: string, key: string, keyName: string, se: number, srHex: 'lower' | 'upper'): SasFields {
  // §4: sr must be exactly the string signed, so the hex case chosen for sr is also the one signed.
  const sr = percentEncode(resource, srHex);
  const sig = createHmac('sha256', Buffer.from(key, 'utf8')).update(`${sr}\n${se}`, 'utf8').digest('base64');
  // sig keeps encodeURIComponent's upper-case hex whatever srHex says: that is what §4's worked
  // example (and NH-CC's JS sample) send, and srHex varies sr alone.
  return { sr, sig: percentEncode(sig, 'upper'), se: String(se), skn: keyName };
}

function order(ctx: SignContext): readonly SasField[] {
  // sig-first is NH-CC's `sig=…&se=…&skn=…&sr=…`; sr-first is SB-SAS's.
  return ctx.style?.choices?.['field-order'] === 'sig-first' ? ['sig', 'se', 'skn', 'sr'] : SAS_FIELDS;
}

function joinFields(fields: SasFields, names: readonly SasField[], separator = '&'): string {
  return names.map((name) => `${name}=${fields[name]}`).join(separator);
}

/** A sibling entity of the resource (or one entity under a namespace-wide resource), never covered by it. */
function otherEntity(resource: string): string {
  const url = new URL(resource);
  const segments = url.pathname.split('/');
  let last = segments.length - 1;
  while (last > 0 && segments[last] === '') last -= 1;
  if (last <= 0) url.pathname = '/ruleprobe-other-entity';
  else {
    segments[last] = `${segments[last]}-ruleprobe-other`;
    url.pathname = segments.join('/');
  }
  return url.href;
}

function malformed(fields: SasFields, names: readonly SasField[], form: SasMalformedForm): string {
  switch (form) {
    case 'values-only':
      return `SharedAccessSignature ${names.map((name) => fields[name]).join('&')}`;
    case 'no-scheme-word':
      return joinFields(fields, names);
    case 'misspelt-scheme-word':
      return `SharedAccessKey ${joinFields(fields, names)}`;
    case 'comma-separated':
      return `SharedAccessSignature ${joinFields(fields, names, ', ')}`;
  }
}

function sasCredentials(c: Credentials): SasCredentials {
  if (c.scheme !== 'sas') throw new InvalidCredentials('sas', `got ${c.scheme} credentials for a SAS-signed operation`);
  const keyName = stringField(c, 'keyName');
  const key = stringField(c, 'key');
  if (keyName === undefined || key === undefined) throw new InvalidCredentials('sas', 'needs keyName and key');
  return { scheme: 'sas', keyName, key };
}

export async function sign(req: WireRequest, variant: AuthVariant, ctx: SignContext): Promise<WireRequest> {
  const creds = sasCredentials(ctx.credentials);
  if (!isVariantOf<SasVariant>(sasCatalog, variant)) throw notAVariant(sasCatalog, variant);
  const now = epochSeconds(ctx.now);
  const srHex = ctx.style?.choices?.['sr-hex'] === 'upper' ? 'upper' : 'lower';
  const names = order(ctx);
  const valid = (): SasFields => sasFields(ctx.resource, creds.key, creds.keyName, now + LIFETIME_SECONDS, srHex);
  const token = (fields: SasFields, fieldNames: readonly SasField[] = names): string =>
    `SharedAccessSignature ${joinFields(fields, fieldNames)}`;

  switch (variant) {
    case 'valid':
      return withAuthorization(req, token(valid()));
    case 'missing':
      return withAuthorization(req, null);
    case 'empty':
      return withAuthorization(req, '');
    case 'expired':
      return withAuthorization(req, token(sasFields(ctx.resource, creds.key, creds.keyName, now - EXPIRED_SECONDS_AGO, srHex)));
    case 'wrong-key':
      return withAuthorization(req, token(sasFields(ctx.resource, wrongKeyFor(creds.key), creds.keyName, now + LIFETIME_SECONDS, srHex)));
    case 'wrong-resource':
      // Correctly signed, so only the resource is wrong.
      return withAuthorization(req, token(sasFields(otherEntity(ctx.resource), creds.key, creds.keyName, now + LIFETIME_SECONDS, srHex)));
    case 'wrong-scheme':
      // Bearer is the real service's other scheme, so the target must read the scheme word, not only the fields.
      return withAuthorization(req, `Bearer ${joinFields(valid(), names)}`);
    case 'unknown-key-id':
      // Signed with the right key under a rule name no entity has.
      return withAuthorization(req, token({ ...valid(), skn: `${creds.keyName}-ruleprobe-unknown` }));
    case 'missing-field': {
      const omit = pickForm(SAS_FIELDS, ctx.pick);
      return withAuthorization(req, token(valid(), names.filter((name) => name !== omit)));
    }
    case 'malformed':
      return withAuthorization(req, malformed(valid(), names, pickForm(SAS_MALFORMED_FORMS, ctx.pick)));
  }
}

/** The entity's URI, lower-cased, with http: even for https calls (SB-SAS, NH-CC). */
function resource(wire: WireRequest, entity: string): string {
  return `http://${new URL(wire.url).host}/${entity.replace(/^\/+|\/+$/g, '')}`.toLowerCase();
}

/** The request's Authorization value, when it has exactly one. */
function authorizationOf(wire: WireRequest): string | undefined {
  const values = wire.headers.filter(([n]) => n.toLowerCase() === 'authorization').map(([, v]) => v);
  return values.length === 1 ? values[0] : undefined;
}

const pathSegments = (url: URL): string[] => url.pathname.split('/').filter((s) => s !== '').map((s) => s.toLowerCase());

/**
 * §4's form: `SharedAccessSignature` and the four fields, each once, joined by `&`; se whole
 * seconds; sig the percent-encoded base64 of a 32-byte HMAC-SHA256; sr the percent-encoded URI
 * of the request's resource or of one of its parents, on the request's host ("a token is valid
 * for the resource and everything under it"), with http: or https:.
 */
function inspect(wire: WireRequest, resource: string): { ok: boolean; detail: string } {
  const value = authorizationOf(wire);
  if (value === undefined) return { ok: false, detail: 'the request does not carry exactly one Authorization header' };
  const m = /^SharedAccessSignature (\S+)$/i.exec(value);
  if (!m) return { ok: false, detail: 'Authorization is not "SharedAccessSignature <fields>"' };
  const fields = new Map<string, string>();
  for (const part of m[1]!.split('&')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return { ok: false, detail: `token part ${JSON.stringify(part.slice(0, 40))} is not name=value` };
    const name = part.slice(0, eq);
    if (fields.has(name)) return { ok: false, detail: `field ${name} appears twice` };
    fields.set(name, part.slice(eq + 1));
  }
  const missing = SAS_FIELDS.filter((f) => !fields.has(f));
  if (missing.length) return { ok: false, detail: `the token lacks ${missing.join(', ')}` };
  if (!/^\d+$/.test(fields.get('se')!)) return { ok: false, detail: `se ${JSON.stringify(fields.get('se'))} is not whole Unix seconds` };
  let sig: string;
  let sr: URL;
  try {
    sig = decodeURIComponent(fields.get('sig')!);
    sr = new URL(decodeURIComponent(fields.get('sr')!));
  } catch {
    return { ok: false, detail: 'sr or sig does not percent-decode to a URI and a base64 signature' };
  }
  if (Buffer.from(sig, 'base64').length !== 32 || !/^[A-Za-z0-9+/]{43}=$/.test(sig)) return { ok: false, detail: 'sig is not the base64 of a 32-byte HMAC-SHA256' };
  const want = new URL(resource);
  if (!/^https?:$/.test(sr.protocol) || sr.host.toLowerCase() !== want.host.toLowerCase()) return { ok: false, detail: `sr names ${sr.href}, not a resource on ${want.host}` };
  const have = pathSegments(sr);
  const need = pathSegments(want);
  if (have.length > need.length || have.some((s, i) => s !== need[i])) return { ok: false, detail: `sr names ${sr.href}, which neither is nor contains ${want.href}` };
  const scope = have.length === need.length ? 'the resource itself' : have.length === 0 ? 'the namespace root, which contains the resource' : 'a parent of the resource';
  return { ok: true, detail: `a SharedAccessSignature token whose sr (${sr.protocol}) names ${scope}, rule ${decodeURIComponent(fields.get('skn')!)}` };
}

export const sas: AuthPlugin<SasCredentials> = {
  inspect,
  catalog: sasCatalog,
  sign,
  resource,
  sample: {
    baseUrl: 'https://ruleprobe-sample.servicebus.windows.net',
    credentials: { scheme: 'sas', keyName: 'DefaultFullSharedAccessSignature', key: 'sample-key-not-a-secret' },
  },
  secretHeaders: () => ['authorization'],
  redact: (_header, value) => redactAuthorizationParts(value),
};
