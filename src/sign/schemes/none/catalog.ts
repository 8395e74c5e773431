/** An operation that takes no credentials: what a spec and a target config may say (nothing). */
import type { SchemeCatalogEntry } from '../../scheme.js';

const NOTHING = 'the operation takes no credentials, so a request has none to get wrong';

export const noneCatalog: SchemeCatalogEntry = {
  name: 'none',
  title: 'No credentials',
  options: { properties: {} },
  // No header of its own: every header the spec declares is the generators' to vary.
  header: () => '',
  credentials: { properties: {} },
  variants: { valid: 1 },
  unlike: Object.fromEntries(
    ['missing', 'empty', 'wrong-key', 'wrong-scheme', 'malformed', 'expired', 'wrong-resource', 'missing-field', 'unknown-key-id', 'bad-signature', 'clock-skew'].map((v) => [v, NOTHING]),
  ),
};
