/**
 * Media types (RFC 9110 §8.3.1), parsed and compared: shared by the checks, which judge
 * response headers, and the generators, which pick and vary Content-Type values.
 */

export interface MediaType {
  /** `type/subtype`, lowercased. */
  essence: string;
  /** Parameters by lowercased name; values unquoted. */
  parameters: Map<string, string>;
}

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const ESSENCE = new RegExp(`^(${TOKEN})/(${TOKEN})$`);
const PARAMETER = new RegExp(`^(${TOKEN})=(?:(${TOKEN})|"((?:[^"\\\\]|\\\\.)*)")$`);

/** RFC 9110 §8.3.1 media type; undefined when it does not parse or repeats a parameter. */
export function parseMediaType(value: string): MediaType | undefined {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '"') quoted = !quoted;
    else if (c === '\\' && quoted && i + 1 < value.length) {
      current += c + value[++i]!;
      continue;
    }
    if (c === ';' && !quoted) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  if (quoted) return undefined;
  parts.push(current);
  const m = ESSENCE.exec(parts[0]!.trim());
  if (!m) return undefined;
  const parameters = new Map<string, string>();
  for (const raw of parts.slice(1)) {
    const p = raw.trim();
    if (p === '') continue;
    const pm = PARAMETER.exec(p);
    if (!pm) return undefined;
    const name = pm[1]!.toLowerCase();
    if (parameters.has(name)) return undefined;
    parameters.set(name, pm[2] ?? pm[3]!.replace(/\\(.)/g, '$1'));
  }
  return { essence: `${m[1]}/${m[2]}`.toLowerCase(), parameters };
}

/**
 * Two media types are the same when type/subtype are equal and they carry the same set of
 * parameters with equal values: `matchesMediaType(documented, actual, 'exact')`.
 */
export function sameMediaType(documented: string, actual: string): boolean {
  return matchesMediaType(documented, actual, 'exact');
}

/**
 * How a documented media type matches a value (spec `match:` / a field value's `mediaType:`):
 * - `exact`: the same type/subtype and the same set of parameters with equal values;
 * - `listed`: the same type/subtype, and every parameter the document lists present with its
 *   value; other parameters allowed;
 * - `charset-optional`: as `listed`, except that a missing charset is fine too (a charset that
 *   is present must still have the listed value).
 * Type, subtype and parameter names compare case-insensitively (RFC 9110 §8.3.1); so do the
 * values, as for charset (§8.3.2) and Atom's `type=entry` (RFC 5023 §7.1); quoting, spaces and
 * parameter order never count.
 */
export const MEDIA_TYPE_MATCHES = ['exact', 'listed', 'charset-optional'] as const;
export type MediaTypeMatch = (typeof MEDIA_TYPE_MATCHES)[number];

/** Whether `actual` is the `documented` media type under `match`; false when either does not parse. */
export function matchesMediaType(documented: string, actual: string, match: MediaTypeMatch): boolean {
  const a = parseMediaType(documented);
  const b = parseMediaType(actual);
  if (!a || !b || a.essence !== b.essence) return false;
  if (match === 'exact' && a.parameters.size !== b.parameters.size) return false;
  for (const [name, value] of a.parameters) {
    const other = b.parameters.get(name);
    if (other === undefined && match === 'charset-optional' && name === 'charset') continue;
    if (other === undefined || other.toLowerCase() !== value.toLowerCase()) return false;
  }
  return true;
}
