/**
 * Media types as RFC 9110 §8.3.1 writes them: `type "/" subtype *( OWS ";" OWS [ parameter ] )`,
 * a parameter being `token "=" ( token / quoted-string )`. Type, subtype and parameter names are
 * case-insensitive; spaces around `;` and the order of parameters carry no meaning.
 */

export interface MediaType {
  /** `type/subtype`, lower-cased. */
  essence: string;
  /** Parameter names lower-cased; values as written, quoted strings unquoted. */
  params: Map<string, string>;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const TOKEN_CHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const OWS = /[ \t]/;

/** The media type in `value`, or null when it is not one (or names a parameter twice). */
export function parseMediaType(value: string): MediaType | null {
  const s = value;
  let i = 0;
  const skipOws = (): void => {
    while (i < s.length && OWS.test(s[i]!)) i++;
  };
  const token = (): string => {
    const start = i;
    while (i < s.length && TOKEN_CHAR.test(s[i]!)) i++;
    return s.slice(start, i);
  };
  skipOws();
  const type = token();
  if (!type || s[i] !== '/') return null;
  i++;
  const subtype = token();
  if (!subtype) return null;
  const params = new Map<string, string>();
  skipOws();
  while (i < s.length) {
    if (s[i] !== ';') return null;
    i++;
    skipOws();
    if (i >= s.length || s[i] === ';') continue;
    const name = token().toLowerCase();
    if (!name || s[i] !== '=') return null;
    i++;
    let v: string;
    if (s[i] === '"') {
      i++;
      v = '';
      for (;;) {
        if (i >= s.length) return null;
        const c = s[i]!;
        if (c === '"') {
          i++;
          break;
        }
        if (c === '\\') {
          if (i + 1 >= s.length) return null;
          v += s[i + 1];
          i += 2;
          continue;
        }
        // qdtext: HTAB, SP, %x21, %x23-5B, %x5D-7E, obs-text
        if (c !== '\t' && (c < ' ' || c === '\x7f')) return null;
        v += c;
        i++;
      }
    } else {
      v = token();
      if (!TOKEN.test(v)) return null;
    }
    if (params.has(name)) return null;
    params.set(name, v);
    skipOws();
  }
  return { essence: `${type}/${subtype}`.toLowerCase(), params };
}

/**
 * Whether `value` is the media type `essence` with exactly the parameters `params` (names and
 * values compared case-insensitively: `type` takes the tokens entry/feed, RFC 5023 §7.1, and
 * charset names are case-insensitive, RFC 9110 §8.3.2).
 */
export function isMediaType(value: string, essence: string, params: Record<string, string>): boolean {
  const m = parseMediaType(value);
  if (!m || m.essence !== essence.toLowerCase()) return false;
  const want = Object.entries(params);
  if (m.params.size !== want.length) return false;
  return want.every(([k, v]) => m.params.get(k.toLowerCase())?.toLowerCase() === v.toLowerCase());
}
