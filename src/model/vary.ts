/**
 * Variations a rule may ask of an otherwise valid request (`stimulus: { valid: { vary: [...] } }`).
 * Tokens are `key` or `key=value`. Tokens with the same key are alternatives — one case each;
 * tokens with different keys are applied together. The loader rejects unknown tokens.
 */
export const VARY: Record<string, { values: readonly string[] | 'any' | null; description: string }> = {
  'with-attributes': { values: null, description: 'the request carries message attributes of every data type' },
  'without-attributes': { values: null, description: 'the request carries no message attributes' },
  'without-fifo-parameters': { values: null, description: 'no MessageGroupId / MessageDeduplicationId' },
  'same-group': { values: null, description: 'every request of a sequence uses one MessageGroupId' },
  'same-deduplication-id': { values: null, description: 'every request of a sequence uses one MessageDeduplicationId' },
  body: {
    values: ['xml', 'json', 'text', 'apns-json', 'gcm-json', 'wns-xml', 'mpns-xml', 'adm-json', 'baidu-json', 'nokiax-json'],
    description: 'the body (or message body) is of this kind',
  },
  description: { values: ['text', 'xml', 'unicode'], description: 'the Atom entry description is plain text, nested XML, or text across Unicode' },
  direct: { values: ['bare', 'true'], description: 'the direct flag is written ?direct or ?direct=true' },
  'sr-hex': { values: ['lower', 'upper'], description: 'SAS sr is percent-encoded with lower- or upper-case hex' },
  'field-order': { values: ['sr-first', 'sig-first'], description: 'SAS token fields in this order' },
  'wns-raw': { values: null, description: 'windows format with X-WNS-Type: wns/raw, application/octet-stream and a raw body' },
  tags: { values: ['single-tag'], description: 'ServiceBusNotification-Tags holds one tag identifier' },
  'content-type': { values: 'any', description: 'the Content-Type header is exactly this value' },
};

export interface VaryToken {
  key: string;
  value?: string;
}

/** Parses one token; returns a message for an unknown key or value. */
export function parseVary(token: string): VaryToken | string {
  const eq = token.indexOf('=');
  const key = eq < 0 ? token : token.slice(0, eq);
  const value = eq < 0 ? undefined : token.slice(eq + 1);
  const entry = VARY[key];
  if (!entry) return `unknown variation "${key}"; known: ${Object.keys(VARY).join(', ')}`;
  if (entry.values === null && value !== undefined) return `variation "${key}" takes no value`;
  if (entry.values !== null && value === undefined) return `variation "${key}" needs a value`;
  if (Array.isArray(entry.values) && value !== undefined && !entry.values.includes(value)) {
    return `variation "${key}" takes ${entry.values.join(', ')}, got "${value}"`;
  }
  return value === undefined ? { key } : { key, value };
}

/** The combinations a vary list asks for: the cartesian product of its keys' alternatives. */
export function varyCombinations(tokens: readonly string[]): VaryToken[][] {
  const byKey = new Map<string, VaryToken[]>();
  for (const t of tokens) {
    const v = parseVary(t);
    if (typeof v === 'string') throw new Error(v);
    byKey.set(v.key, [...(byKey.get(v.key) ?? []), v]);
  }
  let combos: VaryToken[][] = [[]];
  for (const alternatives of byKey.values()) combos = combos.flatMap((c) => alternatives.map((a) => [...c, a]));
  return combos;
}
