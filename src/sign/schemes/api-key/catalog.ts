/** An API key in a header the spec names (`X-Api-Key`): what a spec and a target config may say. */
import { HEADER_NAME, SECRET, type SchemeCatalogEntry } from '../../scheme.js';

export const API_KEY_VARIANTS = ['valid', 'missing', 'empty', 'wrong-key'] as const;
export type ApiKeyVariant = (typeof API_KEY_VARIANTS)[number];

const OPAQUE = 'an API key is one opaque value in its header';

export const apiKeyCatalog: SchemeCatalogEntry = {
  name: 'api-key',
  title: 'API key in a request header the spec names, from the environment',
  options: { properties: { header: HEADER_NAME }, required: ['header'] },
  header: (options) => String(options['header']),
  credentials: { properties: { key: SECRET }, required: ['key'] },
  variants: Object.fromEntries(API_KEY_VARIANTS.map((v) => [v, 1])),
  unlike: {
    'wrong-scheme': `${OPAQUE}, with no scheme word to get wrong`,
    malformed: `${OPAQUE}, with no framing to break; a value that is not the key is the wrong-key variant`,
    expired: `${OPAQUE}; the harness cannot re-date it`,
    'wrong-resource': `${OPAQUE}; the harness cannot re-address it`,
    'unknown-key-id': `${OPAQUE}; a key that is not the configured one is the wrong-key variant`,
    'bad-signature': `${OPAQUE}; it carries no signature`,
    'missing-field': `${OPAQUE}, with no fields to leave out`,
    'clock-skew': `${OPAQUE}; it carries no signing time`,
  },
};
