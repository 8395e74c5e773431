/**
 * Variations a rule may ask of an otherwise valid request (`stimulus: { valid: { vary: [...] } }`).
 * Tokens are `key` or `key=value`. Tokens with the same key are alternatives — one case each;
 * tokens with different keys are applied together. The loader rejects unknown tokens.
 *
 * Besides the catalog below, a token may name what the spec itself declares:
 *  - `<field slug>=<value>`: that header, query parameter or parameter is exactly this value
 *    (a flag field takes `bare`, written without a value, or the value to write);
 *  - a token of the operation's protocol family (the family catalog's `vary`: `body=…`,
 *    `description=…`, a declared platform variant);
 *  - a style of its auth scheme (`sr-hex=upper`): an equivalent spelling of a valid token.
 *
 * A valid request without tokens is spelled canonically throughout; every equivalent spelling
 * (header-name case here, a media type's spelling as a field token, the family's body encoding,
 * the auth scheme's token styles) is sent only by a rule whose vary tokens name it.
 */
export interface VaryEntry {
  values: readonly string[] | 'any' | null;
  description: string;
}

/** The vary key that names every request header in one letter case. */
export const HEADER_NAMES = 'header-names';

export const VARY: Record<string, VaryEntry> = {
  [HEADER_NAMES]: { values: ['lower', 'upper'], description: 'every header the request carries named in lower or upper case (content-type, CONTENT-TYPE) instead of as declared' },
  'without-fifo-parameters': { values: null, description: 'no parameter that applies only to the entity kind the request goes to (the FIFO parameters of a FIFO queue)' },
  'same-group': { values: null, description: 'every request of a sequence carries one value of the field with role group-id' },
  'interleaved-groups': { values: null, description: 'the requests of a sequence take turns between two values of the field with role group-id (A B A B …)' },
  'same-deduplication-id': { values: null, description: 'every request of a sequence carries one value of the field with role deduplication-id' },
};

/** The value a flag field's vary token takes to be written bare (`?direct`). */
export const BARE_FLAG = 'bare';

/** What else vary tokens may name for one operation: its fields by slug, and its protocol family's tokens. */
export interface VaryScope {
  fields: ReadonlyArray<{ slug: string; type: string }>;
  family: Readonly<Record<string, VaryEntry>>;
  /** The auth scheme's token styles. */
  auth?: Readonly<Record<string, { values: readonly string[]; description: string }>>;
}

export interface VaryToken {
  key: string;
  value?: string;
  /** The token names a declared field by its slug; `value` is what the field is set to. */
  field?: true;
}

/** Parses one token; returns a message for an unknown key or value. */
export function parseVary(token: string, scope: VaryScope = { fields: [], family: {} }): VaryToken | string {
  const eq = token.indexOf('=');
  const key = eq < 0 ? token : token.slice(0, eq);
  const value = eq < 0 ? undefined : token.slice(eq + 1);
  const auth = scope.auth ?? {};
  const entry = Object.hasOwn(VARY, key) ? VARY[key] : Object.hasOwn(scope.family, key) ? scope.family[key] : Object.hasOwn(auth, key) ? auth[key] : undefined;
  if (!entry) {
    const field = scope.fields.find((f) => f.slug === key);
    if (field) return value === undefined ? `field variation "${key}" needs a value (${key}=…)` : { key, value, field: true };
    const known = [...Object.keys(VARY), ...Object.keys(scope.family), ...Object.keys(auth), ...scope.fields.map((f) => `${f.slug}=…`)];
    return `unknown variation "${key}"; known: ${known.join(', ')}`;
  }
  if (entry.values === null && value !== undefined) return `variation "${key}" takes no value`;
  if (entry.values !== null && value === undefined) return `variation "${key}" needs a value`;
  if (Array.isArray(entry.values) && value !== undefined && !entry.values.includes(value)) {
    return `variation "${key}" takes ${entry.values.join(', ')}, got "${value}"`;
  }
  return value === undefined ? { key } : { key, value };
}

/** The combinations a vary list asks for: the cartesian product of its keys' alternatives. */
export function varyCombinations(tokens: readonly string[], scope?: VaryScope): VaryToken[][] {
  const byKey = new Map<string, VaryToken[]>();
  for (const t of tokens) {
    const v = parseVary(t, scope);
    if (typeof v === 'string') throw new Error(v);
    byKey.set(v.key, [...(byKey.get(v.key) ?? []), v]);
  }
  let combos: VaryToken[][] = [[]];
  for (const alternatives of byKey.values()) combos = combos.flatMap((c) => alternatives.map((a) => [...c, a]));
  return combos;
}
