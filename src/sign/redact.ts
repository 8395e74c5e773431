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

/**
 * Any run of this many characters of a secret (key material: a key, a signature, a MAC) is cut
 * wherever it occurs. Where a text was cut short — at its start or end, or at an ellipsis — as few
 * as `MIN_EDGE` characters of a secret's start or end are cut as well, so a quote that stops
 * inside a secret leaves at most `MIN_EDGE - 1` of its characters. Shorter secrets are cut whole.
 */
export const MIN_FRAGMENT = 12;
export const MIN_EDGE = 4;

/** Characters of key material (base64, base64url, hex, percent-encoding's unreserved set). */
const TOKEN = /^[A-Za-z0-9+/=_.~-]+$/;
/** Pieces of a longer secret (an SWT's claims) that are key material of their own: its MAC. */
const PIECE_SPLIT = /[^A-Za-z0-9+/_.~-]+/;
const MIN_PIECE = 16;

/** Percent-decoded where a `%HH` occurs; anything else kept as it is. */
function percentDecoded(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s.replace(/%([0-9a-fA-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
}

/**
 * The base64 (standard and URL alphabets) characters that depend on the secret's bytes alone, at
 * each of the three alignments it can have inside a longer encoded text: the base64 of the secret,
 * of a header that holds it, of a whole echoed request.
 */
function base64Spellings(s: string): string[] {
  const bytes = Buffer.from(s, 'utf8');
  const out: string[] = [];
  for (let k = 0; k < 3; k++) {
    const b64 = Buffer.concat([Buffer.alloc(k), bytes]).toString('base64').replace(/=+$/, '');
    const inner = b64.slice(Math.ceil((8 * k) / 6), Math.floor((8 * (k + bytes.length)) / 6));
    out.push(inner, inner.replaceAll('+', '-').replaceAll('/', '_'));
  }
  return out;
}

/** One character as compared: ASCII case folded, and a space as `+` (a form decoder's reading of it). */
function fold(c: string): string {
  if (c === ' ') return '+';
  const code = c.charCodeAt(0);
  return code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 0x20) : c;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const PERCENT = /%(?:25)?([0-9a-fA-F]{2})/y;
const BACKSLASH = /\\(?:u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|([/\\"'+=]))/y;
const ENTITY = /&(?:amp;)?(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|(amp|lt|gt|quot|apos));/y;

/**
 * `text` read as the characters it spells: `%2B`, `%2b` and `%252B`, `\u002b`, `\/`, `&#43;`,
 * `&#x2B;`, `&amp;` each as the one character they stand for. Each character remembers where it
 * came from in `text`, so what matches can be cut from the text as written.
 */
function spelledOut(text: string): { chars: string; from: number[] } {
  let chars = '';
  const from: number[] = [];
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    let decoded: string | undefined;
    let len = 1;
    const re = c === '%' ? PERCENT : c === '\\' ? BACKSLASH : c === '&' ? ENTITY : undefined;
    if (re) {
      re.lastIndex = i;
      const m = re.exec(text);
      if (m) {
        len = m[0].length;
        if (re === ENTITY) decoded = m[3] ? NAMED[m[3]]! : String.fromCodePoint(Math.min(0x10ffff, m[1] ? Number(m[1]) : parseInt(m[2]!, 16)));
        else decoded = m[3] ?? String.fromCharCode(parseInt(m[1] ?? m[2]!, 16));
      }
    }
    const d = decoded ?? c;
    for (let k = 0; k < d.length; k++) {
      chars += fold(d[k]!);
      from.push(i);
    }
    i += len;
  }
  from.push(text.length);
  return { chars, from };
}

/**
 * A function that cuts every secret out of a text, in every spelling it may come back in: as
 * sent, percent-decoded or percent-encoded (either hex case, or twice), JSON-string-escaped
 * (`\/`, `\u002b`), XML/HTML-entity-escaped (`&amp;`, `&#43;`, `&#x2B;`), in either letter case,
 * with `+` read as a space, and in base64 (standard or URL alphabet) at any alignment, alone or
 * inside the base64 of a longer text. Key material is cut wherever `MIN_FRAGMENT` characters of
 * it occur; a longer secret that is not key material (an SWT) is cut whole, and its key-material
 * pieces (the MAC) by fragment. Each cut becomes one `[redacted]`.
 */
export function secretScrubber(secrets: readonly string[]): (text: string) => string {
  const grams = new Set<string>();
  const wholes = new Set<string>();
  const edges = new Set<string>();
  const addFolded = (s: string): void => {
    const f = spelledOut(s).chars;
    if (f.length === 0) return;
    if (f.length >= MIN_EDGE && TOKEN.test(s)) edges.add(f);
    if (f.length < MIN_FRAGMENT || !TOKEN.test(s)) {
      wholes.add(f);
      return;
    }
    for (let i = 0; i + MIN_FRAGMENT <= f.length; i++) grams.add(f.slice(i, i + MIN_FRAGMENT));
  };
  /** Every `MIN_EDGE` characters of a secret: a cut next to anything else needs no closer look. */
  const edgeGrams = new Set<string>();
  const startBefore = (chars: string, end: number): number => {
    if (end < MIN_EDGE || !edgeGrams.has(chars.slice(end - MIN_EDGE, end))) return 0;
    let best = 0;
    for (const e of edges) for (let n = Math.min(e.length - 1, end); n >= MIN_EDGE && n > best; n--) if (e.startsWith(chars.slice(end - n, end))) best = n;
    return best;
  };
  /** How many characters after `start` are the end of a secret (`MIN_EDGE` at least), else 0. */
  const endAfter = (chars: string, start: number): number => {
    if (!edgeGrams.has(chars.slice(start, start + MIN_EDGE))) return 0;
    let best = 0;
    for (const e of edges) for (let n = Math.min(e.length - 1, chars.length - start); n >= MIN_EDGE && n > best; n--) if (e.endsWith(chars.slice(start, start + n))) best = n;
    return best;
  };
  const keyMaterial = (s: string): void => {
    addFolded(s);
    if (s.length >= MIN_FRAGMENT) for (const b of base64Spellings(s)) if (b.length >= MIN_FRAGMENT) addFolded(b);
  };
  for (const secret of new Set(secrets)) {
    if (secret === '') continue;
    const decoded = percentDecoded(secret);
    for (const form of new Set([secret, decoded])) keyMaterial(form);
    // A secret that is not key material as a whole (an SWT: claims and a MAC): its random pieces are.
    if (!TOKEN.test(decoded)) {
      for (const part of decoded.split(PIECE_SPLIT)) {
        const piece = part.replace(/^[A-Za-z0-9]*=(?=[^=])/, '');
        if (piece.length >= MIN_PIECE && /[0-9]/.test(piece) && /[a-z]/.test(piece) && /[A-Z]/.test(piece)) keyMaterial(piece);
      }
    }
  }
  for (const e of edges) for (let i = 0; i + MIN_EDGE <= e.length; i++) edgeGrams.add(e.slice(i, i + MIN_EDGE));
  if (grams.size === 0 && wholes.size === 0) return (text) => text;
  return (text) => {
    if (text === '') return text;
    const { chars, from } = spelledOut(text);
    const cut = new Uint8Array(chars.length);
    let any = false;
    for (let i = 0; i + MIN_FRAGMENT <= chars.length; i++) {
      if (grams.has(chars.slice(i, i + MIN_FRAGMENT))) {
        cut.fill(1, i, i + MIN_FRAGMENT);
        any = true;
      }
    }
    // Where the text was cut: its two ends and each ellipsis.
    const cuts: Array<[number, number]> = [[0, chars.length]];
    for (const m of chars.matchAll(/\u2026|\.\.\./g)) cuts.push([m.index + m[0].length, m.index]);
    for (const [after, before] of cuts) {
      const head = endAfter(chars, after);
      const tail = startBefore(chars, before);
      if (head) cut.fill(1, after, after + head);
      if (tail) cut.fill(1, before - tail, before);
      any ||= head > 0 || tail > 0;
    }
    for (const w of wholes) {
      for (let at = chars.indexOf(w); at >= 0; at = chars.indexOf(w, at + 1)) {
        cut.fill(1, at, at + w.length);
        any = true;
      }
    }
    if (!any) return text;
    let out = '';
    for (let i = 0; i < chars.length; ) {
      if (!cut[i]) {
        const start = i;
        while (i < chars.length && !cut[i]) i++;
        out += text.slice(from[start], from[i]);
      } else {
        while (i < chars.length && cut[i]) i++;
        out += REDACTED;
      }
    }
    return out;
  };
}

const scrubbers = new Map<string, (text: string) => string>();

/** `secretScrubber(secrets)`, built once for a few recent sets: a failure's texts are scrubbed one after another with one set. */
export function scrubberFor(secrets: readonly string[]): (text: string) => string {
  if (secrets.length === 0) return (text) => text;
  const key = secrets.join('\0');
  let scrub = scrubbers.get(key);
  if (!scrub) {
    scrub = secretScrubber(secrets);
    if (scrubbers.size >= 64) scrubbers.delete(scrubbers.keys().next().value!);
    scrubbers.set(key, scrub);
  }
  return scrub;
}

/** `text` with every secret cut out, in every spelling (see `secretScrubber`). */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  return text === '' ? text : scrubberFor(secrets)(text);
}
