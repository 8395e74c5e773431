/**
 * Header values made safe for reports and curl lines. Only fields known to be public stay
 * visible; everything else, including anything unrecognised, becomes `[redacted]`, so a malformed
 * header the redactor does not understand leaks nothing. Every redaction also returns the parts
 * it cut out, so the same secrets can be cut from anything else a report records (a response
 * that echoes the token back).
 */
import type { Redaction } from './scheme.js';

export const REDACTED = '[redacted]';

/** Headers whose whole value, or parts of it, are secret whatever the spec's scheme. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'x-amz-security-token']);

/** Fields shown as they are: they name a resource, a time, a rule or a key id, never a secret. */
const PUBLIC_SAS_FIELDS = new Set(['sr', 'se', 'skn']);
const PUBLIC_SIGV4_FIELDS = new Set(['credential', 'signedheaders']);
/** Secret fields whose name is still worth showing; any other unknown part is redacted whole. */
const SECRET_FIELDS = new Set(['sig', 'signature']);

type Layout = 'sas-fields' | 'sigv4-fields' | 'opaque';

/** Scheme words the signers write (and Bearer); an unknown word might itself be a secret. */
const SCHEMES: Record<string, Layout> = {
  sharedaccesssignature: 'sas-fields',
  // The misspelt-scheme-word malformed form still carries SAS fields.
  sharedaccesskey: 'sas-fields',
  'aws4-hmac-sha256': 'sigv4-fields',
  wrap: 'opaque',
  bearer: 'opaque',
};

/** Keeps public `name=value` fields of a parameter list, redacts the rest; separators are kept. */
function redactFields(list: string, separator: RegExp, visible: ReadonlySet<string>, cut: string[]): string {
  return list
    .split(separator)
    .map((part, i) => {
      // split() with a capturing group puts the separators at the odd indexes.
      if (i % 2 === 1 || part === '') return part;
      const eq = part.indexOf('=');
      const name = eq > 0 ? part.slice(0, eq).trim().toLowerCase() : '';
      if (visible.has(name)) return part;
      if (SECRET_FIELDS.has(name)) {
        cut.push(part.slice(eq + 1));
        return `${part.slice(0, eq)}=${REDACTED}`;
      }
      cut.push(part);
      return REDACTED;
    })
    .join('');
}

/** WRAP and Bearer: the `access_token=` name and the quotes stay, the token goes. */
function redactOpaque(rest: string, cut: string[]): string {
  const quote = '(?:"|\u201d|\u00e2\u0080\u009d)';
  const m = new RegExp(`^(access_token=)?(${quote})?([\\s\\S]*?)(${quote})?$`, 'i').exec(rest);
  if (!m || (m[3] ?? '') === '') {
    if (rest === '') return '';
    cut.push(rest);
    return REDACTED;
  }
  cut.push(m[3]!);
  return `${m[1] ?? ''}${m[2] ?? ''}${REDACTED}${m[4] ?? ''}`;
}

function redactLayout(rest: string, layout: Layout, cut: string[]): string {
  switch (layout) {
    case 'sas-fields':
      return redactFields(rest, /([&,]\s*)/, PUBLIC_SAS_FIELDS, cut);
    case 'sigv4-fields':
      return redactFields(rest, /(,\s*)/, PUBLIC_SIGV4_FIELDS, cut);
    case 'opaque':
      return redactOpaque(rest, cut);
  }
}

/**
 * An Authorization value of any layout the signers write (SAS fields, SigV4 fields, an opaque
 * WRAP or Bearer token), redacted: the scheme word and public fields stay.
 */
export function redactAuthorizationParts(value: string): Redaction {
  const cut: string[] = [];
  if (value.trim() === '') return { value, cut };
  const m = /^(\s*)(\S+)(\s+)([\s\S]*)$/.exec(value);
  // One word: a bare SAS field list (the no-scheme-word form) or an opaque secret.
  if (!m) return { value: redactFields(value, /([&,]\s*)/, PUBLIC_SAS_FIELDS, cut), cut };
  const [, lead = '', scheme = '', gap = '', rest = ''] = m;
  const layout = SCHEMES[scheme.toLowerCase()];
  if (layout === undefined) return { value: REDACTED, cut: [value] };
  return { value: `${lead}${scheme}${gap}${redactLayout(rest, layout, cut)}`, cut };
}

/** One Authorization value, redacted. */
export function redactAuthorizationValue(value: string): string {
  return redactAuthorizationParts(value).value;
}

/**
 * `<word> <token>` where only the listed scheme words may stay visible (`Bearer [redacted]`,
 * `Basic [redacted]`); any other value, a single word included, is redacted whole — a token that
 * happens to look like SAS fields shows nothing.
 */
export function redactWordAndToken(value: string, words: ReadonlySet<string>): Redaction {
  if (value === '') return { value, cut: [] };
  const m = /^(\s*)(\S+)(\s+)([\s\S]*)$/.exec(value);
  if (!m || !words.has(m[2]!.toLowerCase())) return { value: REDACTED, cut: [value] };
  const cut: string[] = [];
  return { value: `${m[1]}${m[2]}${m[3]}${redactOpaque(m[4]!, cut)}`, cut };
}

/** A value that is secret as a whole (an API key); an empty value stays empty. */
export function redactWhole(value: string): Redaction {
  return value === '' ? { value, cut: [] } : { value: REDACTED, cut: [value] };
}

/** Redaction of a header that is secret whatever the scheme (`Authorization`, `X-Amz-Security-Token`), or undefined. */
export function redactKnownSecretHeader(name: string, value: string): Redaction | undefined {
  const lower = name.toLowerCase();
  if (!SECRET_HEADERS.has(lower)) return undefined;
  return lower === 'x-amz-security-token' ? redactWhole(value) : redactAuthorizationParts(value);
}

/**
 * A copy of the headers with secrets replaced by `[redacted]`, the scheme word and public fields
 * kept: `SharedAccessSignature sr=…&sig=[redacted]&se=…&skn=…`,
 * `AWS4-HMAC-SHA256 Credential=AKID/…, SignedHeaders=…, Signature=[redacted]`,
 * `WRAP access_token="[redacted]"`. Knows only the headers that are secret under every scheme;
 * `redactRequest` in `index.ts` adds the spec's own (an API key header).
 */
export function redactAuthorization(headers: ReadonlyArray<readonly [string, string]>): Array<[string, string]> {
  return headers.map(([name, value]): [string, string] => [name, redactKnownSecretHeader(name, value)?.value ?? value]);
}

/** The spellings a secret may come back in: as sent, percent-decoded, percent-encoded. */
function spellings(secret: string): string[] {
  const out = new Set([secret]);
  try {
    out.add(decodeURIComponent(secret));
  } catch {
    // Not percent-encoded text; the raw spelling is enough.
  }
  out.add(encodeURIComponent(secret));
  return [...out].filter((s) => s !== '');
}

/**
 * `text` with every occurrence of every secret (in each spelling) replaced by `[redacted]`,
 * longest first so a secret that contains another is cut whole.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  const all = [...new Set(secrets.flatMap(spellings))].sort((a, b) => b.length - a.length);
  if (all.length === 0) return text;
  // One pass, so a short secret never matches inside a `[redacted]` already written.
  const pattern = new RegExp(all.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  return text.replace(pattern, REDACTED);
}
