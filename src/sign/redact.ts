/**
 * Authorization values made safe for reports and curl lines. Only fields known to be public stay
 * visible; everything else, including anything unrecognised, becomes `[redacted]`, so a malformed
 * header the redactor does not understand leaks nothing.
 */

export const REDACTED = '[redacted]';

/** Headers whose whole value, or parts of it, are secret. */
const SECRET_HEADERS = new Set(['authorization', 'x-amz-security-token']);

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
function redactFields(list: string, separator: RegExp, visible: ReadonlySet<string>): string {
  return list
    .split(separator)
    .map((part, i) => {
      // split() with a capturing group puts the separators at the odd indexes.
      if (i % 2 === 1 || part === '') return part;
      const eq = part.indexOf('=');
      const name = eq > 0 ? part.slice(0, eq).trim().toLowerCase() : '';
      if (visible.has(name)) return part;
      return SECRET_FIELDS.has(name) ? `${part.slice(0, eq)}=${REDACTED}` : REDACTED;
    })
    .join('');
}

/** WRAP and Bearer: the `access_token=` name and the quotes stay, the token goes. */
function redactOpaque(rest: string): string {
  const quote = '(?:"|\u201d|\u00e2\u0080\u009d)';
  const m = new RegExp(`^(access_token=)?(${quote})?([\\s\\S]*?)(${quote})?$`, 'i').exec(rest);
  if (!m || (m[3] ?? '') === '') return rest === '' ? '' : REDACTED;
  return `${m[1] ?? ''}${m[2] ?? ''}${REDACTED}${m[4] ?? ''}`;
}

function redactLayout(rest: string, layout: Layout): string {
  switch (layout) {
    case 'sas-fields':
      return redactFields(rest, /([&,]\s*)/, PUBLIC_SAS_FIELDS);
    case 'sigv4-fields':
      return redactFields(rest, /(,\s*)/, PUBLIC_SIGV4_FIELDS);
    case 'opaque':
      return redactOpaque(rest);
  }
}

/** One Authorization value, redacted. */
export function redactAuthorizationValue(value: string): string {
  if (value.trim() === '') return value;
  const m = /^(\s*)(\S+)(\s+)([\s\S]*)$/.exec(value);
  // One word: a bare SAS field list (the no-scheme-word form) or an opaque secret.
  if (!m) return redactFields(value, /([&,]\s*)/, PUBLIC_SAS_FIELDS);
  const [, lead = '', scheme = '', gap = '', rest = ''] = m;
  const layout = SCHEMES[scheme.toLowerCase()];
  return layout === undefined ? REDACTED : `${lead}${scheme}${gap}${redactLayout(rest, layout)}`;
}

/**
 * A copy of the headers with secrets replaced by `[redacted]`, the scheme word and public fields
 * kept: `SharedAccessSignature sr=…&sig=[redacted]&se=…&skn=…`,
 * `AWS4-HMAC-SHA256 Credential=AKID/…, SignedHeaders=…, Signature=[redacted]`,
 * `WRAP access_token="[redacted]"`.
 */
export function redactAuthorization(headers: ReadonlyArray<readonly [string, string]>): Array<[string, string]> {
  return headers.map(([name, value]): [string, string] => {
    const lower = name.toLowerCase();
    if (!SECRET_HEADERS.has(lower)) return [name, value];
    return [name, lower === 'authorization' ? redactAuthorizationValue(value) : value === '' ? '' : REDACTED];
  });
}
