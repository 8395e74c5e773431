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
 * parameters with equal values. Names and values compare case-insensitively (charset values
 * are, RFC 9110 §8.3.2, and so is Atom's `type=entry`, RFC 5023 §7.1); quoting, spaces and
 * parameter order do not count. A parameter one side has and the other lacks is a difference.
 */
export function sameMediaType(documented: string, actual: string): boolean {
  const a = parseMediaType(documented);
  const b = parseMediaType(actual);
  if (!a || !b || a.essence !== b.essence || a.parameters.size !== b.parameters.size) return false;
  for (const [name, value] of a.parameters) {
    const other = b.parameters.get(name);
    if (other === undefined || other.toLowerCase() !== value.toLowerCase()) return false;
  }
  return true;
}
